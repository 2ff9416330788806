import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

/*
 * Nexor's webhook deliveries (docs/nexor-api.md §Webhooks): a JSON envelope
 * { event_type, event_id, webhook_id, delivery_id, timestamp, client_id,
 * test, data }, delivered at least once and retried after 1, 5 and 30
 * minutes with a new delivery_id but the same event_id.
 */

/** The events Nexor documents (official); the secondary meeting.created/updated and outreach.failed pass when no event is chosen. */
export const EVENTS: INodePropertyOptions[] = [
	{ name: 'Meeting Cancelled', value: 'meeting.cancelled' },
	{ name: 'Meeting Completed', value: 'meeting.completed' },
	{ name: 'Meeting Confirmed', value: 'meeting.confirmed' },
	{ name: 'Meeting No-Show', value: 'meeting.no_show' },
	{ name: 'Meeting Scheduled', value: 'meeting.scheduled' },
	{ name: 'Workflow Status Changed', value: 'workflow_run.status_changed', description: 'A lead’s status in a workflow changed (e.g. to "won")' },
];

export interface Envelope extends IDataObject {
	event_type: string;
	event_id: string;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** The delivery as an envelope, or why it is not one. */
export function envelopeOf(body: unknown): { envelope: Envelope } | { problem: string } {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return { problem: 'the body is not a JSON object' };
	const delivery = body as IDataObject;
	if (!isText(delivery.event_type)) return { problem: 'the delivery has no "event_type"' };
	if (!isText(delivery.event_id) && typeof delivery.event_id !== 'number') return { problem: 'the delivery has no "event_id"' };
	return { envelope: { ...delivery, event_type: delivery.event_type, event_id: String(delivery.event_id) } };
}

/** What the workflow receives: the envelope as Nexor sent it, with `test` always a boolean and how it was checked. */
export function itemOf(envelope: Envelope, signature: 'verified' | 'not checked'): IDataObject {
	return {
		event_type: envelope.event_type,
		event_id: envelope.event_id,
		delivery_id: envelope.delivery_id ?? null,
		webhook_id: envelope.webhook_id ?? null,
		timestamp: envelope.timestamp ?? null,
		client_id: envelope.client_id ?? null,
		test: envelope.test === true,
		signature,
		data: envelope.data ?? {},
	};
}

/*
 * Event IDs already started, per trigger node. Two places, because n8n
 * offers webhooks no deduplication helper (checkProcessedAndRecord exists
 * for executions only):
 *  - the workflow's static data (n8n's database, saved right after the
 *    webhook answers): holds across restarts and across n8n processes that
 *    share the database (queue mode's main and webhook processes), for
 *    deliveries that arrive one after the other — as Nexor's retries do,
 *    minutes apart;
 *  - this process's memory: two deliveries of one event at the same moment
 *    (both read the static data before either wrote it) start once when
 *    they reach the same process. Across processes at the same moment, and
 *    across n8n instances with separate databases, both may start.
 * Kept: the last MAX_REMEMBERED events of the last day
 * (docs/nexor-api.md §Webhooks.Deduplication).
 */
export const MAX_REMEMBERED = 2000;
export const REMEMBER_MS = 24 * 60 * 60 * 1000;

const inProcess = new Map<string, number>();

/** [event ID, when it was started], oldest first. */
type Seen = Array<[string, number]>;

function recent(value: unknown, now: number): Seen {
	if (!Array.isArray(value)) return [];
	return (value as unknown[])
		.filter((entry): entry is [string, number] => Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'number')
		.filter(([, at]) => now - at < REMEMBER_MS)
		.slice(-MAX_REMEMBERED);
}

/**
 * Records the event as started; false when this trigger started it before
 * (in its static data, or in this process).
 */
export function firstDelivery(staticData: IDataObject, scope: string, eventId: string, now = Date.now()): boolean {
	const processKey = `${scope}\u0000${eventId}`;
	for (const [key, at] of inProcess) {
		if (now - at < REMEMBER_MS && inProcess.size <= MAX_REMEMBERED * 5) break;
		inProcess.delete(key);
	}
	const seen = recent(staticData.seenEvents, now);
	if (inProcess.has(processKey) || seen.some(([id]) => id === eventId)) return false;
	inProcess.set(processKey, now);
	staticData.seenEvents = [...seen, [eventId, now]].slice(-MAX_REMEMBERED);
	return true;
}
