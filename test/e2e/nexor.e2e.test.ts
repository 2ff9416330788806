/*
 * Nexor inside real n8n, from the packed tarball, against the sandbox:
 * - each runtime runs the four Nexor examples with n8n's own CLI
 *   (calendar event → meeting sent twice: one meeting; spreadsheet → leads
 *   in batches; meeting.scheduled → RD opportunity; status "won" → Nexor
 *   conversion + RD sale);
 * - every runtime publishes (activates) the meeting.scheduled → RD example,
 *   whose Production URL is registered in the sandbox as a user adds it in
 *   Nexor's dashboard: a meeting booked in Nexor reaches n8n signed and runs
 *   the workflow; a delivery with a wrong signature gets 401 and starts
 *   nothing; the same event_id delivered twice starts one execution.
 */
import type { IDataObject } from 'n8n-workflow';

import { NEXOR_IDS, NEXOR_WEBHOOK_FIXTURE_SECRET } from '../sandbox/nexor';
import type { Sandbox } from '../sandbox/server';
import { SANDBOX_KEYS, startSandbox } from '../sandbox/server';
import { exampleWorkflows, sandboxCredentialsForImport } from '../runtime/fixtures';
import { freePort, N8nInstance, packPackage } from '../runtime/n8nInstance';
import { ensureRuntime, matrixRuntimes } from '../runtime/n8nRuntime';
import type { RunData } from './support';
import { eventually, runDataOf } from './support';

jest.setTimeout(45 * 60_000);

const EXAMPLES = {
	calendar: 'LcExampleMeet001',
	bulk: 'LcExampleBulk001',
	meetingToRd: 'LcExampleMtgRd01',
	won: 'LcExampleWon0001',
};

/** The Nexor Trigger of the meeting.scheduled → RD example: its Production URL is /webhook/<webhookId>/webhook. */
const MEETING_TRIGGER_WEBHOOK_ID = '7b3e9d2a-4c5f-4e6a-8b7c-0d1e2f3a4b01';

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

	/** Executions n8n recorded for a workflow (as its Executions list shows them). */
	const executionsOf = async (workflowId: string) =>
		(await n8n.rest<{ results?: Array<{ id: string; status?: string }> }>('GET', `/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`)).results ?? [];

	beforeAll(async () => {
		const runtime = await ensureRuntime(runtimeName);
		sandbox = await startSandbox();
		// Nexor waits 1, 5 and 30 minutes between attempts; the test, a fraction of a second.
		sandbox.stores.nexor.webhooks.retryDelaysMs = [300, 600, 900];
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
		await n8n.start();
		await n8n.setupOwnerAndLogin();
		// Published (2.x) / activated (1.x), as a user does once the workflow is ready.
		const { versionId } = await n8n.rest<{ versionId: string }>('GET', `/workflows/${EXAMPLES.meetingToRd}`);
		await n8n.rest('POST', `/workflows/${EXAMPLES.meetingToRd}/activate`, { versionId });
		const productionUrl = `${n8n.url}/webhook/${MEETING_TRIGGER_WEBHOOK_ID}/webhook`;
		// n8n registers a published workflow's webhooks shortly after answering (404 until then): an unsigned probe gets the trigger's 401 once it is listening.
		await eventually(
			async () => (await fetch(productionUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status,
			(status) => status === 401,
		);
		// In Nexor's dashboard: Settings → Integrations → Webhooks → the Production URL, event meeting.scheduled, its secret in the credential.
		const registered = await fetch(`${sandbox.baseUrl('nexor')}/_dashboard/webhooks`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ url: productionUrl, events: ['meeting.scheduled'], signing_secret: NEXOR_WEBHOOK_FIXTURE_SECRET }),
		});
		if (registered.status !== 201) throw new Error(`The sandbox refused the webhook: ${await registered.text()}`);
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

	describe('the Nexor Trigger, published', () => {
		test('a meeting booked in Nexor reaches n8n signed and runs the workflow: the lead becomes an RD opportunity', async () => {
			const before = (await executionsOf(EXAMPLES.meetingToRd)).length;
			const booked = await fetch(`${sandbox.baseUrl('nexor')}/meetings`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'x-api-key': SANDBOX_KEYS.nexor },
				body: JSON.stringify({ lead_id: NEXOR_IDS.leadBruno, title: 'Demo with Bruno', starts_at: '2026-03-20T10:00:00Z', duration_minutes: 30 }),
			});
			expect(booked.status).toBe(201);
			const deliveries = await eventually(() => sandbox.stores.nexor.webhooks.deliveries, (list) => list.some((entry) => entry.status === 200));
			expect(deliveries.map((entry) => [entry.event_type, entry.attempt, entry.status])).toEqual([['meeting.scheduled', 0, 200]]);
			const opportunity = await eventually(
				() => sandbox.stores.rdstation.events.find((event) => event.event_type === 'OPPORTUNITY' && event.payload.email === 'bruno@example.com'),
				(event) => event !== undefined,
			);
			expect(opportunity?.payload).toMatchObject({ email: 'bruno@example.com', funnel_name: 'default' });
			const executions = await eventually(() => executionsOf(EXAMPLES.meetingToRd), (list) => list.length === before + 1);
			expect(executions).toHaveLength(before + 1);
		});

		test('a delivery with a wrong signature gets 401 each time Nexor tries, and starts nothing', async () => {
			const hooks = sandbox.stores.nexor.webhooks;
			const before = (await executionsOf(EXAMPLES.meetingToRd)).length;
			hooks.forgeWith = 'whsec_not_the_secret_in_the_credential';
			try {
				const eventId = hooks.emit('meeting.scheduled', { meeting: { id: 'forged' }, lead: { email: 'forged@example.com' } });
				const attempts = await eventually(
					() => hooks.deliveries.filter((entry) => entry.event_id === eventId),
					(list) => list.length === 4,
				);
				expect(attempts.map((entry) => entry.status)).toEqual([401, 401, 401, 401]);
			} finally {
				hooks.forgeWith = undefined;
			}
			// The trigger answers before n8n would start anything: a 401 means nothing was started.
			expect(await executionsOf(EXAMPLES.meetingToRd)).toHaveLength(before);
			expect(sandbox.stores.rdstation.events.some((event) => event.payload.email === 'forged@example.com')).toBe(false);
		});

		test('the same event_id delivered twice starts one execution (n8n keeps the IDs in the workflow’s static data)', async () => {
			const hooks = sandbox.stores.nexor.webhooks;
			const before = (await executionsOf(EXAMPLES.meetingToRd)).length;
			const data = { meeting: { id: 'twice' }, lead: { email: 'twice@example.com' } };
			const eventId = `evt-twice-${runtimeName}`;
			hooks.emit('meeting.scheduled', data, { eventId });
			await eventually(() => executionsOf(EXAMPLES.meetingToRd), (list) => list.length === before + 1);
			hooks.emit('meeting.scheduled', data, { eventId });
			const both = await eventually(() => hooks.deliveries.filter((entry) => entry.event_id === eventId), (list) => list.length === 2);
			// Both acknowledged (Nexor stops retrying); the trigger decided before answering, so the count is final.
			expect(both.map((entry) => entry.status)).toEqual([200, 200]);
			// The trigger's own answer, as JSON (not n8n's default body for a webhook's onReceived response).
			expect(both.map((entry) => JSON.parse(entry.answer ?? 'null') as IDataObject)).toEqual([
				{ received: true, started: true, event_id: eventId },
				{ received: true, started: false, reason: `event ${eventId} was received before (a retry)` },
			]);
			expect(await executionsOf(EXAMPLES.meetingToRd)).toHaveLength(before + 1);
			expect(sandbox.stores.rdstation.events.filter((event) => event.payload.email === 'twice@example.com')).toHaveLength(1);
		});
	});
});
