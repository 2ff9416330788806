/*
 * Pickers where people pick: the "From List" searches (workflows, campaigns,
 * conversion types, team members, tags), version 2's pickers on Lead →
 * Create and Conversion → Create, and version 1's saved dropdown values
 * still working. IDs typed by expression are checked as UUIDs.
 */
import type { IDataObject } from 'n8n-workflow';

import { NEXOR_IDS } from '../sandbox/nexor';
import { NODE, useTestBed } from '../setup';
import { listSearch, nexorRequestsSince, picked, runNexor } from './support';

const bed = useTestBed();

describe('Nexor: "From List" searches', () => {
	test('workflows and campaigns by name, filtered by the text typed', async () => {
		expect((await listSearch(bed, 'searchWorkflows')).results).toEqual([
			{ name: 'Sales Outreach', value: NEXOR_IDS.workflowOutreach },
			{ name: 'WhatsApp Nurture', value: NEXOR_IDS.workflowNurture },
		]);
		expect((await listSearch(bed, 'searchWorkflows', 'whats')).results).toEqual([{ name: 'WhatsApp Nurture', value: NEXOR_IDS.workflowNurture }]);
		expect((await listSearch(bed, 'searchCampaigns', 'web')).results).toEqual([{ name: 'Webinar 2026', value: NEXOR_IDS.campaignWebinar }]);
	});

	test('conversion types with their category and currency', async () => {
		expect((await listSearch(bed, 'searchConversionTypes')).results).toEqual([
			{ name: 'Closed Sale', value: NEXOR_IDS.typeClosedSale, description: 'final · CLP' },
			{ name: 'Reservation', value: NEXOR_IDS.typeReservation, description: 'intermediary · USD' },
		]);
	});

	test('a list answered as a bare array (the shape is not documented) is read too; a wrong answer says so', async () => {
		bed.sandbox.script({ provider: 'nexor', method: 'GET', path: '/workflows', status: 200, body: [{ id: 'w-1', name: 'Bare' }] });
		expect((await listSearch(bed, 'searchWorkflows')).results).toEqual([{ name: 'Bare', value: 'w-1' }]);
		bed.sandbox.script({ provider: 'nexor', method: 'GET', path: '/campaigns', status: 200, body: { success: true, items: [] } });
		await expect(listSearch(bed, 'searchCampaigns')).rejects.toThrow('Nexor answered 200 but not with a list of campaigns ("campaigns")');
	});

	test('every picker of the node has a "By ID" mode checked as a UUID (the host: by email)', () => {
		const node = bed.engine.nodeTypes.getByNameAndVersion(NODE.nexor);
		const pickers = node.description.properties.filter((property) => property.type === 'resourceLocator');
		expect(pickers.length).toBeGreaterThanOrEqual(8);
		for (const property of pickers) {
			const [list, other] = property.modes!;
			expect(list.typeOptions?.searchListMethod).toMatch(/^search/);
			expect(node.methods?.listSearch?.[list.typeOptions!.searchListMethod!]).toBeDefined();
			expect(['id', 'email']).toContain(other.name);
		}
	});
});

describe('Nexor: version 2 pickers and version 1 saved values', () => {
	test('Lead → Create at version 2: workflow and campaign picked from the list, or by ID', async () => {
		const { items, error } = await runNexor(
			bed,
			{ resource: 'lead', operation: 'create', firstName: 'Picked', phone: '+56933', workflowId: picked(NEXOR_IDS.workflowNurture), campaignId: picked(NEXOR_IDS.campaignWebinar, 'id') },
			[{}],
			{ version: 2 },
		);
		expect(error).toBeUndefined();
		expect(bed.sandbox.requests('nexor', 'POST', '/leads').slice(-1)[0].body).toEqual({
			first_name: 'Picked',
			phone: '+56933',
			workflow_id: NEXOR_IDS.workflowNurture,
			campaign_id: NEXOR_IDS.campaignWebinar,
		});
		expect((items[0].json.workflow_run as IDataObject).workflow).toMatchObject({ name: 'WhatsApp Nurture' });
	});

	test('version 2: an ID by expression is checked as a UUID before sending; a fixed one by n8n itself', async () => {
		const mark = bed.sandbox.requests('nexor').length;
		const byExpression = await runNexor(bed, { resource: 'lead', operation: 'create', firstName: 'X', workflowId: picked('={{ $json.workflow }}', 'id') }, [{ workflow: 'nurture' }], { version: 2 });
		expect(byExpression.error?.message).toBe('Workflow: expected a UUID such as 123e4567-e89b-12d3-a456-426614174000, got "nurture" [item 0]');
		// A fixed value the editor already marked: n8n refuses to run the workflow at all.
		// (n8n 2.x names the issue, 1.x says the workflow has issues.)
		await expect(runNexor(bed, { resource: 'lead', operation: 'create', firstName: 'X', workflowId: picked('nurture', 'id') }, [{}], { version: 2 })).rejects.toThrow(
			/has issues:\s+- Not a UUID such as 123e4567-e89b-12d3-a456-426614174000|The workflow has issues and cannot be executed/,
		);
		expect(nexorRequestsSince(bed, mark)).toHaveLength(0);
	});

	test('version 1 saved the workflow as a dropdown value (plain text): it still goes through, as does an expression', async () => {
		const { items, error } = await runNexor(bed, { resource: 'lead', operation: 'create', firstName: '={{ $json.name }}', phone: '+56934', workflowId: NEXOR_IDS.workflowNurture, campaignId: '={{ $json.campaign }}' }, [
			{ name: 'Saved', campaign: NEXOR_IDS.campaignSpring },
		]);
		expect(error).toBeUndefined();
		expect(bed.sandbox.requests('nexor', 'POST', '/leads').slice(-1)[0].body).toMatchObject({ workflow_id: NEXOR_IDS.workflowNurture, campaign_id: NEXOR_IDS.campaignSpring });
		expect(items[0].json.workflow_run).toBeDefined();
	});

	test('each version shows its own kind of parameter: a dropdown at 1, a picker at 2', () => {
		const node = bed.engine.nodeTypes.getByNameAndVersion(NODE.nexor);
		const versions = (name: string) =>
			node.description.properties
				.filter((property) => property.name === name && property.displayOptions?.show?.resource?.[0] !== undefined)
				.filter((property) => property.displayOptions?.show?.['@version'] !== undefined)
				.map((property) => [property.type, property.displayOptions?.show?.['@version']]);
		expect(versions('workflowId')).toEqual([
			['options', [1]],
			['resourceLocator', [{ _cnd: { gte: 2 } }]],
		]);
		expect(versions('conversionTypeId')).toEqual([
			['options', [1]],
			['resourceLocator', [{ _cnd: { gte: 2 } }]],
		]);
		expect(node.description.version).toEqual([1, 2]);
		expect(node.description.defaultVersion).toBe(2);
	});

	test('Conversion → Create at version 2: the type picked, its fields loaded for the picker’s value, sent as numbers', async () => {
		const fields = await bed.engine.resourceMapperFields(NODE.nexor, 'getConversionTypeFields', {
			resource: 'conversion',
			operation: 'create',
			conversionTypeId: picked(NEXOR_IDS.typeClosedSale),
		});
		expect(fields.fields.map((field) => field.id)).toEqual(['property_unit', 'commission', 'financing_months']);
		const { items, error } = await runNexor(
			bed,
			{
				resource: 'conversion',
				operation: 'create',
				conversionTypeId: picked(NEXOR_IDS.typeClosedSale),
				leadId: NEXOR_IDS.leadAna,
				amount: 1000,
				typeFields: { mappingMode: 'defineBelow', value: { commission: '25' }, schema: fields.fields },
			},
			[{}],
			{ version: 2 },
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ conversion_type_id: NEXOR_IDS.typeClosedSale, metadata: { commission: 25 } });
	});

	test('the time zone list comes from the runtime and starts with UTC', async () => {
		const zones = await bed.engine.loadOptions(NODE.nexor, 'getTimeZones');
		expect(zones.map((zone) => zone.value)).toEqual(expect.arrayContaining(['UTC', 'America/Santiago', 'America/Sao_Paulo']));
	});
});
