/*
 * Lead Router → Route Leads (docs/nexor-api.md §Processors): POST
 * /processors/{id}/leads, the router's rules choosing each lead's workflow;
 * one by one or in batches, like Lead → Create.
 */
import type { IDataObject } from 'n8n-workflow';

import { NEXOR_IDS } from '../sandbox/nexor';
import { jsonOf, pairedOf, useTestBed } from '../setup';
import { nexorRequestsSince, runNexor } from './support';

const bed = useTestBed();

const route = (parameters: IDataObject = {}) => ({
	resource: 'leadRouter',
	operation: 'routeLeads',
	processorId: NEXOR_IDS.processorInbound,
	firstName: '={{ $json.name }}',
	email: '={{ $json.email }}',
	phone: '={{ $json.phone ?? "" }}',
	source: '={{ $json.source ?? "" }}',
	company: '={{ $json.company ?? "" }}',
	metadataInput: 'json',
	metadataJson: '={{ JSON.stringify($json.meta ?? {}) }}',
	...parameters,
});

const rows = [
	{ name: 'Webby', email: 'webby@example.com', phone: '+56911', source: 'webinar', company: 'Acme' },
	{ name: 'Chileno', email: 'chileno@example.com', meta: { country: 'CL' } },
	{ name: 'Other', email: 'other@example.com', meta: { country: 'AR' } },
];

describe('Nexor: Lead Router → Route Leads', () => {
	test('one by one: the first matching rule picks the workflow, else the default; company and source are columns', async () => {
		const { items, error } = await runNexor(bed, route(), rows);
		expect(error).toBeUndefined();
		expect(pairedOf(items)).toEqual([0, 1, 2]);
		const output = jsonOf(items) as Array<{ lead: IDataObject; workflow_run: IDataObject; routing: IDataObject }>;
		expect(output.map((item) => (item.workflow_run.workflow as IDataObject).name)).toEqual(['Sales Outreach', 'WhatsApp Nurture', 'WhatsApp Nurture']);
		expect(output.map((item) => item.routing.rule_name)).toEqual(['Webinar leads to sales', 'Chile by WhatsApp', null]);
		expect(output[0].lead).toMatchObject({ first_name: 'Webby', company: 'Acme', source: 'webinar' });
		const sent = bed.sandbox.requests('nexor', 'POST', `/processors/${NEXOR_IDS.processorInbound}/leads`).slice(-3)[0].body;
		expect(sent).toEqual({ first_name: 'Webby', email: 'webby@example.com', phone: '+56911', source: 'webinar', company: 'Acme' });
	});

	test('in batches: one request per router, outcomes per item', async () => {
		const mark = bed.sandbox.requests('nexor').length;
		const batch = rows.map((row) => ({ ...row, name: `${row.name}-batch`, email: `batch-${row.email}` }));
		const { items, error } = await runNexor(bed, route({ sendInBatches: true }), batch);
		expect(error).toBeUndefined();
		const requests = nexorRequestsSince(bed, mark);
		expect(requests).toHaveLength(1);
		expect(requests[0].body).toHaveLength(3);
		expect(jsonOf(items).map((item) => (item.lead as IDataObject).first_name)).toEqual(['Webby-batch', 'Chileno-batch', 'Other-batch']);
		expect(jsonOf(items).map((item) => (item.routing as IDataObject).workflow_id)).toEqual([NEXOR_IDS.workflowOutreach, NEXOR_IDS.workflowNurture, NEXOR_IDS.workflowNurture]);
	});

	test('rows for two routers in one batch go as one request each', async () => {
		const mark = bed.sandbox.requests('nexor').length;
		const unknown = '00000000-0000-4000-8000-0000000000dd';
		const { items } = await runNexor(bed, route({ sendInBatches: true, processorId: '={{ $json.router }}' }), [
			{ name: 'R1', email: 'r1@example.com', router: NEXOR_IDS.processorInbound },
			{ name: 'R2', email: 'r2@example.com', router: unknown },
			{ name: 'R3', email: 'r3@example.com', router: NEXOR_IDS.processorInbound },
			{ name: 'R4', email: 'r4@example.com', router: unknown },
		], { continueOnFail: true });
		expect(nexorRequestsSince(bed, mark).map((entry) => entry.path)).toEqual([`/processors/${NEXOR_IDS.processorInbound}/leads`, `/processors/${unknown}/leads`]);
		const output = jsonOf(items);
		expect([output[0].lead, output[2].lead].map((lead) => (lead as IDataObject).first_name)).toEqual(['R1', 'R3']);
		for (const index of [1, 3]) {
			expect(output[index]).toMatchObject({ httpCode: '404', error: `Nexor has no lead router with ID "${unknown}" in this account: Processor not found or does not belong to your account` });
		}
	});

	test('the router ID is checked before sending', async () => {
		const { error } = await runNexor(bed, route({ processorId: 'inbound' }), rows.slice(0, 1));
		expect(error?.message).toBe('Lead Router ID: expected a UUID such as 123e4567-e89b-12d3-a456-426614174000, got "inbound" [item 0]');
	});
});
