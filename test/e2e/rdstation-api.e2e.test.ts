/*
 * RD Station's documented API beyond conversions, inside real n8n (the
 * newest runtime of the matrix), from the packed tarball, against the
 * sandbox: a workflow that deletes a contact, and one that walks a
 * segmentation's contacts (every page) into Nexor leads. Both RD nodes are
 * version 2 with "Authentication" left as it comes: OAuth2.
 */
import type { IDataObject } from 'n8n-workflow';

import { CREDENTIAL_IDS, sandboxCredentialsForImport } from '../runtime/fixtures';
import { installedNodeType, N8nInstance, packPackage, freePort } from '../runtime/n8nInstance';
import { ensureRuntime, NEWEST } from '../runtime/n8nRuntime';
import { segmentation } from '../sandbox/rdstationPlatform';
import type { Sandbox } from '../sandbox/server';
import { startSandbox } from '../sandbox/server';
import type { RunData } from './support';
import { runDataOf } from './support';

jest.setTimeout(30 * 60_000);

const IDS = {
	deleteWorkflow: 'LcRdDeleteContct',
	segmentationWorkflow: 'LcRdSegmentToNxr',
};

const SEGMENTATION_ID = 80_001;
/** More contacts than RD's page in this run: the walk takes several pages. */
const MEMBERS = Array.from({ length: 23 }, (_, index) => ({ email: `segment-e2e-${index}@example.com`, name: `Segment Contact ${index}` }));

const manualTrigger = { id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };

/** Our RD node as a user adds it today: version 2, "Authentication" not touched (OAuth2). */
const rdNode = (position: [number, number], parameters: IDataObject) => ({
	id: 'rd',
	name: 'RD',
	type: installedNodeType('rdStationMarketing'),
	typeVersion: 2,
	position,
	credentials: { rdStationMarketingOAuth2Api: { id: CREDENTIAL_IDS.rdStationMarketingOAuth2Api, name: 'RD Station OAuth2 (sandbox)' } },
	parameters,
});

const deleteWorkflow = () => ({
	id: IDS.deleteWorkflow,
	name: 'RD: delete a contact',
	nodes: [
		manualTrigger,
		{ id: 'who', name: 'Who', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [200, 0], parameters: { mode: 'raw', jsonOutput: JSON.stringify({ email: 'leaving-e2e@example.com' }), options: {} } },
		rdNode([400, 0], { resource: 'contact', operation: 'delete', identifier: 'email', identifierValue: '={{ $json.email }}' }),
	],
	connections: {
		Start: { main: [[{ node: 'Who', type: 'main', index: 0 }]] },
		Who: { main: [[{ node: 'RD', type: 'main', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
	active: false,
});

const segmentationWorkflow = () => ({
	id: IDS.segmentationWorkflow,
	name: 'RD segmentation → Nexor leads',
	nodes: [
		manualTrigger,
		rdNode([200, 0], {
			resource: 'segmentation',
			operation: 'getContacts',
			segmentation: { __rl: true, mode: 'id', value: String(SEGMENTATION_ID) },
			returnAll: true,
		}),
		{
			id: 'nexor',
			name: 'Nexor',
			type: installedNodeType('nexor'),
			typeVersion: 1,
			position: [400, 0],
			credentials: { nexorApi: { id: CREDENTIAL_IDS.nexorApi, name: 'Nexor (sandbox)' } },
			parameters: { resource: 'lead', operation: 'create', firstName: '={{ $json.name }}', email: '={{ $json.email }}' },
		},
	],
	connections: {
		Start: { main: [[{ node: 'RD', type: 'main', index: 0 }]] },
		RD: { main: [[{ node: 'Nexor', type: 'main', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
	active: false,
});

const outputOf = (runData: RunData, node: string) => (runData[node]?.[0]?.data?.main[0] ?? []).map((item) => item.json);

describe(`RD Station's API inside real n8n (${NEWEST})`, () => {
	let sandbox: Sandbox;
	let n8n: N8nInstance;

	beforeAll(async () => {
		const [tarball, runtime] = await Promise.all([packPackage(), ensureRuntime(NEWEST)]);
		sandbox = await startSandbox();
		const rd = sandbox.stores.rdstation;
		// RD's own page size, smaller than the list: the node reads page after page until an empty one.
		rd.settings.paging = 'ownPageSize';
		rd.settings.ownPageSize = 10;
		for (const [index, member] of MEMBERS.entries()) rd.contacts.set(`segment-e2e-${index}`, { uuid: `segment-e2e-${index}`, tags: [], ...member });
		rd.contacts.set('leaving-e2e', { uuid: 'leaving-e2e', email: 'leaving-e2e@example.com', tags: [] });
		rd.segmentations.push({ ...segmentation(SEGMENTATION_ID, 'Webinar attendees (e2e)'), members: MEMBERS.map((member) => member.email) });

		n8n = N8nInstance.temporary(runtime, await freePort());
		await n8n.installPackage(tarball);
		// The sandbox's credentials, RD's OAuth2 one connected (its tokens issued by the sandbox).
		await n8n.importJson('credentials', sandboxCredentialsForImport(sandbox));
		await n8n.importJson('workflow', [deleteWorkflow(), segmentationWorkflow()]);
	});

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.stop();
	});

	test('a workflow deletes a contact: RD receives the DELETE, the contact is gone, the node says so', async () => {
		const result = await n8n.cli(['execute', `--id=${IDS.deleteWorkflow}`, '--rawOutput']);
		expect(outputOf(runDataOf(result.stdout), 'RD')).toEqual([{ deleted: true, email: 'leaving-e2e@example.com' }]);
		const [request] = sandbox.requests('rdstation', 'DELETE');
		expect(request).toMatchObject({ path: '/platform/contacts/email:leaving-e2e%40example.com', status: 204 });
		expect(request.headers.authorization).toMatch(/^Bearer rd_at_/);
		expect(sandbox.stores.rdstation.contactByEmail('leaving-e2e@example.com')).toBeUndefined();
	});

	test('a workflow walks a segmentation’s contacts, every page, into Nexor leads: each contact once', async () => {
		const result = await n8n.cli(['execute', `--id=${IDS.segmentationWorkflow}`, '--rawOutput']);
		const runData = runDataOf(result.stdout);
		expect(outputOf(runData, 'RD').map((json) => json.email)).toEqual(MEMBERS.map((member) => member.email));
		const leads = outputOf(runData, 'Nexor');
		expect(leads.filter((json) => json.error)).toEqual([]);
		expect(leads).toHaveLength(MEMBERS.length);
		// Three pages of 10 and the empty one that ends the list.
		expect(sandbox.requests('rdstation', 'GET', `/platform/segmentations/${SEGMENTATION_ID}/contacts`).map((entry) => entry.query.page)).toEqual(['1', '2', '3', '4']);
		const created = [...sandbox.stores.nexor.leads.values()].filter((lead) => String(lead.email).startsWith('segment-e2e-'));
		expect(created.map((lead) => lead.email).sort()).toEqual(MEMBERS.map((member) => member.email).sort());
		expect(created.map((lead) => lead.first_name).sort()).toEqual(MEMBERS.map((member) => member.name).sort());
	});
});
