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
