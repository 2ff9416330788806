/*
 * RD Station with OAuth2 reads every answer, in every runtime of the matrix
 * (n8n 2.30 and 1.123 wipe a thrown answer's `cause`, which is why the
 * transport never lets a status throw): 429 and 503 with Retry-After
 * waited out and retried, RD's three error shapes shown as RD wrote them,
 * an expired token refreshed once for every item that met it, a refused
 * refresh explained, and the credential's Test with an expired token.
 */
import type { IDataObject } from 'n8n-workflow';

import { currentRuntime, deduplicator } from './harness/engine';
import { RD_SANDBOX_APP } from './sandbox/rdstation';
import { jsonOf, NODE, pairedOf, sandboxCredentials, useTestBed, visibleText } from './setup';

jest.setTimeout(120_000);

const bed = useTestBed();
const runtime = currentRuntime();
const store = () => bed.sandbox.stores.rdstation;

const oauthCredentials = () => ({ ...sandboxCredentials(bed.sandbox), rdStationMarketingOAuth2Api: bed.sandbox.rdOAuthCredentialData() });

beforeEach(() => {
	bed.engine.setCredentials(oauthCredentials());
	store().batchRule = 'rejectBatch';
	deduplicator.rows.clear();
});
afterEach(() => bed.sandbox.injectFaults(undefined));

const conversion = (requestOptions: IDataObject = {}) => ({
	type: NODE.rdStation,
	continueOnFail: true,
	parameters: {
		authentication: 'oAuth2',
		resource: 'conversion',
		operation: 'create',
		conversionIdentifier: 'answers',
		email: '={{ $json.email }}',
		requestOptions: { requestsPerMinute: 0, ...requestOptions },
	},
});
const emails = (count: number, prefix: string) => Array.from({ length: count }, (_, index) => ({ email: `${prefix}${index}@example.com` }));
const eventsFor = (prefix: string) => store().events.filter((event) => String(event.payload.email).startsWith(prefix));
const postsFor = (prefix: string) =>
	bed.sandbox.requests('rdstation', 'POST', '/platform/events').filter((entry) => String((entry.body as { payload: IDataObject }).payload.email).startsWith(prefix));

test('30 events against a limit of 5 per 2 s, Requests per Minute 0: RD’s 429s are waited out, all 30 are stored once', async () => {
	bed.sandbox.injectFaults({ providers: ['rdstation'], rateLimit: { requests: 5, windowMs: 2000 } });
	const { items } = await bed.engine.runNode(conversion(), emails(30, 'limited'));
	const limited = postsFor('limited').filter((entry) => entry.status === 429).length;
	console.info(`${runtime}: 30 events, 5 per 2 s: ${limited} answered 429, ${eventsFor('limited').length} stored`);
	expect(jsonOf(items).filter((json) => json.error)).toEqual([]);
	expect(limited).toBeGreaterThan(0);
	expect(eventsFor('limited')).toHaveLength(30);
	expect(new Set(eventsFor('limited').map((event) => event.payload.email)).size).toBe(30);
});

test('503 with Retry-After on a create: waited out, sent once more, stored once', async () => {
	bed.sandbox.script({ provider: 'rdstation', method: 'POST', path: '/platform/events', status: 503, headers: { 'retry-after': '1' }, body: { errors: { error_type: 'SERVICE_UNAVAILABLE', error_message: 'Try again later' } } });
	const { items } = await bed.engine.runNode(conversion(), [{ email: 'unavailable@example.com' }]);
	expect(items[0].json).toMatchObject({ event_uuid: expect.any(String) });
	expect(items[0].json.attempts).toBeUndefined();
	expect(postsFor('unavailable').map((entry) => entry.status)).toEqual([503, 200]);
	expect(eventsFor('unavailable')).toHaveLength(1);
});

test('a 500 on a create: possibly recorded, not sent again', async () => {
	bed.sandbox.script({ provider: 'rdstation', method: 'POST', path: '/platform/events', status: 500, body: { errors: { error_type: 'INTERNAL', error_message: 'Something broke' } } });
	const { items } = await bed.engine.runNode(conversion(), [{ email: 'broken@example.com' }]);
	expect(items[0].json).toMatchObject({ possiblyCreated: true, httpCode: '500' });
	expect(items[0].json.error).toMatch(/^RD Station answered 500 \(Something broke \(INTERNAL\)\) after receiving the request: it may have been recorded/);
	expect(postsFor('broken')).toHaveLength(1);
});

test.each([
	['one error', { errors: { error_type: 'CONFLICTING_FIELD', error_message: 'The email is already used by another contact.' } }, 'RD Station refused the request: The email is already used by another contact. (CONFLICTING_FIELD)'],
	['errors by field', { errors: { email: [{ error_type: 'INVALID_FORMAT', error_message: 'Email is invalid.' }] } }, 'RD Station refused the request: email: Email is invalid. (INVALID_FORMAT)'],
	['a list of errors', { errors: [{ error_type: 'CANNOT_BE_NULL', error_message: 'Cannot be null.', path: '$.payload.name' }] }, 'RD Station refused the request: $.payload.name: Cannot be null. (CANNOT_BE_NULL)'],
])('400 with %s: RD’s own message on the item, nothing possibly created', async (_shape, body, message) => {
	bed.sandbox.script({ provider: 'rdstation', method: 'POST', path: '/platform/events', status: 400, body });
	const { items } = await bed.engine.runNode(conversion(), [{ email: 'refused@example.com' }]);
	expect(items[0].json.error).toBe(message);
	expect(items[0].json.httpCode).toBe('400');
	expect(items[0].json.possiblyCreated).toBeUndefined();
});

test('an access token expired mid-run, 20 items at concurrency 10: one refresh serves them all, every event stored once', async () => {
	store().expireAccessTokens();
	const refreshes = () => store().tokenRequests.filter((request) => request.grant === 'refresh_token').length;
	const before = refreshes();
	const { items } = await bed.engine.runNode(conversion({ concurrency: 10 }), emails(20, 'expired'));
	expect(jsonOf(items).filter((json) => json.error)).toEqual([]);
	expect(refreshes() - before).toBe(1);
	expect(eventsFor('expired')).toHaveLength(20);
	expect(new Set(eventsFor('expired').map((event) => event.payload.email)).size).toBe(20);
	// n8n stored the new token: the next run needs no refresh.
	await bed.engine.runNode(conversion(), emails(3, 'after'));
	expect(refreshes() - before).toBe(1);
});

test('the app’s access revoked (RD refuses the refresh): "connect the account again" on every item, nothing recorded, no secret shown', async () => {
	const credentials = oauthCredentials();
	credentials.rdStationMarketingOAuth2Api.oauthTokenData = { access_token: 'rd_at_revoked_token_value', expires_in: 86400, refresh_token: 'rd_rt_revoked_refresh_value' };
	bed.engine.setCredentials(credentials);
	const { items } = await bed.engine.runNode(conversion(), emails(3, 'revoked'));
	expect(pairedOf(items)).toEqual([0, 1, 2]);
	for (const item of items) {
		expect(item.json.error).toMatch(/^RD Station no longer accepts this connection \(Invalid token\. \(UNAUTHORIZED\)\) and refused to renew it: connect the account again/);
		expect(item.json.possiblyCreated).toBeUndefined();
	}
	expect(eventsFor('revoked')).toHaveLength(0);
	const text = visibleText(items);
	for (const secret of ['rd_at_revoked_token_value', 'rd_rt_revoked_refresh_value', RD_SANDBOX_APP.clientSecret]) expect(text).not.toContain(secret);
});

describe('the credential’s Test', () => {
	test('with an expired access token: n8n 2.x refreshes it and says it works; n8n 1.x, which renews nothing during a Test, says it expired and to reconnect', async () => {
		const data = oauthCredentials().rdStationMarketingOAuth2Api;
		store().expireAccessTokens();
		const result = await bed.engine.testCredential('rdStationMarketingOAuth2Api', data as never);
		if (runtime === '1.123.81') {
			expect(result).toEqual({
				status: 'Error',
				message:
					'RD Station refused the stored access token: it expired (RD’s last 24 hours) or the app’s access was revoked, and this n8n does not renew it during a Test. Click "Connect my account" again; workflows renew an expired token themselves when they run.',
			});
		} else {
			expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		}
		expect(result.message).not.toMatch(/did not come from RD Station’s API/);
	});

	test('with a revoked access (the refresh refused): an error that says to reconnect, never "not RD’s API"', async () => {
		const data = { ...oauthCredentials().rdStationMarketingOAuth2Api, oauthTokenData: { access_token: 'rd_at_gone', expires_in: 86400, refresh_token: 'rd_rt_gone' } };
		const result = await bed.engine.testCredential('rdStationMarketingOAuth2Api', data as never);
		console.info(`${runtime}: Test with a revoked access says: ${result.message}`);
		expect(result.status).toBe('Error');
		expect(result.message).not.toMatch(/did not come from RD Station’s API|Connection successful/);
		// What each n8n shows (the README's table): 2.x's tester reports the refused refresh itself, before any
		// rule of ours can read it — 2.41 by the error's code, 2.30 by the status's text; 1.x reads RD's 401 body.
		const shown: Record<string, RegExp> = {
			'2.41.1': /^ESTATUS$/,
			'2.30.0': /^Authorization failed - please check your credentials$/,
			'1.123.81': /^RD Station refused the stored access token: .* Click "Connect my account" again/,
		};
		expect(result.message).toMatch(shown[runtime]);
	});
});
