/*
 * The nodes' Request Options beside n8n's own node Settings (Retry On Fail,
 * On Error), each combination the README names, run by the runtime's own
 * WorkflowExecute (which implements n8n's settings):
 * - Retry On Fail re-runs the whole node: every item again, so creates go
 *   twice — unless Skip Items Already Sent is on (then the retry sends only
 *   what the failed try did not);
 * - Attempts per Request repeats only the request that met a 429, within one
 *   run: nothing twice, no node-level retry needed;
 * - On Error: Stop Workflow (the run fails, its error accounts for every
 *   item), Continue (regular output: the failed item in place), Continue
 *   (using error output: the failed item on the error output, paired to its
 *   input; the others on the main output).
 */
import type { IDataObject } from 'n8n-workflow';

import type { NodeSpec } from './harness/engine';
import { deduplicator } from './harness/engine';
import { jsonOf, NODE, pairedOf, useTestBed } from './setup';

jest.setTimeout(120_000);

const bed = useTestBed();
beforeEach(() => deduplicator.rows.clear());

const createLead = (requestOptions: IDataObject, extra: Partial<NodeSpec> = {}): NodeSpec => ({
	type: NODE.nexor,
	parameters: { resource: 'lead', operation: 'create', firstName: '={{ $json.name }}', requestOptions: { concurrency: 1, requestsPerMinute: 0, ...requestOptions } },
	...extra,
});
const rows = (prefix: string, count = 4) => Array.from({ length: count }, (_, index) => ({ name: `${prefix}-${index}` }));
const copiesOf = (prefix: string) => {
	const counts = new Map<string, number>();
	for (const lead of bed.sandbox.stores.nexor.leads.values()) {
		const name = String(lead.first_name);
		if (name.startsWith(`${prefix}-`)) counts.set(name, (counts.get(name) ?? 0) + 1);
	}
	return counts;
};
/** Row 2 is refused once (a transient 400), as a service's hiccup would. */
const refuseRowTwoOnce = (prefix: string) =>
	bed.sandbox.script({ provider: 'nexor', method: 'POST', path: '/leads', status: 400, body: { error: 'Bad Request', message: 'transient' }, match: (body) => (body as IDataObject).first_name === `${prefix}-2` });

describe('n8n’s Retry On Fail', () => {
	test('without Skip Items Already Sent: the retry sends every item again, so the rows before the failure are created twice', async () => {
		refuseRowTwoOnce('Twice');
		const { error } = await bed.engine.runNode(createLead({}, { retryOnFail: { maxTries: 2 } }), rows('Twice'));
		expect(error).toBeUndefined();
		expect(Object.fromEntries(copiesOf('Twice'))).toEqual({ 'Twice-0': 2, 'Twice-1': 2, 'Twice-2': 1, 'Twice-3': 1 });
	});

	test('with Skip Items Already Sent: the retry sends only what the failed try did not; every row once', async () => {
		refuseRowTwoOnce('Once');
		const { items, error } = await bed.engine.runNode(createLead({ skipAlreadySent: true }, { retryOnFail: { maxTries: 2 } }), rows('Once'));
		expect(error).toBeUndefined();
		expect(jsonOf(items).map((json) => (json.skipped === true ? 'skipped' : 'created'))).toEqual(['skipped', 'skipped', 'created', 'created']);
		expect(Object.fromEntries(copiesOf('Once'))).toEqual({ 'Once-0': 1, 'Once-1': 1, 'Once-2': 1, 'Once-3': 1 });
	});
});

test('Attempts per Request: a 429 is waited out and only that request sent again, within the run (no Retry On Fail needed)', async () => {
	bed.sandbox.script({ provider: 'nexor', method: 'POST', path: '/leads', status: 429, headers: { 'retry-after': '0' }, body: { error: 'Too Many Requests', message: 'slow' } });
	const { items, error } = await bed.engine.runNode(createLead({ maxAttempts: 2 }), rows('Paced'));
	expect(error).toBeUndefined();
	expect(jsonOf(items).every((json) => json.lead !== undefined)).toBe(true);
	expect(Object.fromEntries(copiesOf('Paced'))).toEqual({ 'Paced-0': 1, 'Paced-1': 1, 'Paced-2': 1, 'Paced-3': 1 });
});

describe('n8n’s On Error', () => {
	test('Stop Workflow: the run fails at row 2, its error says what was created and what was not sent', async () => {
		refuseRowTwoOnce('Stop');
		const { error } = await bed.engine.runNode(createLead({}), rows('Stop'));
		expect(error?.message).toBe('transient');
		expect(error?.description).toMatch(/Created before it stopped \(2\): item 0 \(.+\), item 1 \(.+\)\. Not sent \(1\): items 3\./);
		expect(Object.fromEntries(copiesOf('Stop'))).toEqual({ 'Stop-0': 1, 'Stop-1': 1 });
	});

	test('Stop Workflow, one create answered 500: the error says it may have been recorded, and nothing contradicts it', async () => {
		bed.sandbox.script({ provider: 'nexor', method: 'POST', path: '/leads', status: 500, body: { error: 'Internal Server Error', message: 'boom' } });
		const { error } = await bed.engine.runNode(createLead({}), rows('Maybe', 1));
		expect(error?.message).toMatch(/may have been recorded/);
		expect(error?.description ?? '').not.toMatch(/created\./i);
	});

	test('Stop Workflow on a read: the error says nothing about creating', async () => {
		const { error } = await bed.engine.runNode(
			{ type: NODE.nexor, parameters: { resource: 'lead', operation: 'get', leadId: '00000000-0000-4000-8000-000000000000', requestOptions: { concurrency: 1 } } },
			rows('Read', 2),
		);
		expect(error?.httpCode).toBe('404');
		expect(error?.description ?? '').not.toMatch(/creat/i);
	});

	test('Continue (regular output): the failed item in its place, the others created', async () => {
		refuseRowTwoOnce('Regular');
		const { items, errorItems, error } = await bed.engine.runNode(createLead({}, { onError: 'continueRegularOutput' }), rows('Regular'));
		expect(error).toBeUndefined();
		expect(jsonOf(items).map((json) => json.error ?? 'created')).toEqual(['created', 'created', 'transient', 'created']);
		// What the next node reads of the failed item: the message, what helps act on it, the status.
		expect(items[2].json).toMatchObject({ error: 'transient', description: expect.stringMatching(/^Nexor answered 400 to POST /), httpCode: '400' });
		expect(pairedOf(items)).toEqual([0, 1, 2, 3]);
		expect(errorItems).toEqual([]);
	});

	test('Continue (using error output): the failed item on the error output, paired to its input; the others on the main output', async () => {
		refuseRowTwoOnce('ErrorOutput');
		const { items, errorItems, error } = await bed.engine.runNode(createLead({}, { onError: 'continueErrorOutput' }), rows('ErrorOutput'));
		expect(error).toBeUndefined();
		expect(jsonOf(items).map((json) => (json.lead as IDataObject).first_name)).toEqual(['ErrorOutput-0', 'ErrorOutput-1', 'ErrorOutput-3']);
		expect(pairedOf(items)).toEqual([0, 1, 3]);
		// As n8n's own nodes there: the message as `error` (n8n writes it so), the whole error (description, code…) on the item.
		expect(jsonOf(errorItems)).toEqual([{ error: 'transient' }]);
		expect(errorItems[0].error).toMatchObject({ message: 'transient', description: expect.stringMatching(/^Nexor answered 400 to POST /), context: { code: 'Bad Request' } });
		expect(pairedOf(errorItems)).toEqual([2]);
	});
});
