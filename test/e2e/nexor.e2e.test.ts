/*
 * Nexor inside real n8n, from the packed tarball, against the sandbox: each
 * runtime runs the four Nexor examples with n8n's own CLI (calendar event →
 * meeting sent twice: one meeting; spreadsheet → leads in batches;
 * meeting.scheduled → RD opportunity; status "won" → Nexor conversion + RD
 * sale). The Nexor Trigger published in a running n8n: nexorTrigger.e2e.
 */
import type { IDataObject } from 'n8n-workflow';

import { NEXOR_IDS } from '../sandbox/nexor';
import type { Sandbox } from '../sandbox/server';
import { startSandbox } from '../sandbox/server';
import { exampleWorkflows, sandboxCredentialsForImport } from '../runtime/fixtures';
import { freePort, N8nInstance, packPackage } from '../runtime/n8nInstance';
import { ensureRuntime, matrixRuntimes } from '../runtime/n8nRuntime';
import type { RunData } from './support';
import { runDataOf } from './support';

jest.setTimeout(45 * 60_000);

const EXAMPLES = {
	calendar: 'LcExampleMeet001',
	bulk: 'LcExampleBulk001',
	meetingToRd: 'LcExampleMtgRd01',
	won: 'LcExampleWon0001',
};

const outputOf = (runData: RunData, node: string) => (runData[node]?.[0]?.data?.main[0] ?? []).map((item) => item.json);

let tarball: string;
beforeAll(async () => {
	tarball = await packPackage();
});

describe.each(matrixRuntimes())('Nexor inside real n8n (%s)', (runtimeName) => {
	let sandbox: Sandbox;
	let n8n: N8nInstance;
	const executed: Record<string, RunData[]> = {};

	const execute = async (id: string) => {
		const result = await n8n.cli(['execute', `--id=${id}`, '--rawOutput']);
		(executed[id] ??= []).push(runDataOf(result.stdout));
	};

	beforeAll(async () => {
		const runtime = await ensureRuntime(runtimeName);
		sandbox = await startSandbox();
		n8n = N8nInstance.temporary(runtime, await freePort());
		await n8n.installPackage(tarball);
		await n8n.importJson('credentials', sandboxCredentialsForImport(sandbox));
		for (const workflow of exampleWorkflows().filter((entry) => Object.values(EXAMPLES).includes(entry.id))) {
			await n8n.importJson('workflow', { ...workflow, file: undefined });
		}
		await execute(EXAMPLES.calendar);
		await execute(EXAMPLES.calendar);
		await execute(EXAMPLES.bulk);
		await execute(EXAMPLES.meetingToRd);
		await execute(EXAMPLES.won);
	});

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.stop();
	});

	describe('the examples, run by n8n’s CLI', () => {
		test('calendar event → Nexor meeting, sent twice: one meeting, new the first time, updated the second', () => {
			const [first, second] = executed[EXAMPLES.calendar].map((runData) => outputOf(runData, 'Nexor: create or update meeting')[0]);
			expect(first).toMatchObject({ title: 'Discovery call with Ana', isNew: true, host_email: 'laura@nexor-sandbox.test', meeting_url: 'https://meet.google.com/abc-defg-hij', external_event_id: 'gcal-evt-20260310-ana' });
			expect(second).toMatchObject({ id: first.id, isNew: false });
			const meetings = [...sandbox.stores.nexor.meetings.values()].filter((meeting) => meeting.external_event_id === 'gcal-evt-20260310-ana');
			expect(meetings).toHaveLength(1);
			expect(meetings[0]).toMatchObject({ lead_id: NEXOR_IDS.leadAna, duration_minutes: 45, timezone: 'America/Santiago' });
		});

		test('spreadsheet of leads → Nexor in batches: one request for the good rows, the broken email fails alone', () => {
			const output = outputOf(executed[EXAMPLES.bulk][0], 'Nexor: create leads in batches');
			expect(output).toHaveLength(5);
			expect(output[2].error).toBe('Email: expected an email address such as jane@example.com, got "olga.diaz(at)example.com" [item 2]');
			expect(output.filter((item) => item.lead).map((item) => (item.lead as IDataObject).first_name)).toEqual(['Marta', 'Nicolás', 'Pablo', 'Rita']);
			const batches = sandbox.requests('nexor', 'POST', '/leads').filter((entry) => Array.isArray(entry.body));
			expect(batches).toHaveLength(1);
			expect((batches[0].body as IDataObject[]).map((lead) => lead.first_name)).toEqual(['Marta', 'Nicolás', 'Pablo', 'Rita']);
		});

		test('meeting.scheduled → RD Station: the sample delivery marks the lead as an opportunity', () => {
			const [event] = outputOf(executed[EXAMPLES.meetingToRd][0], 'RD Station: mark as opportunity');
			expect(event).toMatchObject({ event_uuid: expect.any(String), event_type: 'OPPORTUNITY', email: 'carla@example.com' });
		});

		test('status "won" → Nexor conversion with the deal’s value, then RD Station sale with the same value', () => {
			const runData = executed[EXAMPLES.won][0];
			const [conversion] = outputOf(runData, 'Nexor: record the sale');
			expect(conversion).toMatchObject({ conversion_type_id: NEXOR_IDS.typeClosedSale, lead_id: NEXOR_IDS.leadAna, amount: 85000, workflow_run_id: NEXOR_IDS.workflowRunAna, metadata: { property_unit: 'Apt 302' } });
			const [sale] = outputOf(runData, 'RD Station: mark as won');
			expect(sale).toMatchObject({ event_type: 'SALE', email: 'ana@example.com' });
			expect(sandbox.stores.rdstation.events.find((event) => event.event_type === 'SALE')?.payload).toMatchObject({ email: 'ana@example.com', value: 85000 });
		});
	});
});
