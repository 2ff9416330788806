/*
 * Lead → Create with "Send in Batches": up to 1,000 leads per POST /leads,
 * each item's outcome read from whichever shape Nexor's answer has (it is
 * not documented: docs/nexor-api.md §Leads.Bulk), an answer that says
 * nothing about an item reported as such, a batch refused whole halved.
 */
import type { IDataObject } from 'n8n-workflow';

import type { BulkRule } from '../sandbox/nexor';
import { NEXOR_IDS } from '../sandbox/nexor';
import { jsonOf, pairedOf, useTestBed } from '../setup';
import { nexorRequestsSince, runNexor } from './support';

const bed = useTestBed();

const UNKNOWN_WORKFLOW = '00000000-0000-4000-8000-0000000000aa';

const createInBatches = (extra: IDataObject = {}) => ({
	resource: 'lead',
	operation: 'create',
	firstName: '={{ $json.name }}',
	email: '={{ $json.email }}',
	workflowId: '={{ $json.workflow ?? "" }}',
	sendInBatches: true,
	...extra,
});

/** Five rows; the third names a workflow Nexor does not have, which only Nexor can tell. */
const rows = (prefix: string) =>
	['Ana', 'Bruno', 'Bad', 'Dora', 'Eli'].map((name) => ({
		name: `${prefix}-${name}`,
		email: `${prefix.toLowerCase()}-${name.toLowerCase()}@example.com`,
		...(name === 'Bad' ? { workflow: UNKNOWN_WORKFLOW } : {}),
	}));

const storedNamed = (prefix: string) => [...bed.sandbox.stores.nexor.leads.values()].filter((lead) => lead.first_name.startsWith(`${prefix}-`));

afterEach(() => {
	bed.sandbox.stores.nexor.bulkRule = 'results';
});

describe('Nexor: Lead → Create in batches', () => {
	test.each<[BulkRule, string]>([
		['results', 'per position under "results"'],
		['bareArray', 'per position, a bare list'],
		['createdWithErrors', 'errors with an index beside the created leads'],
		['createdOnly', 'the created leads only, matched by email'],
	])('bulk answer %s (%s): one request, each item its own lead or Nexor’s own error', async (rule) => {
		bed.sandbox.stores.nexor.bulkRule = rule;
		const prefix = `Bulk${rule}`;
		const mark = bed.sandbox.requests('nexor').length;
		const { items, error } = await runNexor(bed, createInBatches(), rows(prefix), { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(pairedOf(items)).toEqual([0, 1, 2, 3, 4]);

		const posts = nexorRequestsSince(bed, mark).filter((entry) => entry.method === 'POST' && entry.path === '/leads');
		expect(posts).toHaveLength(1);
		expect(posts[0].body).toHaveLength(5);

		const output = jsonOf(items) as Array<{ lead?: IDataObject; error?: string; httpCode?: string }>;
		const stored = storedNamed(prefix);
		expect(stored.map((lead) => lead.first_name).sort()).toEqual([`${prefix}-Ana`, `${prefix}-Bruno`, `${prefix}-Dora`, `${prefix}-Eli`]);
		for (const index of [0, 1, 3, 4]) {
			// Each item carries the lead Nexor made for it, not a neighbour's.
			expect(output[index].lead).toMatchObject({ first_name: rows(prefix)[index].name, email: rows(prefix)[index].email });
			expect(stored.some((lead) => lead.id === output[index].lead!.id)).toBe(true);
		}
		if (rule === 'createdOnly') {
			// Nexor named no error for it: nothing is guessed, the item says its outcome is unknown.
			expect(output[2]).toMatchObject({ possiblyCreated: true });
			expect(output[2].error).toMatch(/^Nexor accepted the batch but its answer does not say what became of this lead/);
		} else {
			expect(output[2]).toMatchObject({
				error: 'Nexor refused this lead of the batch: workflow_id not found or does not belong to your account',
				httpCode: '400',
			});
		}
	});

	test('an answer with counts only: every item says it may have been created, nothing is guessed or sent again', async () => {
		bed.sandbox.stores.nexor.bulkRule = 'counts';
		const mark = bed.sandbox.requests('nexor').length;
		const { items, error } = await runNexor(bed, createInBatches(), rows('Counts').filter((row) => !row.workflow), { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(4);
		for (const item of jsonOf(items)) {
			expect(item).toMatchObject({ possiblyCreated: true });
			expect(item.error).toMatch(/may have been created\. Check in Nexor before sending it again, or send without "Send in Batches"/);
			expect(item.description).toContain('"created":4');
		}
		expect(nexorRequestsSince(bed, mark)).toHaveLength(1);
		expect(storedNamed('Counts')).toHaveLength(4);
	});

	test('the same answer without Continue On Fail fails the run and lists the items as possibly recorded', async () => {
		bed.sandbox.stores.nexor.bulkRule = 'counts';
		const { error } = await runNexor(bed, createInBatches(), rows('CountsStop').slice(0, 2));
		expect(error?.message).toMatch(/^Nexor accepted the batch but its answer does not say what became of this lead/);
		expect(error?.description).toContain('May have been recorded (1): items 1.');
	});

	test('a batch refused whole (400) is halved until the bad lead stands alone: every good lead created once', async () => {
		bed.sandbox.stores.nexor.bulkRule = 'rejectBatch';
		const prefix = 'Halved';
		const mark = bed.sandbox.requests('nexor').length;
		const { items, error } = await runNexor(bed, createInBatches(), rows(prefix), { continueOnFail: true });
		expect(error).toBeUndefined();
		const output = jsonOf(items);
		expect(output[2]).toMatchObject({ error: 'workflow_id not found or does not belong to your account', httpCode: '400' });
		expect(output.filter((item) => item.lead).map((item) => (item.lead as IDataObject).first_name)).toEqual(
			[0, 1, 3, 4].map((index) => rows(prefix)[index].name),
		);
		const stored = storedNamed(prefix);
		expect(stored).toHaveLength(4);
		expect(new Set(stored.map((lead) => lead.first_name)).size).toBe(4);
		// 5 refused → 3 (refused) + 2 (created) → 2 (created) + 1 alone (refused): four requests.
		const sizes = nexorRequestsSince(bed, mark).map((entry) => (Array.isArray(entry.body) ? entry.body.length : 1));
		expect(sizes).toEqual([5, 3, 2, 1, 2]);
	});

	test('a 400 whose answer still names created leads is read, not halved (nothing is sent twice)', async () => {
		const prefix = 'Partial400';
		const [first, second] = rows(prefix);
		bed.sandbox.script({
			provider: 'nexor',
			method: 'POST',
			path: '/leads',
			status: 400,
			body: {
				error: 'Partial failure',
				results: [
					{ success: true, lead: { id: '11111111-1111-4111-8111-111111111111', first_name: first.name, email: first.email } },
					{ success: false, error: 'Bad Request', message: 'phone is required' },
				],
			},
		});
		const mark = bed.sandbox.requests('nexor').length;
		const { items } = await runNexor(bed, createInBatches(), [first, second], { continueOnFail: true });
		expect(nexorRequestsSince(bed, mark)).toHaveLength(1);
		expect(jsonOf(items)).toEqual([
			// What a lead created on its own outputs: its workflow run and Nexor's warning, none here.
			{ lead: { id: '11111111-1111-4111-8111-111111111111', first_name: first.name, email: first.email }, workflow_run: null, warning: null },
			expect.objectContaining({ error: 'Nexor refused this lead of the batch: phone is required', httpCode: '400' }),
		]);
	});

	test('a list whose order does not follow the items is matched by email, not by position', async () => {
		const prefix = 'Swapped';
		const [first, second] = rows(prefix);
		bed.sandbox.script({
			provider: 'nexor',
			method: 'POST',
			path: '/leads',
			status: 201,
			body: { success: true, leads: [{ id: 'id-second', first_name: second.name, email: second.email.toUpperCase() }, { id: 'id-first', first_name: first.name, email: first.email }] },
		});
		const { items, error } = await runNexor(bed, createInBatches(), [first, second]);
		expect(error).toBeUndefined();
		expect(jsonOf(items).map((item) => (item.lead as IDataObject).id)).toEqual(['id-first', 'id-second']);
	});

	test('an error index outside the batch is not guessed at: the items say their outcome is unknown', async () => {
		const [first, second] = rows('OutOfRange');
		bed.sandbox.script({ provider: 'nexor', method: 'POST', path: '/leads', status: 200, body: { success: true, errors: [{ index: 2, message: 'bad' }] } });
		const { items } = await runNexor(bed, createInBatches(), [first, second], { continueOnFail: true });
		expect(jsonOf(items).every((item) => item.possiblyCreated === true)).toBe(true);
	});

	test('2,500 rows go as 1,000 + 1,000 + 500; a lone lead goes as the documented single object', async () => {
		const store = bed.sandbox.stores.nexor;
		const before = store.bulkSizes.length;
		const many = Array.from({ length: 2500 }, (_, index) => ({ name: `Many-${index}`, email: `many-${index}@example.com` }));
		const { items, error } = await runNexor(bed, createInBatches({ requestOptions: { concurrency: 1 } }), many);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2500);
		expect(store.bulkSizes.slice(before)).toEqual([1000, 1000, 500]);
		expect(new Set(jsonOf(items).map((item) => (item.lead as IDataObject).id)).size).toBe(2500);

		const mark = bed.sandbox.requests('nexor').length;
		const { items: alone } = await runNexor(bed, createInBatches(), [{ name: 'Alone', email: 'alone@example.com' }]);
		const [sent] = nexorRequestsSince(bed, mark);
		expect(Array.isArray(sent.body)).toBe(false);
		expect((alone[0].json.lead as IDataObject).first_name).toBe('Alone');
	});

	test('with Skip Items Already Sent, a second run of the same rows sends nothing', async () => {
		const parameters = createInBatches({ requestOptions: { skipAlreadySent: true, skipKey: '={{ $json.email }}' } });
		const input = rows('Skip').filter((row) => !row.workflow);
		const first = await runNexor(bed, parameters, input);
		expect(first.error).toBeUndefined();
		const mark = bed.sandbox.requests('nexor').length;
		const second = await runNexor(bed, parameters, input);
		expect(second.error).toBeUndefined();
		expect(jsonOf(second.items).every((item) => item.skipped === true)).toBe(true);
		expect(nexorRequestsSince(bed, mark)).toHaveLength(0);
		expect(storedNamed('Skip')).toHaveLength(4);
	});

	test('"Send in Batches" is offered on Lead → Create and on Lead Router → Route Leads', () => {
		const node = bed.engine.nodeTypes.getByNameAndVersion('n8n-nodes-lead-conversions.nexor');
		const switches = node.description.properties.filter((property) => property.name === 'sendInBatches');
		expect(switches.map((property) => property.displayOptions?.show)).toEqual([
			{ resource: ['lead'], operation: ['create'] },
			{ resource: ['leadRouter'], operation: ['routeLeads'] },
		]);
	});

	test('a workflow ID given to a batch row is still checked before anything is sent', async () => {
		const mark = bed.sandbox.requests('nexor').length;
		const { error } = await runNexor(bed, createInBatches(), [{ name: 'A', email: 'a@example.com', workflow: NEXOR_IDS.workflowNurture }, { name: 'B', workflow: 'not-a-uuid' }]);
		expect(error?.message).toBe('Workflow: expected a UUID such as 123e4567-e89b-12d3-a456-426614174000, got "not-a-uuid" [item 1]');
		expect(nexorRequestsSince(bed, mark)).toHaveLength(0);
	});
});
