/*
 * The Nexor Trigger inside real n8n (`n8n start`, each runtime), from the
 * packed tarball: workflows published, their Production URLs registered in
 * the sandbox's Nexor as a user adds them in Nexor's dashboard, deliveries
 * signed and retried as Nexor does them. n8n's own webhook server, runner
 * and database decide what starts — nothing here imitates n8n:
 * - signatures (each plausible encoding, over the bytes as sent), refusals
 *   (401, 400), events not chosen, test deliveries, activation without a
 *   secret;
 * - each event starts once: the same event twice, three copies at once;
 *   "Listen for test event" neither reads nor consumes the record;
 * - n8n stopped and started again: an event Nexor retries while n8n was down
 *   starts once, and every event delivered before the restart (one after
 *   another, and 50 at once) delivered again starts nothing (n8n's executions
 *   over its REST API, and what reached RD in the sandbox); "Skip Items
 *   Already Sent" (n8n's deduplication store) holds across the restart too.
 */
import { createHmac } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { NEXOR_IDS, NEXOR_WEBHOOK_FIXTURE_SECRET } from '../sandbox/nexor';
import type { NexorDelivery, NexorWebhook, SignatureScheme } from '../sandbox/nexorWebhooks';
import type { Sandbox } from '../sandbox/server';
import { SANDBOX_KEYS, startSandbox } from '../sandbox/server';
import { CREDENTIAL_IDS, exampleWorkflows, nexorCreateLeadNode, sandboxCredentialsForImport, webhookNode } from '../runtime/fixtures';
import type { ExecutionRecord } from '../runtime/n8nInstance';
import { freePort, installedNodeType, N8nInstance, packPackage } from '../runtime/n8nInstance';
import { ensureRuntime, matrixRuntimes } from '../runtime/n8nRuntime';
import { eventually } from './support';

jest.setTimeout(30 * 60_000);

const SECRET = NEXOR_WEBHOOK_FIXTURE_SECRET;
const UNSIGNED_CREDENTIAL_ID = 'LcNexorNoSecret1';

/** The published example (meeting.scheduled → RD opportunity) and trigger-only workflows with other settings. */
const WORKFLOWS = {
	meetingToRd: { id: 'LcExampleMtgRd01', webhookId: '7b3e9d2a-4c5f-4e6a-8b7c-0d1e2f3a4b01' },
	everyEvent: { id: 'LcTrigEveryEvt01', webhookId: '0e1d2c3b-4a59-4687-9a1b-2c3d4e5f6a01' },
	cancelledOnly: { id: 'LcTrigCancelled1', webhookId: '0e1d2c3b-4a59-4687-9a1b-2c3d4e5f6a02' },
	unsigned: { id: 'LcTrigUnsigned01', webhookId: '0e1d2c3b-4a59-4687-9a1b-2c3d4e5f6a03' },
	noSecret: { id: 'LcTrigNoSecret01', webhookId: '0e1d2c3b-4a59-4687-9a1b-2c3d4e5f6a04' },
	skipLeads: { id: 'LcSkipWebhook001', path: 'lead-conversions-skip-restart' },
};

const TRIGGER = 'Nexor Trigger';

function triggerWorkflow(key: 'everyEvent' | 'cancelledOnly' | 'unsigned' | 'noSecret', name: string, parameters: IDataObject, credentialId: string = CREDENTIAL_IDS.nexorApi) {
	const { id, webhookId } = WORKFLOWS[key];
	return {
		id,
		name,
		nodes: [
			{
				id: `trigger-${key}`,
				name: TRIGGER,
				type: installedNodeType('nexorTrigger'),
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters,
				credentials: { nexorApi: { id: credentialId, name: 'Nexor' } },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

/** Webhook → one item per row → Nexor "Create Lead" with Skip Items Already Sent. */
const skipLeadsWorkflow = () => ({
	id: WORKFLOWS.skipLeads.id,
	name: 'Rows posted → Nexor leads, each sent once',
	nodes: [
		webhookNode(WORKFLOWS.skipLeads.path, '6c1e9a52-8f3d-4b7a-9e21-5d4c3b2a1f77'),
		{ id: 'split', name: 'Rows', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [200, 0], parameters: { fieldToSplitOut: 'body.rows', options: {} } },
		{ ...nexorCreateLeadNode('nexor', [400, 0], { skipAlreadySent: true }), position: [400, 0] },
	],
	connections: { Webhook: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] }, Rows: { main: [[{ node: 'Nexor', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
	active: false,
});

const answerOf = (delivery: NexorDelivery) => JSON.parse(delivery.answer ?? 'null') as IDataObject | null;

let tarball: string;
beforeAll(async () => {
	tarball = await packPackage();
});

describe.each(matrixRuntimes())('Nexor Trigger inside real n8n (%s)', (runtimeName) => {
	let sandbox: Sandbox;
	let n8n: N8nInstance;
	/** What n8n printed (its log), to show the secret is not in it. */
	let printed = '';
	const log = (text: string) => (printed += text);
	const subscriptions: Partial<Record<keyof typeof WORKFLOWS, NexorWebhook>> = {};

	const hooks = () => sandbox.stores.nexor.webhooks;
	const productionUrl = (key: keyof typeof WORKFLOWS) => `${n8n.url}/webhook/${(WORKFLOWS[key] as { webhookId: string }).webhookId}/webhook`;
	/** The newest executions of a workflow (n8n's first page), newest first. */
	const executionsOf = async (key: keyof typeof WORKFLOWS) => await n8n.executions(WORKFLOWS[key].id);
	const countOf = async (key: keyof typeof WORKFLOWS) => await n8n.executionCount(WORKFLOWS[key].id);
	/** The items the trigger put out in an execution. */
	const triggerItems = async (execution: ExecutionRecord) =>
		((await n8n.executionData(execution.id)).resultData.runData[TRIGGER]?.[0]?.data?.main[0] ?? []).map((item) => item.json);
	const opportunities = (email: string) => sandbox.stores.rdstation.events.filter((event) => event.event_type === 'OPPORTUNITY' && event.payload.email === email);
	/** The attempts Nexor made for an event, once there are `count`. */
	const attemptsOf = async (eventId: string, count: number) =>
		await eventually(() => hooks().deliveries.filter((entry) => entry.event_id === eventId), (list) => list.length >= count);
	/** n8n registers a published workflow's webhooks shortly after answering (and after a start): 404 until then. */
	const listening = async (key: keyof typeof WORKFLOWS, expected = 401) =>
		await eventually(
			async () => (await fetch(productionUrl(key), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status,
			(status) => status === expected,
			60_000,
		);
	const publish = async (id: string) => {
		const { versionId } = await n8n.rest<{ versionId: string }>('GET', `/workflows/${id}`);
		await n8n.rest('POST', `/workflows/${id}/activate`, { versionId });
	};
	const signed = (body: string) => ({ 'content-type': 'application/json', 'x-nexor-signature': createHmac('sha256', SECRET).update(body).digest('hex') });
	const meetingData = (key: string) => ({ meeting: { id: `m-${key}` }, lead: { email: `${key}@example.com` } });

	beforeAll(async () => {
		const runtime = await ensureRuntime(runtimeName);
		sandbox = await startSandbox();
		// Nexor waits 1, 5 and 30 minutes between attempts; here a fraction of a second (the restart test sends its retry itself).
		hooks().retryDelaysMs = [300, 600, 900];
		n8n = N8nInstance.temporary(runtime, await freePort());
		await n8n.installPackage(tarball);
		await n8n.importJson('credentials', [
			...sandboxCredentialsForImport(sandbox),
			{ id: UNSIGNED_CREDENTIAL_ID, name: 'Nexor (no signing secret)', type: 'nexorApi', data: { apiKey: SANDBOX_KEYS.nexor, baseUrl: sandbox.baseUrl('nexor') } },
		]);
		const example = exampleWorkflows().find((workflow) => workflow.id === WORKFLOWS.meetingToRd.id)!;
		await n8n.importJson('workflow', [
			{ ...example, file: undefined },
			triggerWorkflow('everyEvent', 'Nexor: every event', { events: [] }),
			triggerWorkflow('cancelledOnly', 'Nexor: cancelled meetings, test deliveries ignored', { events: ['meeting.cancelled'], options: { ignoreTestDeliveries: true } }),
			triggerWorkflow('unsigned', 'Nexor: signatures not checked', { events: [], verifySignature: false }),
			triggerWorkflow('noSecret', 'Nexor: a credential without a signing secret', { events: [] }, UNSIGNED_CREDENTIAL_ID),
			skipLeadsWorkflow(),
		]);
		await n8n.start(log);
		await n8n.setupOwnerAndLogin();
		for (const key of ['meetingToRd', 'everyEvent', 'cancelledOnly', 'unsigned', 'skipLeads'] as const) await publish(WORKFLOWS[key].id);
		for (const key of ['meetingToRd', 'everyEvent', 'cancelledOnly'] as const) expect(await listening(key)).toBe(401);
		expect(await listening('unsigned', 400)).toBe(400);
		// In Nexor's dashboard: Settings → Integrations → Webhooks → the Production URL, its events, the secret in the credential.
		subscriptions.meetingToRd = hooks().register({ url: productionUrl('meetingToRd'), events: ['meeting.scheduled'], signing_secret: SECRET });
		subscriptions.everyEvent = hooks().register({ url: productionUrl('everyEvent'), events: ['workflow_run.status_changed'], signing_secret: SECRET });
		subscriptions.cancelledOnly = hooks().register({ url: productionUrl('cancelledOnly'), events: ['meeting.cancelled', 'meeting.completed'], signing_secret: SECRET });
	});

	afterEach(async () => {
		await hooks().settled();
		hooks().forgeWith = undefined;
		hooks().signatureScheme = 'hex';
	});

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.stop();
	});

	describe('signed deliveries', () => {
		test.each<SignatureScheme>(['hex', 'sha256=hex', 'base64', 'timestamped'])(
			'a meeting booked in Nexor reaches n8n signed as "%s": verified, one execution, the lead becomes an RD opportunity',
			async (scheme) => {
				hooks().signatureScheme = scheme;
				const before = await countOf('meetingToRd');
				const opportunitiesBefore = opportunities('bruno@example.com').length;
				const sentAt = hooks().deliveries.length;
				const booked = await fetch(`${sandbox.baseUrl('nexor')}/meetings`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', 'x-api-key': SANDBOX_KEYS.nexor },
					body: JSON.stringify({ lead_id: NEXOR_IDS.leadBruno, title: `Demo (${scheme})`, starts_at: '2026-03-20T10:00:00Z', duration_minutes: 30 }),
				});
				expect(booked.status).toBe(201);
				const meeting = ((await booked.json()) as { meeting: IDataObject }).meeting;
				const [delivery] = await eventually(() => hooks().deliveries.slice(sentAt), (list) => list.length === 1);
				expect(delivery.status).toBe(200);
				const executions = await n8n.settledExecutions(WORKFLOWS.meetingToRd.id, before + 1, 60_000);
				expect(await countOf('meetingToRd')).toBe(before + 1);
				expect(await triggerItems(executions[0])).toEqual([
					expect.objectContaining({
						event_type: 'meeting.scheduled',
						event_id: delivery.event_id,
						delivery_id: delivery.delivery_id,
						test: false,
						signature: 'verified',
						data: expect.objectContaining({ meeting: expect.objectContaining({ id: meeting.id, title: `Demo (${scheme})` }), lead: expect.objectContaining({ id: NEXOR_IDS.leadBruno, email: 'bruno@example.com' }) }),
					}),
				]);
				expect(await eventually(() => opportunities('bruno@example.com').length, (count) => count > opportunitiesBefore)).toBe(opportunitiesBefore + 1);
			},
		);

		test('a lead’s status change reaches a workflow_run.status_changed trigger with the statuses, the lead and the workflow', async () => {
			const request = async (path: string, body: unknown) =>
				(await (
					await fetch(`${sandbox.baseUrl('nexor')}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': SANDBOX_KEYS.nexor }, body: JSON.stringify(body) })
				).json()) as IDataObject;
			const created = await request('/leads', { first_name: 'Winner', email: 'winner@example.com', workflow_id: NEXOR_IDS.workflowNurture });
			const leadId = (created.lead as IDataObject).id as string;
			const sentAt = hooks().deliveries.length;
			await request(`/leads/${leadId}/status`, { status_key: 'won' });
			const [delivery] = await eventually(() => hooks().deliveries.slice(sentAt).filter((entry) => entry.event_type === 'workflow_run.status_changed'), (list) => list.length > 0);
			expect([delivery.status, answerOf(delivery)]).toEqual([200, expect.objectContaining({ started: true, event_id: delivery.event_id })]);
			const executions = await n8n.settledExecutions(WORKFLOWS.everyEvent.id, 1, 60_000);
			// The execution this delivery started: the one whose trigger put out its event.
			const items = (await Promise.all(executions.map(triggerItems))).find((list) => list.some((item) => item.event_id === delivery.event_id));
			expect(items).toEqual([
				expect.objectContaining({
					event_type: 'workflow_run.status_changed',
					data: expect.objectContaining({
						from_status: expect.objectContaining({ key: 'new' }),
						to_status: expect.objectContaining({ key: 'won', category: 'won' }),
						lead: expect.objectContaining({ id: leadId, email: 'winner@example.com' }),
						workflow: expect.objectContaining({ name: 'WhatsApp Nurture' }),
					}),
				}),
			]);
		});

		test('the signature is checked over the bytes as sent, not over JSON parsed and written again', async () => {
			const before = await countOf('everyEvent');
			const raw = `{ "event_type" : "meeting.completed",\n  "event_id": "evt-raw-${runtimeName}", "delivery_id": "d-1", "data": { "note": "ñandú €" } }`;
			const response = await fetch(productionUrl('everyEvent'), { method: 'POST', headers: signed(raw), body: raw });
			expect(response.status).toBe(200);
			const executions = await n8n.settledExecutions(WORKFLOWS.everyEvent.id, before + 1, 60_000);
			expect(await triggerItems(executions[0])).toEqual([expect.objectContaining({ event_id: `evt-raw-${runtimeName}`, data: { note: 'ñandú €' }, signature: 'verified' })]);
		});
	});

	describe('refused, repeated, filtered and test deliveries', () => {
		test('a delivery signed with another secret gets 401 each time Nexor tries, and starts nothing; the secret shows nowhere', async () => {
			const before = await countOf('meetingToRd');
			hooks().forgeWith = 'whsec_not_the_secret_in_the_credential';
			const eventId = hooks().emit('meeting.scheduled', meetingData('forged'), { only: subscriptions.meetingToRd!.id });
			const attempts = await attemptsOf(eventId, 4);
			expect(attempts.map((entry) => [entry.attempt, entry.status])).toEqual([
				[0, 401],
				[1, 401],
				[2, 401],
				[3, 401],
			]);
			expect(new Set(attempts.map((entry) => entry.delivery_id)).size).toBe(4);
			expect(answerOf(attempts[0])).toEqual({ error: 'Signature check failed: the X-Nexor-Signature does not match the signing secret' });
			// The trigger answers before n8n would start anything: a 401 means nothing was started.
			expect(await countOf('meetingToRd')).toBe(before);
			expect(opportunities('forged@example.com')).toHaveLength(0);
			// Nothing Nexor is answered, n8n prints or keeps in its executions holds the secret.
			const kept = await Promise.all((await executionsOf('meetingToRd')).slice(0, 3).map(async (execution) => JSON.stringify(await n8n.executionData(execution.id))));
			expect([printed, ...attempts.map((entry) => entry.answer), ...kept].join('\n')).not.toContain(SECRET);
		});

		test('no signature, or one that is no digest: 401 saying which', async () => {
			const post = async (headers: Record<string, string>) => {
				const response = await fetch(productionUrl('everyEvent'), {
					method: 'POST',
					headers: { 'content-type': 'application/json', ...headers },
					body: JSON.stringify({ event_type: 'meeting.scheduled', event_id: 'evt-unsigned' }),
				});
				return { status: response.status, body: await response.text() };
			};
			const before = await countOf('everyEvent');
			expect(await post({})).toEqual({ status: 401, body: JSON.stringify({ error: 'Signature check failed: the delivery has no X-Nexor-Signature header' }) });
			expect(await post({ 'x-nexor-signature': 'sha256=not-hex' })).toEqual({
				status: 401,
				body: JSON.stringify({ error: 'Signature check failed: the X-Nexor-Signature header holds no SHA-256 digest (hex or base64)' }),
			});
			expect(await countOf('everyEvent')).toBe(before);
		});

		test('the same event_id delivered twice starts one execution; the second is acknowledged (200) so Nexor stops', async () => {
			const before = await countOf('meetingToRd');
			const eventId = `evt-twice-${runtimeName}`;
			hooks().emit('meeting.scheduled', meetingData('twice'), { eventId, only: subscriptions.meetingToRd!.id });
			await n8n.settledExecutions(WORKFLOWS.meetingToRd.id, before + 1, 60_000);
			hooks().emit('meeting.scheduled', meetingData('twice'), { eventId, only: subscriptions.meetingToRd!.id });
			const both = await attemptsOf(eventId, 2);
			expect(both.map((entry) => entry.status)).toEqual([200, 200]);
			// The trigger's own answer, as JSON (not n8n's default body for an onReceived webhook).
			expect(both.map(answerOf)).toEqual([
				{ received: true, started: true, event_id: eventId },
				{ received: true, started: false, reason: `event ${eventId} was received before (a retry)` },
			]);
			// The trigger decided before answering: the count is final.
			expect(await countOf('meetingToRd')).toBe(before + 1);
			expect(await eventually(() => opportunities('twice@example.com').length, (count) => count > 0)).toBe(1);
		});

		test('three copies of one event at the same moment start one execution', async () => {
			const before = await countOf('meetingToRd');
			const eventId = `evt-copies-${runtimeName}`;
			for (let copy = 0; copy < 3; copy++) hooks().emit('meeting.scheduled', meetingData('copies'), { eventId, only: subscriptions.meetingToRd!.id });
			const copies = await attemptsOf(eventId, 3);
			expect(copies.map((entry) => entry.status)).toEqual([200, 200, 200]);
			expect(copies.filter((entry) => answerOf(entry)?.started === true)).toHaveLength(1);
			await n8n.settledExecutions(WORKFLOWS.meetingToRd.id, before + 1, 60_000);
			expect(await countOf('meetingToRd')).toBe(before + 1);
			expect(opportunities('copies@example.com')).toHaveLength(1);
		});

		test('an event not chosen in the trigger is acknowledged and starts nothing', async () => {
			const before = await countOf('cancelledOnly');
			const eventId = hooks().emit('meeting.completed', meetingData('other'), { only: subscriptions.cancelledOnly!.id });
			const [delivery] = await attemptsOf(eventId, 1);
			expect([delivery.status, answerOf(delivery)]).toEqual([200, { received: true, started: false, reason: 'event "meeting.completed" not chosen in this trigger' }]);
			expect(await countOf('cancelledOnly')).toBe(before);
		});

		test('a test delivery from Nexor’s dashboard is marked test: true; with "Ignore Test Deliveries" it starts nothing', async () => {
			const sendTest = async (webhook: NexorWebhook) => {
				const sent = await fetch(`${sandbox.baseUrl('nexor')}/_dashboard/webhooks/${webhook.id}/test`, { method: 'POST' });
				expect(sent.status).toBe(202);
				return ((await sent.json()) as { event_id: string }).event_id;
			};
			const everyBefore = await countOf('everyEvent');
			const cancelledBefore = await countOf('cancelledOnly');
			const marked = await sendTest(subscriptions.everyEvent!);
			const ignored = await sendTest(subscriptions.cancelledOnly!);
			const executions = await n8n.settledExecutions(WORKFLOWS.everyEvent.id, everyBefore + 1, 60_000);
			expect(await triggerItems(executions[0])).toEqual([expect.objectContaining({ event_id: marked, event_type: 'workflow_run.status_changed', test: true, signature: 'verified' })]);
			const [answer] = await attemptsOf(ignored, 1);
			expect(answerOf(answer)).toEqual({ received: true, started: false, reason: 'test delivery (Ignore Test Deliveries)' });
			expect(await countOf('cancelledOnly')).toBe(cancelledBefore);
		});

		test('"Verify Signature" off: a delivery starts unchecked; a body that is no Nexor delivery gets 400 (Nexor does not retry a 4xx)', async () => {
			const post = async (body: unknown) => await fetch(productionUrl('unsigned'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
			const bad = await post({ hello: 'world' });
			expect([bad.status, await bad.json()]).toEqual([400, { error: 'Not a Nexor delivery: the delivery has no "event_type"' }]);
			const open = await post({ event_type: 'meeting.scheduled', event_id: `evt-open-${runtimeName}`, test: false });
			expect(open.status).toBe(200);
			const [execution] = await n8n.settledExecutions(WORKFLOWS.unsigned.id, 1, 60_000);
			expect(await triggerItems(execution)).toEqual([expect.objectContaining({ event_id: `evt-open-${runtimeName}`, signature: 'not checked', delivery_id: null })]);
		});

		test('publishing fails, saying why, when the credential has no signing secret; its URL then takes nothing', async () => {
			// 1.123 and 2.30 refuse the publication in their answer; 2.41 publishes in the background and shows the failure in its publication status.
			const refused = await publish(WORKFLOWS.noSecret.id).then(
				() => undefined,
				(error: Error) => error.message,
			);
			const reason = 'credential has no Webhook Signing Secret';
			const shown =
				refused ??
				JSON.stringify(
					await eventually(
						async () => await n8n.rest<unknown>('GET', `/workflows/${WORKFLOWS.noSecret.id}/publication-status`),
						(status) => JSON.stringify(status).includes(reason),
					),
				);
			expect(shown).toContain(reason);
			expect((await fetch(productionUrl('noSecret'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(404);
		});
	});

	test('"Listen for test event" shows an event without consuming it: the published workflow still runs for it, and a second test shows it again', async () => {
		const testUrl = `${n8n.url}/webhook-test/${WORKFLOWS.meetingToRd.webhookId}/webhook`;
		const testHook = hooks().register({ url: testUrl, events: ['meeting.scheduled'], signing_secret: SECRET });
		const eventId = `evt-listened-${runtimeName}`;
		const listenAndSend = async () => {
			const workflowData = await n8n.rest<IDataObject>('GET', `/workflows/${WORKFLOWS.meetingToRd.id}`);
			// What the editor sends for "Execute workflow" from the Nexor Trigger (1.x also wants the workflow itself).
			expect(await n8n.rest('POST', `/workflows/${WORKFLOWS.meetingToRd.id}/run`, { workflowData, triggerToStartFrom: { name: TRIGGER } })).toMatchObject({ waitingForWebhook: true });
			const sentAt = hooks().deliveries.length;
			hooks().emit('meeting.scheduled', meetingData('listened'), { eventId, only: testHook.id });
			return await eventually(() => hooks().deliveries.slice(sentAt), (list) => list.length === 1);
		};
		const manualItems = async (count: number) => {
			const manual = await eventually(
				async () => (await executionsOf('meetingToRd')).filter((execution) => execution.mode === 'manual' && !['new', 'running'].includes(execution.status)),
				(list) => list.length === count,
			);
			return await triggerItems(manual[0]);
		};
		try {
			const [first] = await listenAndSend();
			expect(first.status).toBe(200);
			expect(await manualItems(1)).toEqual([expect.objectContaining({ event_id: eventId })]);

			const before = (await executionsOf('meetingToRd')).filter((execution) => execution.mode === 'webhook').length;
			hooks().emit('meeting.scheduled', meetingData('listened'), { eventId, only: subscriptions.meetingToRd!.id });
			const [production] = (await attemptsOf(eventId, 2)).filter((entry) => entry.webhook_id === subscriptions.meetingToRd!.id);
			expect(answerOf(production)).toEqual({ received: true, started: true, event_id: eventId });
			await eventually(async () => (await executionsOf('meetingToRd')).filter((execution) => execution.mode === 'webhook').length, (count) => count === before + 1);

			const [second] = await listenAndSend();
			expect(second.status).toBe(200);
			expect(await manualItems(2)).toEqual([expect.objectContaining({ event_id: eventId })]);
		} finally {
			hooks().webhooks.delete(testHook.id);
		}
	});

	describe('after n8n restarts', () => {
		/** Every event the published example started before the restart. */
		let started: string[];
		let executionsBefore: number;
		let opportunitiesBefore: number;
		let leadsBefore: number;
		const skipRows = [0, 1, 2].map((index) => ({ name: `Restart-${runtimeName}-${index}` }));
		const postRows = async () =>
			await fetch(`${n8n.url}/webhook/${WORKFLOWS.skipLeads.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows: skipRows }) });
		const skipLeads = () => [...sandbox.stores.nexor.leads.values()].filter((lead) => String(lead.first_name).startsWith(`Restart-${runtimeName}-`));
		const only = () => ({ only: subscriptions.meetingToRd!.id });
		let whileDown: string;

		beforeAll(async () => {
			// Six events one after another, each run to its end, then 50 at the same moment.
			for (let index = 0; index < 6; index++) {
				const count = await countOf('meetingToRd');
				hooks().emit('meeting.scheduled', meetingData(`one-${index}`), { eventId: `evt-one-${index}-${runtimeName}`, ...only() });
				await n8n.settledExecutions(WORKFLOWS.meetingToRd.id, count + 1, 60_000);
			}
			const count = await countOf('meetingToRd');
			for (let index = 0; index < 50; index++) hooks().emit('meeting.scheduled', meetingData(`burst-${index}`), { eventId: `evt-burst-${index}-${runtimeName}`, ...only() });
			await hooks().settled();
			await n8n.settledExecutions(WORKFLOWS.meetingToRd.id, count + 50, 5 * 60_000);
			expect((await postRows()).status).toBe(200);
			await eventually(() => skipLeads().length, (leads) => leads === skipRows.length);

			started = [...new Set(hooks().deliveries.filter((entry) => entry.webhook_id === subscriptions.meetingToRd!.id && answerOf(entry)?.started === true).map((entry) => entry.event_id))];
			executionsBefore = await countOf('meetingToRd');
			opportunitiesBefore = sandbox.stores.rdstation.events.filter((event) => event.event_type === 'OPPORTUNITY').length;
			leadsBefore = sandbox.stores.nexor.leads.size;

			// n8n stops; Nexor delivers an event meanwhile (refused connection) and retries it once n8n is back.
			await n8n.stop();
			const delays = hooks().retryDelaysMs;
			// Nexor's next attempt comes minutes later: n8n is back by then (sent here once it is).
			hooks().retryDelaysMs = delays.map(() => 60 * 60_000);
			whileDown = hooks().emit('meeting.scheduled', meetingData('while-down'), { eventId: `evt-while-down-${runtimeName}`, ...only() });
			await attemptsOf(whileDown, 1);
			await n8n.start(log);
			await n8n.setupOwnerAndLogin();
			expect(await listening('meetingToRd')).toBe(401);
			expect(hooks().retryNow()).toBe(1);
			hooks().retryDelaysMs = delays;
		});

		test('an event Nexor delivered while n8n was down is retried once n8n is back, and starts once', async () => {
			const attempts = await attemptsOf(whileDown, 2);
			expect(typeof attempts[0].status).toBe('string');
			expect([attempts[1].status, answerOf(attempts[1])]).toEqual([200, { received: true, started: true, event_id: whileDown }]);
			await n8n.settledExecutions(WORKFLOWS.meetingToRd.id, executionsBefore + 1, 60_000);
			expect(await eventually(() => opportunities('while-down@example.com').length, (count) => count > 0)).toBe(1);
		});

		test('every event started before the restart (one after another, and 50 at once), delivered again at once: each acknowledged, none starts', async () => {
			// Those of the tests above, and the 6 + 50 of this one.
			expect(started.length).toBeGreaterThanOrEqual(6 + 50);
			await n8n.settledExecutions(WORKFLOWS.meetingToRd.id, executionsBefore + 1, 60_000);
			const executions = await countOf('meetingToRd');
			const sentAt = hooks().deliveries.length;
			for (const eventId of started) hooks().emit('meeting.scheduled', meetingData('again'), { eventId, ...only() });
			await hooks().settled();
			const again = await eventually(() => hooks().deliveries.slice(sentAt), (list) => list.length >= started.length);
			expect(again.filter((entry) => entry.status !== 200 || answerOf(entry)?.started !== false).map((entry) => `${entry.event_id}: ${entry.status} ${entry.answer}`)).toEqual([]);
			// The trigger decided before answering: nothing was started, nothing reached RD.
			expect(await countOf('meetingToRd')).toBe(executions);
			expect(opportunities('again@example.com')).toHaveLength(0);
			expect(sandbox.stores.rdstation.events.filter((event) => event.event_type === 'OPPORTUNITY').length).toBe(opportunitiesBefore + 1);
		});

		test('"Skip Items Already Sent": rows posted again after the restart are not sent again (n8n’s deduplication store)', async () => {
			const count = await countOf('skipLeads');
			expect((await postRows()).status).toBe(200);
			await n8n.settledExecutions(WORKFLOWS.skipLeads.id, count + 1, 60_000);
			expect(skipLeads()).toHaveLength(skipRows.length);
			expect(sandbox.stores.nexor.leads.size).toBe(leadsBefore);
		});
	});
});
