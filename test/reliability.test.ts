/*
 * Issue 5's rules for retries, pacing and concurrency, one at a time, through
 * the engine and the sandbox (its journal and store are the witnesses).
 */
import { createServer } from 'node:net';

import type { IDataObject } from 'n8n-workflow';

import { retryAfterMs } from '../nodes/shared/transport';
import { NEXOR_IDS } from './sandbox/nexor';
import { jsonOf, NODE, pairedOf, sandboxCredentials, useTestBed } from './setup';

jest.setTimeout(120_000);

const bed = useTestBed();

afterEach(() => {
	bed.sandbox.injectFaults(undefined);
	bed.sandbox.latencyMs = 0;
	bed.engine.setCredentials(sandboxCredentials(bed.sandbox));
});

const createLead = (requestOptions: IDataObject = {}, continueOnFail = true) => ({
	type: NODE.nexor,
	continueOnFail,
	parameters: { resource: 'lead', operation: 'create', firstName: '={{ $json.name }}', requestOptions },
});

const leadsNamed = (name: string) => [...bed.sandbox.stores.nexor.leads.values()].filter((lead) => lead.first_name === name);
const postsFor = (name: string) =>
	bed.sandbox.requests('nexor', 'POST', '/leads').filter((entry) => (entry.body as IDataObject).first_name === name);

describe('retries that never duplicate', () => {
	test('429 with Retry-After: waited for, sent again, created once; the item is the lead alone, as without the retry', async () => {
		bed.sandbox.script({ provider: 'nexor', method: 'POST', status: 429, headers: { 'retry-after': '1' }, body: { error: 'Too Many Requests', message: 'Slow down' } });
		const { items } = await bed.engine.runNode(createLead(), [{ name: 'Retry429' }]);
		expect(items[0].json).toMatchObject({ lead: { first_name: 'Retry429' } });
		const posts = bed.sandbox.requests('nexor', 'POST', '/leads').slice(-2);
		const { items: unretried } = await bed.engine.runNode(createLead(), [{ name: 'Retry429Not' }]);
		expect(Object.keys(items[0].json).sort()).toEqual(Object.keys(unretried[0].json).sort());
		expect(posts.map((entry) => entry.status)).toEqual([429, 201]);
		expect(posts[1].at - posts[0].at).toBeGreaterThanOrEqual(950);
		expect(leadsNamed('Retry429')).toHaveLength(1);
	});

	test('Retry-After as an HTTP date is honoured too', () => {
		const now = Date.parse('2026-11-21T10:00:00Z');
		expect(retryAfterMs('Sat, 21 Nov 2026 10:00:03 GMT', now)).toBe(3000);
		expect(retryAfterMs('2', now)).toBe(2000);
		expect(retryAfterMs('soon', now)).toBeUndefined();
	});

	test('503 with Retry-After is sent again; 503 without it, on a create, is not', async () => {
		bed.sandbox.script({ provider: 'nexor', method: 'POST', status: 503, headers: { 'retry-after': '0' }, body: { error: 'Unavailable', message: 'busy' } });
		const retried = await bed.engine.runNode(createLead(), [{ name: 'Retry503' }]);
		expect(retried.items[0].json).toMatchObject({ lead: { first_name: 'Retry503' } });
		expect(retried.items[0].json.attempts).toBeUndefined();
		expect(postsFor('Retry503').map((entry) => entry.status)).toEqual([503, 201]);

		bed.sandbox.script({ provider: 'nexor', method: 'POST', status: 503, body: { error: 'Unavailable', message: 'busy' } });
		const notRetried = await bed.engine.runNode(createLead(), [{ name: 'NoRetry503' }]);
		expect(notRetried.items[0].json).toMatchObject({ possiblyCreated: true, httpCode: '503' });
		expect(postsFor('NoRetry503')).toHaveLength(1);
	});

	test('"processed, then 500": not sent again; the item says the record may exist and what to do', async () => {
		bed.sandbox.injectFaults({ rateProcessedThen500: 1, methods: ['POST'] });
		const { items } = await bed.engine.runNode(createLead(), [{ name: 'Processed500' }]);
		expect(items[0].json.possiblyCreated).toBe(true);
		expect(items[0].json.error).toBe(
			'Nexor answered 500 (Unexpected error) after receiving the request: it may have been recorded. Check in Nexor before running this item again (or turn on "Retry Server Errors" to accept possible duplicates).',
		);
		expect(items[0].json.attempts).toBeUndefined();
		expect(postsFor('Processed500')).toHaveLength(1);
		expect(leadsNamed('Processed500')).toHaveLength(1);
	});

	test('a connection lost after sending a create: not sent again, reported as possibly created', async () => {
		bed.sandbox.script({ provider: 'nexor', method: 'POST', reset: true });
		const { items } = await bed.engine.runNode(createLead(), [{ name: 'Reset' }]);
		expect(items[0].json).toMatchObject({ possiblyCreated: true, code: 'ECONNRESET' });
		expect(items[0].json.error).toMatch(/^The connection to Nexor was lost after the request was sent \(ECONNRESET\): it may have been recorded/);
		expect(postsFor('Reset')).toHaveLength(1);
	});

	test('"Retry Server Errors" on: the user accepts the risk, the create is sent again', async () => {
		bed.sandbox.script({ provider: 'nexor', method: 'POST', status: 500, body: { error: 'Internal', message: 'boom' } });
		const { items } = await bed.engine.runNode(createLead({ retryServerErrors: true }), [{ name: 'RetryOn500' }]);
		expect(items[0].json).toMatchObject({ lead: { first_name: 'RetryOn500' } });
		expect(postsFor('RetryOn500')).toHaveLength(2);
	});

	test('reads are retried on every transient error', async () => {
		bed.sandbox.script({ provider: 'nexor', method: 'GET', path: '/conversion-types', status: 500, body: { error: 'Internal', message: 'boom' } });
		bed.sandbox.script({ provider: 'nexor', method: 'GET', path: '/conversion-types', reset: true });
		const { items, error } = await bed.engine.runNode(
			{ type: NODE.nexor, parameters: { resource: 'conversionType', operation: 'getMany', returnAll: true } },
			[{}],
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.name)).toEqual(['Reservation', 'Closed Sale']);
		expect(items.every((item) => item.json.attempts === undefined)).toBe(true);
		expect(bed.sandbox.requests('nexor', 'GET', '/conversion-types').slice(-3).map((entry) => entry.status)).toEqual([500, 0, 200]);
	});

	test('connection refused: sent again up to Attempts per Request, then a clear error', async () => {
		const server = createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as { port: number };
		await new Promise<void>((resolve) => server.close(() => resolve()));
		bed.engine.setCredentials({ ...sandboxCredentials(bed.sandbox), nexorApi: { apiKey: 'nxr_live_x', baseUrl: `http://127.0.0.1:${port}` } });
		const { items } = await bed.engine.runNode(createLead({ maxAttempts: 3 }), [{ name: 'Refused' }]);
		expect(items[0].json).toMatchObject({ code: 'ECONNREFUSED', attempts: 3 });
		expect(items[0].json.error).toMatch(/^Could not reach Nexor \(.*\) after 3 attempts: nothing was sent\.$/);
		expect(items[0].json.possiblyCreated).toBeUndefined();
	});

	test('other 4xx are never retried', async () => {
		const { items } = await bed.engine.runNode(
			{
				type: NODE.nexor,
				continueOnFail: true,
				parameters: { resource: 'conversion', operation: 'create', conversionTypeId: NEXOR_IDS.typeInactive, leadId: NEXOR_IDS.leadAna, amount: 1 },
			},
			[{}],
		);
		expect(items[0].json).toMatchObject({ httpCode: '400' });
		expect(items[0].json.attempts).toBeUndefined();
	});
});

describe('concurrency', () => {
	test('several items in flight at once; output order and pairing follow the input whatever the answer order', async () => {
		bed.sandbox.latencyMs = 30;
		bed.sandbox.maxInFlight = 0;
		// Every third request meets a 429 first, so answers come back out of order.
		bed.sandbox.injectFaults({ seed: 7, rate429: 0.3, retryAfterSeconds: 0, methods: ['POST'] });
		const names = Array.from({ length: 40 }, (_, index) => ({ name: `Concurrent${index}` }));
		const { items } = await bed.engine.runNode(createLead({ concurrency: 8 }), names);
		expect(bed.sandbox.maxInFlight).toBeGreaterThan(1);
		expect(bed.sandbox.maxInFlight).toBeLessThanOrEqual(8);
		expect(pairedOf(items)).toEqual(names.map((_, index) => index));
		expect(jsonOf(items).map((json) => (json.lead as IDataObject).first_name)).toEqual(names.map((entry) => entry.name));
		const posted = bed.sandbox.requests('nexor', 'POST', '/leads').filter((entry) => entry.status === 201);
		const order = posted.map((entry) => (entry.body as IDataObject).first_name).filter((name) => String(name).startsWith('Concurrent'));
		expect(order).not.toEqual(names.map((entry) => entry.name));
	});

	test('Concurrency 1 sends one request at a time', async () => {
		bed.sandbox.latencyMs = 20;
		bed.sandbox.maxInFlight = 0;
		await bed.engine.runNode(createLead({ concurrency: 1 }), Array.from({ length: 5 }, (_, index) => ({ name: `Serial${index}` })));
		expect(bed.sandbox.maxInFlight).toBe(1);
	});

	test('without Continue On Fail, no item starts after a failure, and the earliest failure is reported', async () => {
		const before = bed.sandbox.requests('nexor', 'POST', '/leads').length;
		const input = Array.from({ length: 30 }, (_, index) => ({ name: index === 3 ? '' : `Stop${index}` }));
		const { error } = await bed.engine.runNode(createLead({ concurrency: 2 }, false), input);
		expect(error?.message).toBe('First Name: expected a value (it is required), got "" [item 3]');
		const sent = bed.sandbox.requests('nexor', 'POST', '/leads').length - before;
		expect(sent).toBeLessThanOrEqual(5);
	});
});

describe('pacing', () => {
	const rdConversion = (requestOptions: IDataObject) => ({
		type: NODE.rdStation,
		continueOnFail: true,
		parameters: { resource: 'conversion', operation: 'create', conversionIdentifier: 'paced', email: '={{ $json.email }}', requestOptions },
	});

	test('RD Station is paced at 120 requests per minute by default', async () => {
		const node = bed.engine.nodeTypes.getByNameAndVersion(NODE.rdStation);
		const options = node.description.properties.find((property) => property.name === 'requestOptions')!;
		expect((options.options as Array<{ name: string; default: unknown }>).find((option) => option.name === 'requestsPerMinute')?.default).toBe(120);
		const before = bed.sandbox.requests('rdstation').length;
		await bed.engine.runNode(rdConversion({}), [{ email: 'a@example.com' }, { email: 'b@example.com' }, { email: 'c@example.com' }]);
		const starts = bed.sandbox.requests('rdstation').slice(before).map((entry) => entry.at);
		expect(starts).toHaveLength(3);
		expect(starts[2] - starts[0]).toBeGreaterThanOrEqual(950);
	});

	test('under a rate limit, pacing at that rate meets no 429 and every item succeeds once', async () => {
		bed.sandbox.injectFaults({ rateLimit: { requests: 20, windowMs: 1000 }, providers: ['rdstation'] });
		const before = bed.sandbox.stores.rdstation.conversions.length;
		const emails = Array.from({ length: 50 }, (_, index) => ({ email: `paced${index}@example.com` }));
		const { items } = await bed.engine.runNode(rdConversion({ requestsPerMinute: 1200, concurrency: 10 }), emails);
		expect(items.every((item) => typeof item.json.event_uuid === 'string')).toBe(true);
		expect(bed.sandbox.faults!.counts.rateLimited).toBe(0);
		const created = bed.sandbox.stores.rdstation.conversions.slice(before).map((event) => event.payload.email);
		expect(created.sort()).toEqual(emails.map((entry) => entry.email).sort());
	});

	test('an unpaced provider slows down at its first 429 and honours Retry-After: nothing fails, nothing doubles', async () => {
		const faults = bed.sandbox.injectFaults({ rateLimit: { requests: 15, windowMs: 1000 }, retryAfterSeconds: 1, providers: ['nexor'] })!;
		const names = Array.from({ length: 60 }, (_, index) => ({ name: `Adaptive${index}` }));
		const { items } = await bed.engine.runNode(createLead({ concurrency: 10 }), names);
		expect(items.filter((item) => item.json.error)).toEqual([]);
		expect(faults.counts.rateLimited).toBeGreaterThan(0);
		// After slowing down, most requests no longer meet the limit.
		// The first wave (as many as are in flight) is unavoidable; after it the node keeps under the limit.
		expect(faults.counts.rateLimited).toBeLessThanOrEqual(10 + 5);
		for (const { name } of names) expect(leadsNamed(name)).toHaveLength(1);
	});
});
