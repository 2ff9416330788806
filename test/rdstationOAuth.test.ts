/*
 * RD Station Marketing with OAuth2, through n8n-core and the sandbox (RD's
 * authorization server included): n8n's own token refresh on an expired
 * token, every operation as RD receives it, the account's fields as typed
 * inputs, and batches — sized under 0.2 MB, split when RD refuses one, every
 * good event sent once whatever RD does with a bad one.
 */
import type { IDataObject } from 'n8n-workflow';

import { deduplicator } from './harness/engine';
import { RD_KEY, RD_SANDBOX_APP } from './sandbox/rdstation';
import { oauthCredentials as connectedCredentials, expectStoppedBetweenBatches } from './rdstation/support';
import { jsonOf, NODE, pairedOf, useTestBed, visibleText } from './setup';

jest.setTimeout(120_000);

const bed = useTestBed();

const store = () => bed.sandbox.stores.rdstation;

/** An OAuth2 credential as n8n holds it once "Connect my account" has completed. */
const oauthCredentials = () => connectedCredentials(bed);

beforeEach(() => {
	bed.engine.setCredentials(oauthCredentials());
	store().batchRule = 'rejectBatch';
	deduplicator.rows.clear();
});

const rdNode = (parameters: IDataObject, extra: IDataObject = {}) => ({
	type: NODE.rdStation,
	continueOnFail: true,
	parameters: { authentication: 'oAuth2', requestOptions: { requestsPerMinute: 0 }, ...parameters },
	...extra,
});
const conversion = (parameters: IDataObject = {}) =>
	rdNode({ resource: 'conversion', operation: 'create', conversionIdentifier: '={{ $json.id ?? "signup" }}', email: '={{ $json.email }}', ...parameters });
const emails = (count: number, prefix: string) => Array.from({ length: count }, (_, index) => ({ email: `${prefix}${index}@example.com` }));
const eventsFor = (prefix: string) => store().events.filter((event) => String(event.payload.email).startsWith(prefix));

describe('the OAuth2 credential', () => {
	test('Test reads the account’s fields: OK', async () => {
		const result = await bed.engine.testCredential('rdStationMarketingOAuth2Api', oauthCredentials().rdStationMarketingOAuth2Api as never);
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	test('an expired access token is refreshed by n8n through the shared transport; nothing fails, the new token is kept', async () => {
		store().expireAccessTokens();
		const before = store().tokenRequests.length;
		const { items } = await bed.engine.runNode(conversion(), emails(20, 'refresh'));
		expect(jsonOf(items).filter((json) => json.error)).toEqual([]);
		expect(eventsFor('refresh')).toHaveLength(20);
		const refreshes = store().tokenRequests.slice(before).filter((request) => request.grant === 'refresh_token');
		expect(refreshes.length).toBeGreaterThanOrEqual(1);
		// The refreshed token was stored (as n8n writes it back): a second run needs no refresh.
		const again = store().tokenRequests.length;
		await bed.engine.runNode(conversion(), emails(5, 'refresh2'));
		expect(store().tokenRequests.length).toBe(again);
	});

	test('a token RD no longer accepts, with no way to refresh it: a clear error, no secret shown', async () => {
		const credentials = oauthCredentials();
		credentials.rdStationMarketingOAuth2Api.oauthTokenData = { access_token: 'rd_at_revoked_token_value', expires_in: 86400, refresh_token: 'rd_rt_revoked_refresh_value' };
		bed.engine.setCredentials(credentials);
		const { items } = await bed.engine.runNode(conversion(), [{ email: 'revoked@example.com' }]);
		expect(items[0].json.error).toMatch(/RD Station did not accept the connection|Connect my account/);
		const text = visibleText(items);
		expect(text).not.toContain('rd_at_revoked_token_value');
		expect(text).not.toContain('rd_rt_revoked_refresh_value');
		expect(text).not.toContain(RD_SANDBOX_APP.clientSecret);
	});
});

describe('events with OAuth2', () => {
	test('Conversion → Create goes to /platform/events with the Bearer token, not the API key', async () => {
		const { items } = await bed.engine.runNode(conversion(), [{ email: 'oauth@example.com', id: 'demo-request' }]);
		expect(items[0].json).toEqual({ event_uuid: expect.any(String), event_type: 'CONVERSION', email: 'oauth@example.com', conversion_identifier: 'demo-request' });
		const [request] = bed.sandbox.requests('rdstation', 'POST', '/platform/events').slice(-1);
		expect(request.headers.authorization).toMatch(/^Bearer rd_at_/);
		expect(request.query).toEqual({ event_type: 'conversion' });
		expect(request.body).toEqual({ event_type: 'CONVERSION', event_family: 'CDP', payload: { conversion_identifier: 'demo-request', email: 'oauth@example.com' } });
	});

	test('the API-key path is unchanged: query-string key, /platform/conversions', async () => {
		const { items } = await bed.engine.runNode(
			rdNode({ authentication: 'apiKey', resource: 'conversion', operation: 'create', conversionIdentifier: 'x', email: 'key@example.com' }),
			[{}],
		);
		expect(items[0].json).toEqual({ event_uuid: expect.any(String), conversion_identifier: 'x', email: 'key@example.com' });
		const [request] = bed.sandbox.requests('rdstation', 'POST', '/platform/conversions').slice(-1);
		expect(request.query.api_key).toBe(RD_KEY);
	});

	test.each([
		['markOpportunity', {}, 'OPPORTUNITY', {}],
		['markWon', { value: '1500.50' }, 'SALE', { value: 1500.5 }],
		['markLost', { reason: 'Chose a competitor' }, 'OPPORTUNITY_LOST', { reason: 'Chose a competitor' }],
	])('Funnel → %s sends the %s event', async (operation, parameters, eventType, extra) => {
		const { items } = await bed.engine.runNode(rdNode({ resource: 'funnel', operation, email: 'funnel@example.com', ...parameters }), [{}]);
		expect(items[0].json).toMatchObject({ event_type: eventType, email: 'funnel@example.com', funnel_name: 'default' });
		const [request] = bed.sandbox.requests('rdstation', 'POST', '/platform/events').slice(-1);
		expect(request.body).toEqual({ event_type: eventType, event_family: 'CDP', payload: { email: 'funnel@example.com', funnel_name: 'default', ...extra } });
	});

	test('Mark as Won without a value is refused, naming Value; nothing is sent', async () => {
		const before = bed.sandbox.requests('rdstation', 'POST').length;
		const { items } = await bed.engine.runNode(rdNode({ resource: 'funnel', operation: 'markWon', email: 'won@example.com' }), [{}]);
		expect(items[0].json.error).toBe('Value: expected a number (it is required), got "" [item 0]');
		expect(bed.sandbox.requests('rdstation', 'POST').length).toBe(before);
	});
});

describe('the account’s fields as typed inputs', () => {
	test('the resource mapper lists custom fields first, with their types and choices', async () => {
		const { fields } = await bed.engine.resourceMapperFields(NODE.rdStation, 'getContactFields', { authentication: 'oAuth2', resource: 'contact', operation: 'upsert' });
		expect(fields.slice(0, 5).map(({ id, displayName, type }) => ({ id, displayName, type }))).toEqual([
			{ id: 'cf_plan', displayName: 'Plan', type: 'options' },
			{ id: 'cf_seats', displayName: 'Seats', type: 'number' },
			{ id: 'cf_newsletter', displayName: 'Newsletter', type: 'boolean' },
			{ id: 'cf_interests', displayName: 'Interests', type: 'array' },
			{ id: 'cf_notes', displayName: 'Notes', type: 'string' },
		]);
		expect(fields[0].options).toEqual([
			{ name: 'Basic', value: 'basic' },
			{ name: 'Pro', value: 'pro' },
			{ name: 'Enterprise', value: 'enterprise' },
		]);
		expect(fields.map((field) => field.id)).not.toContain('email');
	});

	test('with the API key the mapper says why it is empty (RD lets only OAuth2 read fields)', async () => {
		const result = await bed.engine.resourceMapperFields(NODE.rdStation, 'getContactFields', { authentication: 'apiKey', resource: 'conversion', operation: 'create' });
		expect(result.fields).toEqual([]);
		expect(result.emptyFieldsNotice).toMatch(/OAuth2/);
	});

	test('values go on the wire in the field’s type: whole numbers, true/false, lists, choices', async () => {
		const typed = { mappingMode: 'defineBelow', value: { cf_seats: '12', cf_newsletter: 'true', cf_interests: 'crm, seo', cf_plan: 'pro', cf_unknown: 'as given' } };
		const { items } = await bed.engine.runNode(conversion({ customFieldValues: typed }), [{ email: 'typed@example.com' }]);
		expect(items[0].json.error).toBeUndefined();
		const [request] = bed.sandbox.requests('rdstation', 'POST', '/platform/events').slice(-1);
		expect((request.body as { payload: IDataObject }).payload).toMatchObject({ cf_seats: 12, cf_newsletter: true, cf_interests: ['crm', 'seo'], cf_plan: 'pro', cf_unknown: 'as given' });
	});

	test.each([
		[{ cf_seats: '1.5' }, 'Field "Seats" (cf_seats): expected a whole number, got "1.5"'],
		[{ cf_newsletter: 'maybe' }, 'Field "Newsletter" (cf_newsletter): expected true or false, got "maybe"'],
		[{ cf_plan: 'gold' }, 'Field "Plan" (cf_plan): expected one of basic, pro, enterprise, got "gold"'],
		[{ cf_interests: 'crm, tv' }, 'Field "Interests" (cf_interests): expected values among crm, ads, seo, got ["tv"]'],
	])('a value that does not fit its field is refused before sending: %j', async (value, message) => {
		const before = bed.sandbox.requests('rdstation', 'POST').length;
		const { items } = await bed.engine.runNode(conversion({ customFieldValues: { mappingMode: 'defineBelow', value } }), [{ email: 'bad@example.com' }]);
		expect(items[0].json.error).toBe(`${message} [item 0]`);
		expect(bed.sandbox.requests('rdstation', 'POST').length).toBe(before);
	});

	test('Custom Field → Get Many lists the account’s custom fields', async () => {
		const { items } = await bed.engine.runNode(rdNode({ resource: 'customField', operation: 'getMany', returnAll: true }), [{}]);
		expect(jsonOf(items).map((field) => field.api_identifier)).toEqual(['cf_plan', 'cf_seats', 'cf_newsletter', 'cf_interests', 'cf_notes']);
	});
});

describe('contacts', () => {
	const contact = (operation: string, parameters: IDataObject = {}) =>
		rdNode({ resource: 'contact', operation, identifier: 'email', identifierValue: '={{ $json.email }}', ...parameters });

	test('Create or Update creates by email, then updates; Get finds it by email and by UUID; Add Tags adds', async () => {
		const created = await bed.engine.runNode(
			contact('upsert', { additionalFields: { name: 'Ana Lima', tags: ['lead'] }, customFieldValues: { mappingMode: 'defineBelow', value: { cf_seats: 5 } } }),
			[{ email: 'ana.contact@example.com' }],
		);
		expect(created.items[0].json).toMatchObject({ email: 'ana.contact@example.com', name: 'Ana Lima', cf_seats: 5, tags: ['lead'] });
		const uuid = created.items[0].json.uuid as string;
		const [patch] = bed.sandbox.requests('rdstation', 'PATCH').slice(-1);
		expect(patch.path).toBe('/platform/contacts/email:ana.contact%40example.com');

		await bed.engine.runNode(contact('upsert', { additionalFields: { jobTitle: 'CTO' } }), [{ email: 'ana.contact@example.com' }]);
		const byEmail = await bed.engine.runNode(contact('get'), [{ email: 'ana.contact@example.com' }]);
		expect(byEmail.items[0].json).toMatchObject({ uuid, job_title: 'CTO', name: 'Ana Lima' });
		const byUuid = await bed.engine.runNode(rdNode({ resource: 'contact', operation: 'get', identifier: 'uuid', identifierValue: uuid }), [{}]);
		expect(byUuid.items[0].json.email).toBe('ana.contact@example.com');

		const tagged = await bed.engine.runNode(contact('addTags', { tags: ['vip', 'webinar'] }), [{ email: 'ana.contact@example.com' }]);
		expect(tagged.items[0].json).toEqual({ tags: ['lead', 'vip', 'webinar'] });
	});

	test('Get for a contact RD does not have: RD\'s 404, clearly', async () => {
		const { items } = await bed.engine.runNode(contact('get'), [{ email: 'nobody@example.com' }]);
		expect(items[0].json).toMatchObject({ httpCode: '404', error: expect.stringMatching(/Resource not found/) });
	});

	test('an email or UUID that would change the path is refused', async () => {
		const { items } = await bed.engine.runNode(contact('get'), [{ email: '../fields' }]);
		expect(items[0].json.error).toMatch(/^Email or UUID: expected one ID without/);
	});
});

describe('Send in Batches', () => {
	const batched = (parameters: IDataObject = {}, extra: IDataObject = {}) => conversion({ sendInBatches: true, ...parameters, ...extra });
	const batchRequests = () => bed.sandbox.requests('rdstation', 'POST', '/platform/events/batch');

	test('1,000 conversions in a few requests, each item paired with its own event_uuid, in order', async () => {
		const before = batchRequests().length;
		const input = emails(1000, 'batch');
		const { items } = await bed.engine.runNode(batched(), input);
		expect(pairedOf(items)).toEqual(input.map((_, index) => index));
		const sent = batchRequests().slice(before);
		expect(sent.length).toBeLessThanOrEqual(2);
		const created = eventsFor('batch');
		expect(created).toHaveLength(1000);
		// Output item i carries the uuid RD gave to event i.
		expect(jsonOf(items).map((json) => json.email)).toEqual(input.map((item) => item.email));
		const uuidByEmail = new Map(created.map((event) => [event.payload.email, event.event_uuid]));
		expect(jsonOf(items).every((json) => uuidByEmail.get(json.email as string) === json.event_uuid)).toBe(true);
	});

	test('batches stay under 0.2 MB, measured on the serialized body, even at the edge', async () => {
		const before = batchRequests().length;
		// About 30 KB per event: six or seven fit in 200,000 bytes.
		const input = emails(40, 'big').map((item) => ({ ...item, note: 'x'.repeat(30_000) }));
		const { items } = await bed.engine.runNode(batched({ additionalFields: { name: '={{ $json.note }}' } }), input);
		expect(jsonOf(items).filter((json) => json.error)).toEqual([]);
		const sizes = batchRequests().slice(before).map((entry) => Buffer.byteLength(JSON.stringify(entry.body)));
		expect(Math.max(...sizes)).toBeLessThanOrEqual(200_000);
		expect(Math.max(...sizes)).toBeGreaterThan(170_000);
		expect(eventsFor('big')).toHaveLength(40);
	});

	test.each(['rejectBatch', 'acceptGood'] as const)(
		'RD %s on bad events: every good event is sent once, every bad one fails alone',
		async (rule) => {
			store().batchRule = rule;
			// Funnels only RD knows: these events pass every check of ours and RD refuses them.
			const input = emails(100, `bisect-${rule}-`).map((item) => ({ ...item, funnel: 'default' }));
			for (const bad of [7, 50, 93]) input[bad].funnel = 'no-such-funnel';
			const before = batchRequests().length;
			const { items } = await bed.engine.runNode(
				rdNode({ resource: 'funnel', operation: 'markOpportunity', email: '={{ $json.email }}', funnelName: '={{ $json.funnel }}', sendInBatches: true }),
				input,
			);
			expect(pairedOf(items)).toEqual(input.map((_, index) => index));
			const failed = jsonOf(items).flatMap((json, index) => (json.error ? [index] : []));
			expect(failed).toEqual([7, 50, 93]);
			expect(items[50].json.error).toMatch(/funnel_name: Funnel not found\. \(INVALID_OPTION\)/);
			const created = eventsFor(`bisect-${rule}-`);
			expect(created).toHaveLength(97);
			expect(new Set(created.map((event) => event.payload.email)).size).toBe(97);
			// Kept good ones: one request. Refused whole: halves until each bad event stands alone.
			const requests = batchRequests().length - before;
			if (rule === 'acceptGood') expect(requests).toBe(1);
			else expect(requests).toBeGreaterThan(3);
		},
	);

	test('pacing counts requests, not events: 300 events at 120/min take one request’s turn each', async () => {
		const before = batchRequests().length;
		const { items } = await bed.engine.runNode(batched({ requestOptions: { requestsPerMinute: 120 } }), emails(300, 'paced'));
		expect(jsonOf(items).filter((json) => json.error)).toEqual([]);
		// One request, so one pacing turn: no wait for the other 299 events.
		expect(batchRequests().length - before).toBe(1);
	});

	test('Stop between batches: no new batch starts, items never sent say so', async () => {
		const before = batchRequests().length;
		// About 30 KB per event, six per batch, one batch per second: 30 batches for 180 items.
		const input = emails(180, 'stopbatch').map((item) => ({ ...item, note: 'x'.repeat(30_000) }));
		await bed.engine.runNode(
			batched({ additionalFields: { name: '={{ $json.note }}' }, requestOptions: { requestsPerMinute: 60 } }),
			input,
			{ stopWhen: () => batchRequests().length - before >= 2 },
		);
		expectStoppedBetweenBatches(bed, batchRequests().length - before, 180, eventsFor('stopbatch').length);
	});

	test('with Skip Items Already Sent, a second run sends nothing', async () => {
		const node = batched({ requestOptions: { requestsPerMinute: 0, skipAlreadySent: true } });
		const input = emails(50, 'skipbatch');
		await bed.engine.runNode(node, input);
		const before = batchRequests().length;
		const second = await bed.engine.runNode(node, input);
		expect(jsonOf(second.items).every((json) => json.skipped === true)).toBe(true);
		expect(batchRequests().length).toBe(before);
		expect(eventsFor('skipbatch')).toHaveLength(50);
	});
});
