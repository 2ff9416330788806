/*
 * A send phase that cannot go astray, in every runtime of the matrix:
 * - once the node is going to fail (the store failing included), no new
 *   request starts, and every request that left is in the error's account;
 * - a batch's keys are recorded as its request leaves and given back while
 *   it waits out a 429;
 * - what every item needs from the API is read once, before any item is
 *   prepared: a failed read fails the run as the API error it is, and Stop
 *   is honoured there;
 * - two items of one run with the same key: the second waits for the
 *   first's outcome.
 */
import type { IDataObject } from 'n8n-workflow';

import { deduplicator } from './harness/engine';
import { NEXOR_IDS } from './sandbox/nexor';
import { jsonOf, NODE, pairedOf, sandboxCredentials, useTestBed } from './setup';

jest.setTimeout(120_000);

const bed = useTestBed();

afterEach(() => {
	bed.sandbox.injectFaults(undefined);
	bed.sandbox.latencyMs = 0;
	deduplicator.rows.clear();
	deduplicator.interleave = undefined;
	deduplicator.table.failWritesAfter = undefined;
});

const createLead = (requestOptions: IDataObject = {}, extra: IDataObject = {}) => ({
	type: NODE.nexor,
	parameters: { resource: 'lead', operation: 'create', firstName: '={{ $json.name }}', requestOptions },
	...extra,
});
const rows = (count: number, prefix: string) => Array.from({ length: count }, (_, index) => ({ name: `${prefix}-${index}` }));
const arrivedLeads = (prefix: string) =>
	bed.sandbox.arrivals.filter((entry) => entry.path === '/leads' && String((entry.body as IDataObject)?.first_name).startsWith(`${prefix}-`));
const leadsFor = (prefix: string) => [...bed.sandbox.stores.nexor.leads.values()].filter((lead) => String(lead.first_name).startsWith(`${prefix}-`));

interface Account {
	createdItems: Array<{ itemIndex: number; id: string | null }>;
	possiblyCreatedItems: number[];
	notSentItems: number[];
	itemIndex?: number;
}

describe('once the node is going to fail, nothing more is sent and everything sent is accounted for', () => {
	test('n8n’s store fails mid-run (Skip Items Already Sent, concurrency 10): no request arrives after the node ends, every lead that exists is in the error’s account', async () => {
		bed.sandbox.latencyMs = 50;
		// The database goes away after two writes: later claims cannot be recorded.
		deduplicator.table.failWritesAfter = 2;
		const { error } = await bed.engine.runNode(createLead({ skipAlreadySent: true }), rows(40, 'StoreDown'));
		const settled = bed.engine.settled.at(-1)!;
		expect(error?.message).toMatch(/^n8n's record of items already sent \(Skip Items Already Sent\) could not be read or written/);
		// Anything still on its way would arrive within the sandbox's latency: wait longer than that, then look.
		await new Promise((resolve) => setTimeout(resolve, 300));
		const late = arrivedLeads('StoreDown').filter((entry) => entry.at > settled.at);
		console.info(`Store failing mid-run: ${arrivedLeads('StoreDown').length} of 40 sent, ${late.length} arrived after the node ended`);
		expect(late).toEqual([]);

		const account = settled.error!.context as unknown as Account;
		const created = new Set(leadsFor('StoreDown').map((lead) => String(lead.first_name)));
		const reported = new Set([...account.createdItems.map((entry) => entry.itemIndex), ...account.possiblyCreatedItems].map((index) => `StoreDown-${index}`));
		// Every lead that exists was reported as created (or possibly created); nothing sent is unaccounted for.
		for (const name of created) expect(reported.has(name)).toBe(true);
		for (const index of account.notSentItems) expect(created.has(`StoreDown-${index}`)).toBe(false);
		expect(account.createdItems.length + account.possiblyCreatedItems.length + account.notSentItems.length + 1).toBe(40);
	});

	test('an item fails while others wait for their pacing turn: none of the waiting ones is sent, all are reported as not sent', async () => {
		bed.sandbox.script({ provider: 'nexor', method: 'POST', path: '/leads', status: 400, body: { error: 'Bad Request', message: 'bad row' }, match: (body) => (body as IDataObject).first_name === 'Paced-2' });
		// One request a second: after item 2 fails, the later items are still waiting for their turn. (On a machine
		// so busy that item 2's answer takes longer than a turn, item 3 has legitimately left too: the promise
		// checked is that nothing leaves once the failure is known, and every item is accounted for.)
		const { error } = await bed.engine.runNode(createLead({ requestsPerMinute: 60 }), rows(30, 'Paced'));
		const settled = bed.engine.settled.at(-1)!;
		expect(error?.message).toBe('bad row');
		const account = (error as unknown as { context: Account }).context;
		const arrived = arrivedLeads('Paced').map((entry) => Number(String((entry.body as IDataObject).first_name).split('-')[1]));
		expect(arrivedLeads('Paced').filter((entry) => entry.at > settled.at)).toEqual([]);
		// Sent in order, one per turn, from item 0 up to the failed one (and at most one more that left with it).
		expect(arrived).toEqual(Array.from({ length: arrived.length }, (_, index) => index));
		expect(arrived.length).toBeGreaterThanOrEqual(3);
		expect(arrived.length).toBeLessThanOrEqual(4);
		const sentAfterFailure = arrived.length - 3;
		expect(account.createdItems.map((entry) => entry.itemIndex)).toEqual(arrived.filter((index) => index !== 2));
		expect(account.notSentItems).toEqual(Array.from({ length: 27 - sentAfterFailure }, (_, index) => index + 3 + sentAfterFailure));
		expect(error?.description).toContain(`Not sent (${27 - sentAfterFailure}): items ${3 + sentAfterFailure}–29.`);
	});
});

describe('a batch records its keys as its request leaves', () => {
	const oauth = () => ({ ...sandboxCredentials(bed.sandbox), rdStationMarketingOAuth2Api: bed.sandbox.rdOAuthCredentialData() });
	const recordedKeys = () => [...deduplicator.rows.values()].reduce((sum, entries) => sum + entries.length, 0);

	test('a batch waiting out a 429 holds no key; once it is sent, all of its keys are recorded', async () => {
		bed.engine.setCredentials(oauth());
		bed.sandbox.script({ provider: 'rdstation', method: 'POST', path: '/platform/events/batch', status: 429, headers: { 'retry-after': '1' }, body: { errors: { error_type: 'TOO_MANY_REQUESTS', error_message: 'Too many requests' } } });
		const node = {
			type: NODE.rdStation,
			parameters: {
				authentication: 'oAuth2',
				resource: 'conversion',
				operation: 'create',
				conversionIdentifier: 'batch-429',
				email: '={{ $json.email }}',
				sendInBatches: true,
				requestOptions: { requestsPerMinute: 0, skipAlreadySent: true },
			},
		};
		const batchPosts = () => bed.sandbox.requests('rdstation', 'POST', '/platform/events/batch');
		const before = batchPosts().length;
		const keysWhileWaiting: number[] = [];
		const watch = setInterval(() => {
			// Between the 429's answer and the retry's arrival.
			if (batchPosts().length === before + 1 && bed.sandbox.inFlight === 0) keysWhileWaiting.push(recordedKeys());
		}, 20);
		const { items } = await bed.engine.runNode(node, Array.from({ length: 20 }, (_, index) => ({ email: `batch429-${index}@example.com` })));
		clearInterval(watch);
		expect(batchPosts().slice(before).map((entry) => entry.status)).toEqual([429, 200]);
		expect(keysWhileWaiting.length).toBeGreaterThan(0);
		// Recorded before the request left, given back when the 429 said nothing was processed.
		expect(Math.min(...keysWhileWaiting)).toBe(0);
		expect(jsonOf(items).every((json) => typeof json.event_uuid === 'string')).toBe(true);
		expect(recordedKeys()).toBe(20);
	});
});

describe('what every item needs is read once, before any item is prepared', () => {
	const conversion = (extra: IDataObject = {}) => ({
		type: NODE.nexor,
		parameters: {
			resource: 'conversion',
			operation: 'create',
			conversionTypeId: NEXOR_IDS.typeReservation,
			leadId: NEXOR_IDS.leadAna,
			amount: 100,
			typeFields: { mappingMode: 'defineBelow', value: { property_unit: '={{ $json.unit }}' } },
			...extra,
		},
	});
	const input = [{ unit: 'Apt 1' }, { unit: 'Apt 2' }, { unit: 'Apt 3' }];

	test.each([
		[500, 'Internal Server Error', 'Internal Server Error while listing'],
		[401, 'Invalid API key', 'Invalid API key: Invalid API key while listing. Check the API key in the "Nexor API" credential.'],
	])('the conversion types read fails with %i: the run fails as that API error, not as bad input; nothing is sent', async (status, kind, message) => {
		bed.sandbox.script({ provider: 'nexor', method: 'GET', path: '/conversion-types', status, body: { error: kind, message: `${kind} while listing` }, times: 2 });
		const posts = bed.sandbox.requests('nexor', 'POST', '/conversions').length;
		const { error } = await bed.engine.runNode(conversion({ requestOptions: { maxAttempts: 2 } }), input);
		expect(error?.message).toBe(message);
		expect((error as unknown as { httpCode: string }).httpCode).toBe(String(status));
		expect(error?.description).toMatch(new RegExp(`^Nexor answered ${status} to GET .*/conversion-types`));
		expect(error?.description ?? '').not.toMatch(/fix item/);
		expect(bed.sandbox.requests('nexor', 'POST', '/conversions').length).toBe(posts);
	});

	test('the read happens once for all items', async () => {
		const reads = () => bed.sandbox.requests('nexor', 'GET', '/conversion-types').length;
		const before = reads();
		const { items } = await bed.engine.runNode(conversion(), input);
		expect(jsonOf(items).every((json) => typeof json.id === 'string')).toBe(true);
		expect(reads() - before).toBe(1);
	});

	test('Stop while the types are being read: nothing is sent, the run is stopped', async () => {
		bed.sandbox.latencyMs = 1000;
		const posts = bed.sandbox.requests('nexor', 'POST', '/conversions').length;
		const arrivedReads = () => bed.sandbox.arrivals.filter((entry) => entry.path === '/conversion-types').length;
		const before = arrivedReads();
		const { run } = await bed.engine.runNode(conversion(), input, { stopWhen: () => arrivedReads() > before });
		expect(run.status).toBe('canceled');
		bed.sandbox.latencyMs = 0;
		await new Promise((resolve) => setTimeout(resolve, 1200));
		expect(bed.sandbox.requests('nexor', 'POST', '/conversions').length).toBe(posts);
	});
});

describe('two items of one run with the same key: the second waits for the first’s outcome', () => {
	const node = createLead({ skipAlreadySent: true, skipKey: '={{ $json.deal }}', concurrency: 10 }, { continueOnFail: true });

	test('the first is created: the second is skipped, never sent', async () => {
		bed.sandbox.latencyMs = 100;
		const { items } = await bed.engine.runNode(node, [{ name: 'SameKey-a', deal: 'S1' }, { name: 'SameKey-b', deal: 'S1' }]);
		expect(pairedOf(items)).toEqual([0, 1]);
		expect(items[0].json.lead).toBeDefined();
		expect(items[1].json).toMatchObject({ skipped: true, key: 'key:S1' });
		expect(arrivedLeads('SameKey')).toHaveLength(1);
	});

	test('the first fails without creating anything: the second is sent and created', async () => {
		bed.sandbox.latencyMs = 100;
		bed.sandbox.script({ provider: 'nexor', method: 'POST', path: '/leads', status: 400, body: { error: 'Bad Request', message: 'no' }, match: (body) => (body as IDataObject).first_name === 'Retried-a' });
		const { items } = await bed.engine.runNode(node, [{ name: 'Retried-a', deal: 'S2' }, { name: 'Retried-b', deal: 'S2' }]);
		expect(items[0].json.error).toBe('no');
		expect(items[1].json.lead).toMatchObject({ first_name: 'Retried-b' });
		expect(leadsFor('Retried').map((lead) => lead.first_name)).toEqual(['Retried-b']);
	});
});
