/*
 * The Nexor Trigger with n8n-core's own webhook and hook contexts of each
 * runtime (webhookHost.ts), receiving what the sandbox's Nexor delivers:
 * signed in each plausible encoding, retried on non-2xx with a new
 * delivery_id and the same event_id (docs/nexor-api.md §Webhooks). A bad
 * signature is refused (401) and starts nothing; an event is started once;
 * test deliveries are marked; the secret never shows.
 */
import { createHmac } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { NEXOR_IDS, NEXOR_KEY, NEXOR_WEBHOOK_FIXTURE_SECRET } from '../sandbox/nexor';
import type { SignatureScheme } from '../sandbox/nexorWebhooks';
import { capturingLogs, useTestBed, visibleText } from '../setup';
import { runNexor } from './support';
import { TriggerHost } from './webhookHost';

const bed = useTestBed();

/** The signing secret the user pasted into the credential (a sandbox fixture). */
const SECRET = NEXOR_WEBHOOK_FIXTURE_SECRET;

const hosts: TriggerHost[] = [];
async function trigger(parameters: IDataObject, workflowId?: string): Promise<TriggerHost> {
	const host = await new TriggerHost(bed, parameters, workflowId).start();
	hosts.push(host);
	return host;
}

const hooks = () => bed.sandbox.stores.nexor.webhooks;

/** Waits until the sandbox's deliveries (and their retries) are done. */
async function delivered(until: () => boolean) {
	for (let round = 0; round < 200 && !until(); round++) {
		await hooks().settled();
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	await hooks().settled();
}

beforeAll(() => {
	bed.engine.setCredentials({ nexorApi: { apiKey: NEXOR_KEY, baseUrl: bed.sandbox.baseUrl('nexor'), webhookSigningSecret: SECRET } });
	hooks().retryDelaysMs = [30, 60, 90];
});

afterEach(async () => {
	await hooks().settled();
	hooks().webhooks.clear();
	hooks().forgeWith = undefined;
	hooks().signatureScheme = 'hex';
	for (const host of hosts.splice(0)) await host.stop();
});

describe('Nexor Trigger: signed deliveries', () => {
	test.each<SignatureScheme>(['hex', 'sha256=hex', 'base64', 'timestamped'])(
		'a meeting booked through the Nexor node reaches the trigger signed as "%s": verified, started once, with event_id and delivery_id',
		async (scheme) => {
			hooks().signatureScheme = scheme;
			const host = await trigger({ events: ['meeting.scheduled'] });
			expect(await host.activate()).toBe(true);
			hooks().register({ url: host.url, events: ['meeting.scheduled'], signing_secret: SECRET });

			const booked = await runNexor(bed, { resource: 'meeting', operation: 'create', leadEmail: 'ana@example.com', title: `Call (${scheme})`, startsAt: '2026-04-01T10:00:00Z', timeZone: 'UTC' }, [{}]);
			expect(booked.error).toBeUndefined();
			await delivered(() => host.started.length > 0);

			expect(host.started).toHaveLength(1);
			const [item] = host.started[0];
			const [delivery] = hooks().deliveries.slice(-1);
			expect(item).toMatchObject({
				event_type: 'meeting.scheduled',
				event_id: delivery.event_id,
				delivery_id: delivery.delivery_id,
				test: false,
				signature: 'verified',
				data: { meeting: { id: booked.items[0].json.id, title: `Call (${scheme})` }, lead: { id: NEXOR_IDS.leadAna, email: 'ana@example.com' } },
			});
			expect(delivery.status).toBe(200);
		},
	);

	test('a lead’s status change reaches a workflow_run.status_changed trigger with the statuses, the lead and the workflow', async () => {
		const host = await trigger({ events: ['workflow_run.status_changed'] });
		hooks().register({ url: host.url, signing_secret: SECRET });
		const created = await runNexor(bed, { resource: 'lead', operation: 'create', firstName: 'Winner', email: 'winner@example.com', workflowId: NEXOR_IDS.workflowNurture }, [{}]);
		const leadId = (created.items[0].json.lead as IDataObject).id;
		await runNexor(bed, { resource: 'lead', operation: 'setStatus', leadId, statusKey: 'won' }, [{}]);
		await delivered(() => host.started.length > 0);
		expect(host.started[0][0]).toMatchObject({
			event_type: 'workflow_run.status_changed',
			data: { from_status: { key: 'new' }, to_status: { key: 'won', category: 'won' }, lead: { id: leadId, email: 'winner@example.com' }, workflow: { name: 'WhatsApp Nurture' } },
		});
	});

	test('the signature is checked over the bytes as sent, not over JSON parsed and written again', async () => {
		const host = await trigger({ events: [] });
		const raw = '{ "event_type" : "meeting.completed",\n  "event_id": "evt-raw-1", "delivery_id": "d-1", "data": { "note": "ñandú €" } }';
		const signature = createHmac('sha256', SECRET).update(raw).digest('hex');
		const response = await fetch(host.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-nexor-signature': signature }, body: raw });
		expect(response.status).toBe(200);
		expect(host.started[0][0]).toMatchObject({ event_id: 'evt-raw-1', data: { note: 'ñandú €' }, signature: 'verified' });
	});
});

describe('Nexor Trigger: refused, repeated, filtered and test deliveries', () => {
	test('a delivery signed with another secret is refused with 401 and starts nothing; Nexor retries it and it is refused each time', async () => {
		const host = await trigger({ events: ['meeting.scheduled'] });
		hooks().register({ url: host.url, signing_secret: SECRET });
		hooks().forgeWith = 'whsec_someone_else_entirely_1234';
		const { result: eventId, logs } = await capturingLogs(async () => {
			const id = hooks().emit('meeting.scheduled', { meeting: { id: 'm-forged' } });
			await delivered(() => hooks().deliveries.filter((entry) => entry.event_id === id).length === 4);
			return id;
		});
		const attempts = hooks().deliveries.filter((entry) => entry.event_id === eventId);
		expect(attempts.map((entry) => [entry.attempt, entry.status])).toEqual([
			[0, 401],
			[1, 401],
			[2, 401],
			[3, 401],
		]);
		expect(new Set(attempts.map((entry) => entry.delivery_id)).size).toBe(4);
		expect(host.started).toHaveLength(0);
		expect(host.answers[0]).toEqual({ status: 401, body: JSON.stringify({ error: 'Signature check failed: the X-Nexor-Signature does not match the signing secret' }) });
		// Nothing the sender, n8n's logs (as far as this process writes them) or the workflow sees holds the secret.
		expect(visibleText(logs, host.answers, host.staticData)).not.toContain(SECRET);
	});

	test('no signature, or one that is no digest: 401 saying which, without the secret', async () => {
		const host = await trigger({ events: [] });
		const post = async (headers: Record<string, string>) => {
			const response = await fetch(host.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ event_type: 'meeting.scheduled', event_id: 'evt-unsigned' }) });
			return { status: response.status, body: await response.text() };
		};
		expect(await post({})).toEqual({ status: 401, body: JSON.stringify({ error: 'Signature check failed: the delivery has no X-Nexor-Signature header' }) });
		expect(await post({ 'x-nexor-signature': 'sha256=not-hex' })).toEqual({
			status: 401,
			body: JSON.stringify({ error: 'Signature check failed: the X-Nexor-Signature header holds no SHA-256 digest (hex or base64)' }),
		});
		expect(host.started).toHaveLength(0);
	});

	test('n8n busy (500) on the first attempt: Nexor retries with a new delivery_id and the workflow starts once', async () => {
		const host = await trigger({ events: ['meeting.no_show'] });
		hooks().register({ url: host.url, signing_secret: SECRET });
		host.failNext = 1;
		const eventId = hooks().emit('meeting.no_show', { meeting: { id: 'm-retry' } });
		await delivered(() => host.started.length > 0);
		const attempts = hooks().deliveries.filter((entry) => entry.event_id === eventId);
		expect(attempts.map((entry) => [entry.attempt, entry.status])).toEqual([
			[0, 500],
			[1, 200],
		]);
		expect(host.started).toHaveLength(1);
		expect(host.started[0][0]).toMatchObject({ event_id: eventId, delivery_id: attempts[1].delivery_id });
	});

	test('the same event_id delivered twice starts the workflow once; the second is acknowledged (200) so Nexor stops', async () => {
		const host = await trigger({ events: ['meeting.cancelled'] });
		hooks().register({ url: host.url, signing_secret: SECRET });
		hooks().emit('meeting.cancelled', { meeting: { id: 'm-dup' } }, { eventId: 'evt-duplicate-1' });
		await delivered(() => host.started.length > 0);
		hooks().emit('meeting.cancelled', { meeting: { id: 'm-dup' } }, { eventId: 'evt-duplicate-1' });
		await delivered(() => host.answers.length === 2);
		expect(host.started).toHaveLength(1);
		// n8n's own answer for a started run: the trigger's JSON (a webhook description without responseData answered "firstEntryJson").
		expect(host.answers[0]).toEqual({ status: 200, body: JSON.stringify({ received: true, started: true, event_id: 'evt-duplicate-1' }) });
		expect(host.answers[1]).toEqual({ status: 200, body: JSON.stringify({ received: true, started: false, reason: 'event evt-duplicate-1 was received before (a retry)' }) });
		// Kept in the workflow's static data (n8n's database), bounded.
		expect(host.staticData).toMatchObject({ 'node:Nexor Trigger': { seenEvents: [['evt-duplicate-1', expect.any(Number)]] } });
	});

	test('two deliveries of one event at the same moment start it once (this process remembers it before n8n saves)', async () => {
		const host = await trigger({ events: [] });
		const body = JSON.stringify({ event_type: 'meeting.confirmed', event_id: 'evt-race', delivery_id: 'd' });
		const headers = { 'content-type': 'application/json', 'x-nexor-signature': createHmac('sha256', SECRET).update(body).digest('hex') };
		const statuses = await Promise.all([1, 2].map(async () => (await fetch(host.url, { method: 'POST', headers, body })).status));
		expect(statuses).toEqual([200, 200]);
		expect(host.started).toHaveLength(1);
	});

	test('an event not chosen in the trigger is acknowledged and starts nothing', async () => {
		const host = await trigger({ events: ['meeting.cancelled'] });
		hooks().register({ url: host.url, signing_secret: SECRET });
		hooks().emit('meeting.completed', { meeting: { id: 'm-other' } });
		await delivered(() => host.answers.length > 0);
		expect(host.started).toHaveLength(0);
		expect(host.answers[0]).toEqual({ status: 200, body: JSON.stringify({ received: true, started: false, reason: 'event "meeting.completed" not chosen in this trigger' }) });
	});

	test('a test delivery from Nexor’s dashboard is marked test: true; with "Ignore Test Deliveries" it starts nothing', async () => {
		const marked = await trigger({ events: ['meeting.scheduled'] }, 'workflow-marked');
		const ignoring = await trigger({ events: ['meeting.scheduled'], options: { ignoreTestDeliveries: true } }, 'workflow-ignoring');
		for (const host of [marked, ignoring]) {
			const webhook = await fetch(`${bed.sandbox.baseUrl('nexor')}/_dashboard/webhooks`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ url: host.url, events: ['meeting.scheduled'], signing_secret: SECRET }),
			}).then(async (response) => (await response.json()) as { id: string });
			const sent = await fetch(`${bed.sandbox.baseUrl('nexor')}/_dashboard/webhooks/${webhook.id}/test`, { method: 'POST' });
			expect(sent.status).toBe(202);
		}
		await delivered(() => marked.started.length > 0 && ignoring.answers.length > 0);
		expect(marked.started[0][0]).toMatchObject({ event_type: 'meeting.scheduled', test: true, signature: 'verified' });
		expect(ignoring.started).toHaveLength(0);
		expect(ignoring.answers[0].body).toContain('test delivery (Ignore Test Deliveries)');
	});

	test('a body that is no Nexor delivery is refused with 400 (Nexor does not retry a 4xx)', async () => {
		const host = await trigger({ events: [], verifySignature: false });
		const response = await fetch(host.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hello: 'world' }) });
		expect(response.status).toBe(400);
		expect(await response.json()).toEqual({ error: 'Not a Nexor delivery: the delivery has no "event_type"' });
	});
});

describe('Nexor Trigger: activation and settings', () => {
	test('activation fails clearly when the credential has no signing secret; with "Verify Signature" off it needs none', async () => {
		bed.engine.setCredentials({ nexorApi: { apiKey: NEXOR_KEY, baseUrl: bed.sandbox.baseUrl('nexor') } });
		try {
			const strict = await trigger({ events: [] });
			await expect(strict.activate()).rejects.toThrow('The "Nexor API" credential has no Webhook Signing Secret');
			const open = await trigger({ events: [], verifySignature: false });
			expect(await open.activate()).toBe(true);
			const response = await fetch(open.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ event_type: 'meeting.scheduled', event_id: 'evt-open', test: false }) });
			expect(response.status).toBe(200);
			expect(open.started[0][0]).toMatchObject({ event_id: 'evt-open', signature: 'not checked', delivery_id: null });
		} finally {
			bed.engine.setCredentials({ nexorApi: { apiKey: NEXOR_KEY, baseUrl: bed.sandbox.baseUrl('nexor'), webhookSigningSecret: SECRET } });
		}
	});

	test('the node: a webhook trigger with no inputs, the six documented events, the setup notice and its credential only when verifying', () => {
		const node = bed.engine.nodeTypes.getByNameAndVersion('n8n-nodes-lead-conversions.nexorTrigger');
		const { description } = node;
		expect(description.inputs).toEqual([]);
		expect(description.webhooks).toEqual([{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path: 'webhook' }]);
		expect(description.properties.find((property) => property.name === 'events')?.options?.map((option) => (option as { value: string }).value)).toEqual([
			'meeting.cancelled',
			'meeting.completed',
			'meeting.confirmed',
			'meeting.no_show',
			'meeting.scheduled',
			'workflow_run.status_changed',
		]);
		expect(description.properties.find((property) => property.name === 'setupNotice')?.displayName).toContain('Settings → Integrations → Webhooks');
		expect(description.credentials).toEqual([{ name: 'nexorApi', required: true, displayOptions: { show: { verifySignature: [true] } } }]);
		const secret = bed.engine.credentialType('nexorApi').properties.find((property) => property.name === 'webhookSigningSecret');
		expect(secret?.typeOptions?.password).toBe(true);
	});
});
