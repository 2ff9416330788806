/*
 * A run that respects the user, through n8n-core and the sandbox: every item
 * checked before any is sent, Stop that stops (n8n-core's own cancel path),
 * a clear account when a run ends early, exactly-once across re-runs with
 * "Skip Items Already Sent" (n8n's deduplication helpers), and conversion-type
 * fields typed at run time (one pace per credential: sharedPace.test.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import { deduplicator } from './harness/engine';
import { NEXOR_IDS } from './sandbox/nexor';
import { jsonOf, NODE, pairedOf, sandboxCredentials, useTestBed } from './setup';

jest.setTimeout(180_000);

const bed = useTestBed();

afterEach(() => {
	bed.sandbox.injectFaults(undefined);
	bed.sandbox.latencyMs = 0;
	bed.engine.setCredentials(sandboxCredentials(bed.sandbox));
	deduplicator.rows.clear();
	deduplicator.interleave = undefined;
});

const createLead = (requestOptions: IDataObject = {}, extra: IDataObject = {}) => ({
	type: NODE.nexor,
	parameters: { resource: 'lead', operation: 'create', firstName: '={{ $json.name }}', requestOptions },
	...extra,
});

const rows = (count: number, prefix: string) => Array.from({ length: count }, (_, index) => ({ name: `${prefix}-${index}` }));
const postsFor = (prefix: string) =>
	bed.sandbox.requests('nexor', 'POST', '/leads').filter((entry) => String((entry.body as IDataObject).first_name).startsWith(`${prefix}-`));
const leadsFor = (prefix: string) =>
	[...bed.sandbox.stores.nexor.leads.values()].filter((lead) => String(lead.first_name).startsWith(`${prefix}-`));
/** How many records exist for each name: every value must be 1. */
const copiesByName = (prefix: string) => {
	const counts = new Map<string, number>();
	for (const lead of leadsFor(prefix)) counts.set(String(lead.first_name), (counts.get(String(lead.first_name)) ?? 0) + 1);
	return counts;
};

describe('every item is checked before any is sent', () => {
	test('On Error = Stop: 30 rows, row 3 without a first name → nothing is sent at all', async () => {
		const input = rows(30, 'Check');
		input[3] = { name: '' };
		const { items, error } = await bed.engine.runNode(createLead(), input);
		expect(items).toEqual([]);
		expect(error?.message).toBe('First Name: expected a value (it is required), got "" [item 3]');
		expect(error?.description).toBe('Nothing was sent for any item: fix item 3 first.');
		expect(postsFor('Check')).toHaveLength(0);
	});

	test('Continue On Fail: the bad row fails alone, the other 29 are created', async () => {
		const input = rows(30, 'CheckCof');
		input[3] = { name: '' };
		const { items } = await bed.engine.runNode(createLead({}, { continueOnFail: true }), input);
		expect(pairedOf(items)).toEqual(input.map((_, index) => index));
		expect(items[3].json.error).toBe('First Name: expected a value (it is required), got "" [item 3]');
		expect(leadsFor('CheckCof')).toHaveLength(29);
	});

	test('a server-side 400 on item 3 after sending started: the error says what was created and what was not sent', async () => {
		bed.sandbox.script({
			provider: 'nexor',
			method: 'POST',
			path: '/leads',
			status: 400,
			body: { error: 'Bad Request', message: 'phone is required by this workflow' },
			match: (body) => (body as IDataObject).first_name === 'Partial-3',
		});
		const { error } = await bed.engine.runNode(createLead({ concurrency: 1 }), rows(30, 'Partial'));
		const created = leadsFor('Partial').sort((a, b) => String(a.first_name).localeCompare(String(b.first_name), 'en', { numeric: true }));
		expect(created.map((lead) => lead.first_name)).toEqual(['Partial-0', 'Partial-1', 'Partial-2']);
		expect(error?.message).toBe('phone is required by this workflow');
		expect(error?.description).toBe(
			`Nexor answered 400 to POST ${bed.sandbox.baseUrl('nexor')}/leads. Error code: Bad Request. Created before it stopped (3): ${created
				.map((lead, index) => `item ${index} (${lead.id})`)
				.join(', ')}. Not sent (26): items 4–29.`,
		);
		expect(postsFor('Partial')).toHaveLength(4);
	});

	test('with Concurrency 10, no new item starts after the first failure', async () => {
		bed.sandbox.latencyMs = 100;
		const input = rows(60, 'Conc');
		input[12] = { name: 'Conc-bad' };
		bed.sandbox.script({ provider: 'nexor', method: 'POST', path: '/leads', status: 422, body: { error: 'Unprocessable', message: 'nope' }, match: (body) => (body as IDataObject).first_name === 'Conc-bad' });
		const { error } = await bed.engine.runNode(createLead(), input);
		expect(error?.message).toBe('nope');
		// Items in flight when item 12 failed finish; none after them starts.
		const sent = bed.sandbox.requests('nexor', 'POST', '/leads').filter((entry) => String((entry.body as IDataObject).first_name).startsWith('Conc-'));
		expect(sent.length).toBeLessThanOrEqual(22);
		const context = (error as unknown as { context: { createdItems: Array<{ itemIndex: number }>; notSentItems: number[] } }).context;
		expect(context.createdItems.length + context.notSentItems.length + 1).toBe(60);
		expect(leadsFor('Conc').length).toBe(context.createdItems.length);
	});
});

/*
 * Stop is pressed at a point of the run (a number of requests received),
 * never at a time: what is asserted is what a user sees, whatever the load
 * of the machine. The figures (how soon it settled) are printed, not asserted.
 */
describe('Stop stops', () => {
	test('200 slow creates (500 ms answers, concurrency 10): after Stop no request starts, the node settles, every item accounted for', async () => {
		bed.sandbox.latencyMs = 500;
		const arrived = () => bed.sandbox.arrivals.filter((entry) => entry.provider === 'nexor' && String((entry.body as IDataObject)?.first_name).startsWith('Stop-'));
		let atStop = 0;
		const run = await bed.engine.runNode(createLead(), rows(200, 'Stop'), {
			stopWhen: () => {
				if (arrived().length < 30) return false;
				atStop = arrived().length;
				return true;
			},
		});
		const settled = bed.engine.settled.at(-1)!;
		expect(run.run.status).toBe('canceled');
		// At most the requests already on their way at Stop (Concurrency) reach the server after it.
		expect(arrived().length - atStop).toBeLessThanOrEqual(10);

		const context = settled.error!.context as { createdItems: Array<{ itemIndex: number }>; notSentItems: number[]; possiblyCreatedItems: number[] };
		console.info(
			`Stop (Nexor, 200 × 500 ms, concurrency 10): settled ${settled.at - run.stoppedAt!} ms after Stop; ${arrived().length - atStop} requests arrived after; created ${context.createdItems.length}, not sent ${context.notSentItems.length}`,
		);
		const sentNames = new Set(arrived().map((entry) => (entry.body as IDataObject).first_name));
		// Items reported as not sent were not sent; items reported as created exist; the rest may exist.
		for (const index of context.notSentItems) expect(sentNames.has(`Stop-${index}`)).toBe(false);
		const existing = new Set(leadsFor('Stop').map((lead) => lead.first_name));
		for (const { itemIndex } of context.createdItems) expect(existing.has(`Stop-${itemIndex}`)).toBe(true);
		expect(context.createdItems.length + context.notSentItems.length + context.possiblyCreatedItems.length).toBe(200);
		expect(context.notSentItems.length).toBeGreaterThan(100);
	});

	test('200 paced RD creates: Stop ends the pacer waits; the items never sent say so', async () => {
		const createEvents = {
			type: NODE.rdStation,
			continueOnFail: true,
			parameters: {
				resource: 'conversion',
				operation: 'create',
				conversionIdentifier: 'stop-test',
				email: '={{ $json.email }}',
				requestOptions: { requestsPerMinute: 600 },
			},
		};
		const before = bed.sandbox.arrivals.filter((entry) => entry.provider === 'rdstation').length;
		const sent = () => bed.sandbox.arrivals.filter((entry) => entry.provider === 'rdstation').length - before;
		let atStop = 0;
		const run = await bed.engine.runNode(createEvents, Array.from({ length: 200 }, (_, index) => ({ email: `stop${index}@example.com` })), {
			stopWhen: () => {
				atStop = sent();
				return atStop >= 5;
			},
		});
		const settled = bed.engine.settled.at(-1)!;
		console.info(`Stop (RD paced 600/min, 200 items): settled ${settled.at - run.stoppedAt!} ms after Stop; ${sent()} sent`);
		// Paced one at a time: at most the one request on its way when Stop came.
		expect(sent() - atStop).toBeLessThanOrEqual(1);
		// Continue On Fail: every input has its item; the ones never sent say so.
		const output = settled.output![0];
		expect(pairedOf(output)).toEqual(Array.from({ length: 200 }, (_, index) => index));
		const notSent = jsonOf(output).filter((json) => json.notSent === true);
		expect(notSent.length).toBe(200 - sent());
		expect(notSent[0].error).toBe('The execution was stopped before this item was sent: nothing was sent for it.');
	});
});

describe('exactly once across re-runs (Skip Items Already Sent)', () => {
	test('1,000 items stopped halfway, then run again: every record exists once; the re-run says which it skipped', async () => {
		bed.sandbox.latencyMs = 20;
		const input = rows(1000, 'Once');
		const node = createLead({ skipAlreadySent: true }, { continueOnFail: true });
		await bed.engine.runNode(node, input, { stopWhen: () => leadsFor('Once').length >= 300 });
		const afterStop = leadsFor('Once').length;
		expect(afterStop).toBeLessThan(1000);

		const rerun = await bed.engine.runNode(node, input);
		expect(rerun.error).toBeUndefined();
		expect(pairedOf(rerun.items)).toEqual(input.map((_, index) => index));
		const skipped = jsonOf(rerun.items).filter((json) => json.skipped === true);
		expect(skipped.length).toBeGreaterThanOrEqual(afterStop);
		expect(skipped[0]).toEqual({ skipped: true, reason: expect.stringMatching(/^Already sent by an earlier run/), key: expect.any(String) });
		const copies = copiesByName('Once');
		console.info(
			`Stop halfway + re-run (1,000 Nexor leads): ${afterStop} created before Stop, ${skipped.length} skipped on re-run, ${copies.size} distinct records, ${[...copies.values()].filter((count) => count > 1).length} duplicated`,
		);
		expect(copies.size).toBe(1000);
		expect([...copies.values()].every((count) => count === 1)).toBe(true);
	});

	test('two runs of one node at once in one n8n process: their calls on the store are one at a time, no key is lost, the re-run sends nothing', async () => {
		const node = createLead({ skipAlreadySent: true }, { continueOnFail: true });
		const [first, second] = [rows(100, 'TwinA'), rows(100, 'TwinB')];
		const runs = await Promise.all([bed.engine.runNode(node, first), bed.engine.runNode(node, second)]);
		expect(runs.flatMap((result) => jsonOf(result.items)).filter((json) => !json.lead)).toEqual([]);

		const posts = bed.sandbox.requests('nexor', 'POST', '/leads').length;
		const rerun = [await bed.engine.runNode(node, first), await bed.engine.runNode(node, second)];
		expect(bed.sandbox.requests('nexor', 'POST', '/leads').length - posts).toBe(0);
		expect(rerun.flatMap((result) => jsonOf(result.items)).every((json) => json.skipped === true)).toBe(true);
		expect([...copiesByName('TwinA').values(), ...copiesByName('TwinB').values()]).toEqual(Array(200).fill(1));
	});

	/*
	 * Another process (a queue-mode worker) writing the same row of n8n's
	 * store: n8n reads and rewrites the row with no lock, and gives community
	 * nodes nothing atomic to share, so overlapping writes lose keys. Where
	 * the provider keeps a record of its own (Nexor conversions carry the
	 * item's key), the node looks there first and nothing is sent twice; where
	 * it does not (Nexor leads here, RD events), the store is best effort:
	 * the figure is printed, as the README says.
	 */
	test('another process rewriting the store row: Nexor conversions looked up in Nexor are never sent twice; leads (store only) are counted', async () => {
		const row = { workflow: { id: 'harness' }, node: { id: 'node-1' } } as unknown as Parameters<typeof deduplicator.checkProcessedAndRecord>[2];
		let otherWorker = true;
		const otherWrites = (async () => {
			for (let index = 0; otherWorker; index++) {
				await deduplicator.checkProcessedAndRecord([`other-worker-${index}`], 'node', row, { mode: 'entries', maxEntries: 100_000 });
			}
		})();
		const lookedUp = {
			type: NODE.nexor,
			continueOnFail: true,
			parameters: {
				resource: 'conversion',
				operation: 'create',
				conversionTypeId: NEXOR_IDS.typeClosedSale,
				leadId: '={{ $json.lead }}',
				amount: '={{ $json.amount }}',
				requestOptions: { skipAlreadySent: true, skipKey: '={{ $json.deal }}', checkNexorFirst: true },
			},
		};
		const deals = Array.from({ length: 100 }, (_, index) => ({ lead: NEXOR_IDS.leadAna, amount: index + 1, deal: `deal-${index}` }));
		const leadsInput = rows(100, 'Wiped');
		const leadNode = createLead({ skipAlreadySent: true }, { continueOnFail: true });
		await Promise.all([bed.engine.runNode(lookedUp, deals.slice(0, 50)), bed.engine.runNode(lookedUp, deals.slice(50))]);
		await Promise.all([bed.engine.runNode(leadNode, leadsInput.slice(0, 50)), bed.engine.runNode(leadNode, leadsInput.slice(50))]);

		const conversionPosts = () => bed.sandbox.requests('nexor', 'POST', '/conversions').length;
		const leadPosts = () => bed.sandbox.requests('nexor', 'POST', '/leads').length;
		const [conversionsBefore, leadsBefore] = [conversionPosts(), leadPosts()];
		const rerunConversions = await bed.engine.runNode(lookedUp, deals);
		await bed.engine.runNode(leadNode, leadsInput);
		otherWorker = false;
		await otherWrites;

		const leadsSentAgain = leadPosts() - leadsBefore;
		console.info(`Another process rewriting the store row: conversions (looked up in Nexor) sent again ${conversionPosts() - conversionsBefore} of 100; leads (store only) sent again ${leadsSentAgain} of 100`);
		expect(conversionPosts() - conversionsBefore).toBe(0);
		const recorded = bed.sandbox.stores.nexor.conversions.filter((conversion) => String((conversion.metadata as IDataObject | undefined)?.n8n_item_key ?? '').startsWith('key:deal-'));
		expect(recorded).toHaveLength(100);
		expect(jsonOf(rerunConversions.items).every((json) => json.skipped === true && json.id !== undefined)).toBe(true);
		expect(jsonOf(rerunConversions.items)[0].reason).toMatch(/^Found in Nexor/);
		expect(leadsSentAgain).toBeLessThanOrEqual(100);
	});

	test('another worker inserting the node’s first keys at the same moment (PostgreSQL refuses the second insert): nothing fails, nothing is lost', async () => {
		deduplicator.interleave = (context) => {
			deduplicator.interleave = undefined;
			deduplicator.rows.set(context, ['other-worker-key']);
		};
		const node = createLead({ skipAlreadySent: true });
		const input = rows(5, 'FirstRow');
		const { items, error } = await bed.engine.runNode(node, input);
		expect(error).toBeUndefined();
		expect(jsonOf(items).every((json) => json.lead !== undefined)).toBe(true);
		expect(deduplicator.rows.get('harness:n:node-1')).toEqual(expect.arrayContaining(['other-worker-key']));
		expect(deduplicator.rows.get('harness:n:node-1')).toHaveLength(6);
		const rerun = await bed.engine.runNode(node, input);
		expect(jsonOf(rerun.items).every((json) => json.skipped === true)).toBe(true);
	});

	test('a stale write from another process brings back keys this run gave back: a 429-ed item is still sent once (its own key); a failed one is then skipped on the re-run (across processes, best effort)', async () => {
		// Another worker's call that read the row while our key was in it writes that copy back 30 ms later.
		const staleWrite = () => {
			const copy = [...(deduplicator.rows.get('harness:n:node-1') ?? [])];
			setTimeout(() => deduplicator.rows.set('harness:n:node-1', copy), 30);
			return true;
		};
		const conversion = {
			type: NODE.rdStation,
			continueOnFail: true,
			parameters: { resource: 'conversion', operation: 'create', conversionIdentifier: 'stale', email: '={{ $json.email }}', requestOptions: { skipAlreadySent: true } },
		};
		const limited = { errors: { error_type: 'TOO_MANY_REQUESTS', error_message: 'Too many requests' } };
		bed.sandbox.script({ provider: 'rdstation', method: 'POST', status: 429, headers: { 'retry-after': '1' }, body: limited, match: (body) => (body as { payload: IDataObject }).payload.email === 'stale-429@example.com' && staleWrite() });
		bed.sandbox.script({ provider: 'rdstation', method: 'POST', status: 400, body: { errors: [{ error_type: 'INVALID', error_message: 'refused once' }] }, match: (body) => (body as { payload: IDataObject }).payload.email === 'stale-400@example.com' && staleWrite() });
		const input = [{ email: 'stale-429@example.com' }, { email: 'stale-400@example.com' }];
		const sent = (email: string) => bed.sandbox.requests('rdstation', 'POST').filter((entry) => (entry.body as { payload: IDataObject }).payload.email === email);

		const first = await bed.engine.runNode(conversion, input);
		expect(sent('stale-429@example.com').map((entry) => entry.status)).toEqual([429, 200]);
		expect(first.items[0].json.event_uuid).toEqual(expect.any(String));
		expect(first.items[1].json.error).toBeDefined();
		await new Promise((resolve) => setTimeout(resolve, 100));

		const rerun = await bed.engine.runNode(conversion, input);
		expect(rerun.items[0].json.skipped).toBe(true);
		// The failed item's key, removed by this process, was written back by the other one.
		expect(rerun.items[1].json.skipped).toBe(true);
		expect(sent('stale-400@example.com').map((entry) => entry.status)).toEqual([400]);
	});

	test('node-level Retry On Fail re-runs the node: items created by the failed try are skipped, nothing twice', async () => {
		const input = rows(100, 'Retry');
		bed.sandbox.script({ provider: 'nexor', method: 'POST', path: '/leads', status: 400, body: { error: 'Bad Request', message: 'transient' }, match: (body) => (body as IDataObject).first_name === 'Retry-60' });
		const { items, error } = await bed.engine.runNode(
			createLead({ skipAlreadySent: true, concurrency: 1 }, { retryOnFail: { maxTries: 2 } }),
			input,
		);
		expect(error).toBeUndefined();
		const skipped = jsonOf(items).filter((json) => json.skipped === true);
		expect(skipped).toHaveLength(60);
		expect([...copiesByName('Retry').values()].every((count) => count === 1)).toBe(true);
		expect(copiesByName('Retry').size).toBe(100);
	});

	test('a custom Skip Key: the same deal sent twice is created once; failed items are sent again on the next run', async () => {
		const node = createLead({ skipAlreadySent: true, skipKey: '={{ $json.deal }}' }, { continueOnFail: true });
		bed.sandbox.script({ provider: 'nexor', method: 'POST', path: '/leads', status: 400, body: { error: 'Bad Request', message: 'nope' }, match: (body) => (body as IDataObject).first_name === 'Key-b' });
		const first = await bed.engine.runNode(node, [{ name: 'Key-a', deal: 'D1' }, { name: 'Key-b', deal: 'D2' }, { name: 'Key-a2', deal: 'D1' }]);
		expect(first.items[0].json.lead).toBeDefined();
		expect(first.items[1].json.error).toBe('nope');
		expect(first.items[2].json).toMatchObject({ skipped: true, key: 'key:D1' });
		const second = await bed.engine.runNode(node, [{ name: 'Key-a', deal: 'D1' }, { name: 'Key-b', deal: 'D2' }]);
		expect(second.items[0].json.skipped).toBe(true);
		expect(second.items[1].json.lead).toMatchObject({ first_name: 'Key-b' });
	});

	test('a create that may have been recorded stays remembered: the next run skips it instead of risking a duplicate', async () => {
		const node = createLead({ skipAlreadySent: true }, { continueOnFail: true });
		bed.sandbox.injectFaults({ rateProcessedThen500: 1, methods: ['POST'], providers: ['nexor'] });
		const first = await bed.engine.runNode(node, [{ name: 'Maybe-1' }]);
		expect(first.items[0].json.possiblyCreated).toBe(true);
		bed.sandbox.injectFaults(undefined);
		const second = await bed.engine.runNode(node, [{ name: 'Maybe-1' }]);
		expect(second.items[0].json.skipped).toBe(true);
		expect(leadsFor('Maybe')).toHaveLength(1);
	});
});

describe('a key is recorded only as its request leaves (a process killed at any moment loses nothing)', () => {
	const recordedKeys = () => [...deduplicator.rows.values()].reduce((sum, entries) => sum + entries.length, 0);
	const conversions = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => ({ email: `${prefix}${index}@example.com` }));
	const paced = (prefix: string) => ({
		type: NODE.rdStation,
		parameters: {
			resource: 'conversion',
			operation: 'create',
			conversionIdentifier: prefix,
			email: '={{ $json.email }}',
			requestOptions: { requestsPerMinute: 60, concurrency: 10, skipAlreadySent: true },
		},
	});
	const sentFor = (prefix: string) =>
		bed.sandbox.requests('rdstation', 'POST').filter((entry) => (entry.body as { payload: IDataObject }).payload.conversion_identifier === prefix);

	test('items waiting for their pacing turn are not recorded: the store holds the sent ones only', async () => {
		const running = bed.engine.runNode(paced('turns'), conversions('turns', 6));
		await new Promise((resolve) => setTimeout(resolve, 2500));
		// Mid-run: 10 items may run at once, but the pace (1 per second) lets ~3 leave; only those are recorded.
		const [recorded, arrived] = [recordedKeys(), sentFor('turns').length];
		const { items, error } = await running;
		console.info(`Keys recorded mid-run (6 items, 10 at once, paced 1/s): ${recorded} recorded, ${arrived} requests arrived`);
		expect(error).toBeUndefined();
		expect(arrived).toBeGreaterThanOrEqual(2);
		expect(recorded).toBeLessThanOrEqual(arrived + 1);
		expect(jsonOf(items).every((json) => typeof json.event_uuid === 'string')).toBe(true);
		expect(recordedKeys()).toBe(6);
	});

	test('an item waiting out a 429 is not recorded while it waits, and is recorded once sent', async () => {
		bed.sandbox.script({ provider: 'rdstation', method: 'POST', status: 429, headers: { 'retry-after': '3' }, body: { errors: { error_type: 'TOO_MANY_REQUESTS', error_message: 'Too many requests' } } });
		const running = bed.engine.runNode({ ...paced('held'), parameters: { ...paced('held').parameters, requestOptions: { skipAlreadySent: true } } }, conversions('held', 1));
		await new Promise((resolve) => setTimeout(resolve, 1500));
		const recordedWhileWaiting = recordedKeys();
		const { items, error } = await running;
		expect(error).toBeUndefined();
		expect(sentFor('held').map((entry) => entry.status)).toEqual([429, 200]);
		expect(recordedWhileWaiting).toBe(0);
		expect(items[0].json.event_uuid).toEqual(expect.any(String));
		expect(recordedKeys()).toBe(1);
	});
});

describe('conversion type fields are typed at run time', () => {
	const conversion = (typeFields: IDataObject, extra: IDataObject = {}) => ({
		type: NODE.nexor,
		continueOnFail: true,
		parameters: {
			resource: 'conversion',
			operation: 'create',
			conversionTypeId: NEXOR_IDS.typeClosedSale,
			leadId: NEXOR_IDS.leadAna,
			amount: 1000,
			typeFields,
			...extra,
		},
	});
	const lastMetadata = () => (bed.sandbox.requests('nexor', 'POST', '/conversions').at(-1)!.body as IDataObject).metadata;

	test('a hand-written workflow without a schema: number fields go as numbers, unknown keys as given', async () => {
		const { items } = await bed.engine.runNode(
			conversion({ mappingMode: 'defineBelow', value: { commission: '2500', financing_months: '12', property_unit: 'Apt 1', note_key: '007' } }),
			[{}, {}],
		);
		expect(items[0].json.error).toBeUndefined();
		expect(lastMetadata()).toEqual({ commission: 2500, financing_months: 12, property_unit: 'Apt 1', note_key: '007' });
		// The type was read once for the run, not once per item.
		expect(bed.sandbox.requests('nexor', 'GET', '/conversion-types').length).toBeGreaterThan(0);
	});

	test('a stale schema that calls a number field text: sent as a number all the same', async () => {
		const stale = [{ id: 'commission', displayName: 'Commission', type: 'string', display: true, required: false, defaultMatch: false }];
		await bed.engine.runNode(conversion({ mappingMode: 'defineBelow', value: { commission: '2500' }, schema: stale }), [{}]);
		expect(lastMetadata()).toEqual({ commission: 2500 });
	});

	test('the type read once per run', async () => {
		const before = bed.sandbox.requests('nexor', 'GET', '/conversion-types').length;
		await bed.engine.runNode(conversion({ mappingMode: 'defineBelow', value: { commission: '1' } }), rows(20, 'Type'));
		expect(bed.sandbox.requests('nexor', 'GET', '/conversion-types').length - before).toBe(1);
	});

	test('Amount left unset is refused, naming Amount; 0 set on purpose is sent', async () => {
		const unset = await bed.engine.runNode(conversion({ mappingMode: 'defineBelow', value: {} }, { amount: undefined }), [{}]);
		expect(unset.items[0].json.error).toBe('Amount: expected a number (it is required), got "" [item 0]');
		const zero = await bed.engine.runNode(conversion({ mappingMode: 'defineBelow', value: {} }, { amount: 0 }), [{}]);
		expect(zero.items[0].json).toMatchObject({ amount: 0 });
	});
});
