/*
 * Lead → Get, Update, Assign to Workflow, Set Status and Get Meetings on the
 * wire (docs/nexor-api.md §Leads): what is sent, what the user sees, and bad
 * input refused before anything leaves.
 */
import type { IDataObject } from 'n8n-workflow';

import { NEXOR_IDS } from '../sandbox/nexor';
import { jsonOf, pairedOf, useTestBed } from '../setup';
import { nexorRequestsSince, runNexor } from './support';

const bed = useTestBed();

const lead = (operation: string, parameters: IDataObject = {}) => ({ resource: 'lead', operation, ...parameters });

/** A fresh lead of our own (tests change leads). */
async function newLead(first: string, extra: IDataObject = {}): Promise<IDataObject> {
	const { items, error } = await runNexor(bed, lead('create', { firstName: first, ...extra }), [{}]);
	if (error) throw error;
	return items[0].json.lead as IDataObject;
}

describe('Nexor: Lead → Get', () => {
	test('the lead with its campaign, tags, active workflow run and status, and its variables', async () => {
		const { items, error } = await runNexor(bed, lead('get', { leadId: '={{ $json.id }}' }), [{ id: NEXOR_IDS.leadAna }]);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			id: NEXOR_IDS.leadAna,
			first_name: 'Ana',
			email: 'ana@example.com',
			tags: [],
			active_workflow_run: { id: NEXOR_IDS.workflowRunAna, workflow: { name: 'Sales Outreach' }, current_status: { key: expect.any(String) } },
			variables: {},
		});
		const [request] = bed.sandbox.requests('nexor', 'GET').slice(-1);
		expect(request.path).toBe(`/leads/${NEXOR_IDS.leadAna}`);
	});

	test('an unknown lead says so, with its ID; a malformed ID is refused before sending', async () => {
		const { items } = await runNexor(bed, lead('get', { leadId: '={{ $json.id }}' }), [{ id: '00000000-0000-4000-8000-000000000001' }, { id: '../conversions' }], { continueOnFail: true });
		expect(items[0].json).toMatchObject({ error: 'Nexor has no lead with ID "00000000-0000-4000-8000-000000000001" in this account: Lead not found', httpCode: '404' });
		expect(items[1].json.error).toBe('Lead ID: expected a UUID such as 123e4567-e89b-12d3-a456-426614174000, got "../conversions" [item 1]');
	});

	test('an answer that is the lead itself (an older reading of the docs) is taken too', async () => {
		bed.sandbox.script({ provider: 'nexor', method: 'GET', path: `/leads/${NEXOR_IDS.leadBruno}`, status: 200, body: { id: NEXOR_IDS.leadBruno, first_name: 'Bruno' } });
		const { items } = await runNexor(bed, lead('get', { leadId: NEXOR_IDS.leadBruno }), [{}]);
		expect(items[0].json).toEqual({ id: NEXOR_IDS.leadBruno, first_name: 'Bruno' });
	});
});

describe('Nexor: Lead → Update', () => {
	test('only the fields given are sent; metadata merges shallowly; cleared fields go as null', async () => {
		const created = await newLead('Upd', { email: 'upd@example.com', phone: '+5611', metadataInput: 'json', metadataJson: '{"keep": 1, "change": "old"}' });
		const mark = bed.sandbox.requests('nexor').length;
		const { items, error } = await runNexor(
			bed,
			lead('update', {
				leadId: created.id as string,
				updateFields: { lastName: 'Updated', company: 'ACME', email: '' },
				metadataInput: 'pairs',
				metadataPairs: { pair: [{ name: 'change', type: 'string', value: 'new' }, { name: 'added', type: 'number', value: '2' }] },
				clearFields: ['phone'],
			}),
			[{}],
		);
		expect(error).toBeUndefined();
		const [sent] = nexorRequestsSince(bed, mark);
		expect(sent.method).toBe('PATCH');
		// The empty email (from an expression, say) is left as it is; phone is cleared on purpose.
		expect(sent.body).toEqual({ last_name: 'Updated', company: 'ACME', metadata: { change: 'new', added: 2 }, phone: null });
		expect(items[0].json).toMatchObject({ id: created.id, last_name: 'Updated', company: 'ACME', email: 'upd@example.com', phone: null, metadata: { keep: 1, change: 'new', added: 2 } });
	});

	test('the campaign is changed by picker and detached with Clear Fields', async () => {
		const created = await newLead('Camp');
		const moved = await runNexor(bed, lead('update', { leadId: created.id as string, campaignId: { __rl: true, mode: 'list', value: NEXOR_IDS.campaignSpring } }), [{}]);
		expect((moved.items[0].json.campaign as IDataObject).name).toBe('Spring Launch');
		const detached = await runNexor(bed, lead('update', { leadId: created.id as string, clearFields: ['campaign_id'] }), [{}]);
		expect(detached.items[0].json.campaign).toBeNull();
		expect(bed.sandbox.requests('nexor', 'PATCH').slice(-1)[0].body).toEqual({ campaign_id: null });
	});

	test.each([
		[{ updateFields: {} }, 'Update Fields: expected at least one field to change or to clear, got none [item 0]'],
		[{ updateFields: { email: 'nope' } }, 'Email: expected an email address such as jane@example.com, got "nope" [item 0]'],
		[{ updateFields: { phone: '+1' }, clearFields: ['phone'] }, 'Phone: expected either a new value or Clear Fields, got both [item 0]'],
		[{ campaignId: { __rl: true, mode: 'id', value: '={{ "spring" }}' } }, 'Campaign: expected a UUID such as 123e4567-e89b-12d3-a456-426614174000, got "spring" [item 0]'],
	])('bad input %j is refused before sending: %s', async (parameters, message) => {
		const mark = bed.sandbox.requests('nexor').length;
		const { error } = await runNexor(bed, lead('update', { leadId: NEXOR_IDS.leadBruno, ...parameters }), [{}]);
		expect(error?.message).toBe(message);
		expect(nexorRequestsSince(bed, mark)).toHaveLength(0);
	});
});

describe('Nexor: Lead → Assign to Workflow', () => {
	test('a first workflow is an enrolment, the next a reassignment (camelCase body)', async () => {
		const created = await newLead('Mover');
		const assign = (workflow: string) =>
			runNexor(bed, lead('assignWorkflow', { leadId: created.id as string, workflowId: { __rl: true, mode: 'list', value: workflow }, additionalFields: { reason: 'qualified by n8n' } }), [{}]);
		const first = await assign(NEXOR_IDS.workflowNurture);
		expect(first.items[0].json).toMatchObject({ leadId: created.id, workflowName: 'WhatsApp Nurture', movementType: 'enrollment', enrolled: true, reassigned: false, workflowRunId: expect.any(String) });
		expect(bed.sandbox.requests('nexor', 'POST').slice(-1)[0].body).toEqual({ workflowId: NEXOR_IDS.workflowNurture, reason: 'qualified by n8n' });
		const second = await assign(NEXOR_IDS.workflowOutreach);
		expect(second.items[0].json).toMatchObject({ movementType: 'reassignment', enrolled: false, reassigned: true, workflowName: 'Sales Outreach' });
	});

	test('a workflow is required and must be a UUID', async () => {
		const { items } = await runNexor(bed, lead('assignWorkflow', { leadId: NEXOR_IDS.leadBruno, workflowId: '={{ $json.workflow }}' }), [{ workflow: '' }, { workflow: 'nurture' }], { continueOnFail: true });
		expect(items[0].json.error).toBe('Workflow: expected a UUID such as 123e4567-e89b-12d3-a456-426614174000, got "" [item 0]');
		expect(items[1].json.error).toBe('Workflow: expected a UUID such as 123e4567-e89b-12d3-a456-426614174000, got "nurture" [item 1]');
	});
});

describe('Nexor: Lead → Set Status', () => {
	test('the statuses of the chosen workflow fill the dropdown', async () => {
		const options = await bed.engine.loadOptions('n8n-nodes-lead-conversions.nexor', 'getWorkflowStatuses', {
			resource: 'lead',
			operation: 'setStatus',
			workflowId: { __rl: true, mode: 'list', value: NEXOR_IDS.workflowOutreach },
		});
		expect(options.map((option) => option.value)).toEqual(['new', 'contacted', 'qualified', 'won', 'lost']);
		expect(options[3]).toMatchObject({ name: 'Won (won)', description: 'won' });
		const none = await bed.engine.loadOptions('n8n-nodes-lead-conversions.nexor', 'getWorkflowStatuses', { resource: 'lead', operation: 'setStatus' });
		expect(none).toEqual([]);
	});

	test('a new status changes; the same again says changed: false; a key the workflow lacks shows Nexor’s refusal', async () => {
		const created = await newLead('Status', { phone: '+56900', workflowId: NEXOR_IDS.workflowNurture });
		const set = (statusKey: string) => runNexor(bed, lead('setStatus', { leadId: created.id as string, statusKey, reason: 'deal closed' }), [{}], { continueOnFail: true });
		const changed = await set('won');
		expect(changed.items[0].json).toMatchObject({ leadId: created.id, changed: true, previous_status: { key: 'new' }, new_status: { key: 'won', category: 'won' } });
		expect(bed.sandbox.requests('nexor', 'POST').slice(-1)[0].body).toEqual({ status_key: 'won', reason: 'deal closed' });
		const again = await set('won');
		expect(again.items[0].json).toMatchObject({ changed: false, note: 'The lead already has this status' });
		const unknown = await set('qualified');
		expect(unknown.items[0].json.error).toBe(
			'Status "qualified" was refused: status_key "qualified" is not a status of workflow "WhatsApp Nurture". Status keys are those of the lead’s workflow; pick the workflow to list them.',
		);
	});

	test('the chosen workflow is sent along to pick one of several runs; an empty status is refused before sending', async () => {
		const created = await newLead('Runs', { phone: '+56901', workflowId: NEXOR_IDS.workflowNurture });
		const { items } = await runNexor(
			bed,
			lead('setStatus', { leadId: created.id as string, statusKey: '={{ $json.status }}', workflowId: { __rl: true, mode: 'id', value: NEXOR_IDS.workflowNurture } }),
			[{ status: 'engaged' }, { status: '' }],
			{ continueOnFail: true },
		);
		expect(items[0].json).toMatchObject({ changed: true, new_status: { key: 'engaged' } });
		expect(bed.sandbox.requests('nexor', 'POST').slice(-1)[0].body).toEqual({ status_key: 'engaged', workflow_id: NEXOR_IDS.workflowNurture });
		expect(items[1].json.error).toBe('Status: expected a value (it is required), got "" [item 1]');
	});
});

describe('Nexor: Lead → Get Meetings', () => {
	test('one item per meeting, newest first, filtered by status on the wire', async () => {
		const created = await newLead('Meets', { email: 'meets@example.com' });
		const meeting = (title: string, startsAt: string) =>
			runNexor(bed, { resource: 'meeting', operation: 'create', leadBy: 'id', leadId: created.id as string, title, startsAt, timeZone: 'UTC' }, [{}]);
		const first = await meeting('First call', '2026-03-02T10:00:00Z');
		await meeting('Second call', '2026-03-03T10:00:00Z');
		await runNexor(bed, { resource: 'meeting', operation: 'cancel', meetingId: first.items[0].json.id as string }, [{}]);

		const all = await runNexor(bed, lead('getMeetings', { leadId: created.id as string, returnAll: true }), [{}]);
		expect(jsonOf(all.items).map((item) => [item.title, item.status])).toEqual([
			['Second call', 'scheduled'],
			['First call', 'cancelled'],
		]);
		expect(pairedOf(all.items)).toEqual([0, 0]);
		const cancelled = await runNexor(bed, lead('getMeetings', { leadId: created.id as string, statuses: ['cancelled', 'no_show'], returnAll: true }), [{}]);
		expect(jsonOf(cancelled.items).map((item) => item.title)).toEqual(['First call']);
		expect(bed.sandbox.requests('nexor', 'GET').slice(-1)[0].query).toEqual({ status: 'cancelled,no_show' });
		const limited = await runNexor(bed, lead('getMeetings', { leadId: created.id as string, limit: 1 }), [{}]);
		expect(limited.items).toHaveLength(1);
	});
});
