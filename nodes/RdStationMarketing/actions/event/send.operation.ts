import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { failItem } from '../../../shared/validation';
import { checkPayload, requireOAuth2 } from '../../helpers/eventPayload';
import { EVENT_TYPES } from '../../helpers/eventTypes';
import { checkEventSize, eventBody } from '../../helpers/events';
import { sendInBatchesProperty } from '../common.descriptions';
import { eventSending } from '../eventOperations';

/** The legacy e-commerce events RD removed on 2025-12-31 (docs/rdstation-api.md §E-commerce): named, so the refusal says why. */
const REMOVED_TYPES = ['ORDER_PLACED', 'ORDER_PLACED_ITEM', 'CART_ABANDONED', 'CART_ABANDONED_ITEM'];

const typeName = (type: string) =>
	type
		.toLowerCase()
		.split('_')
		.map((word) => word[0].toUpperCase() + word.slice(1))
		.join(' ');

const properties: INodeProperties[] = [
	{
		displayName: 'Event Type',
		name: 'eventType',
		type: 'options',
		options: Object.keys(EVENT_TYPES)
			.map((type) => ({ name: typeName(type), value: type, description: type }))
			.sort((a, b) => a.name.localeCompare(b.name)),
		default: 'CONVERSION',
		description: 'The event’s type; an expression may give it per item, so that one run (and one batch) sends several types',
	},
	{
		displayName: 'Payload',
		name: 'payload',
		type: 'json',
		required: true,
		default: '{\n  "email": ""\n}',
		description: 'The event’s fields with RD’s names (email, conversion_identifier, chat_subject, …), checked against what RD documents for the type before sending',
	},
	sendInBatchesProperty,
];

const displayOptions = { show: { resource: ['event'], operation: ['send'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** The item's event: its type known to RD, its payload checked against the type's fields, within 0.2 MB. */
export function prepare(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const node = this.getNode();
	const given = this.getNodeParameter('eventType', itemIndex, '') as unknown;
	const type = typeof given === 'string' ? given.trim().toUpperCase() : '';
	const spec = EVENT_TYPES[type];
	if (!spec) {
		const removed = REMOVED_TYPES.includes(type) ? ` (${type} was removed by RD on 2025-12-31: use the ECOMMERCE_… events)` : '';
		failItem(node, [`Event Type: expected one of ${Object.keys(EVENT_TYPES).join(', ')}, got ${JSON.stringify(given)}${removed}`], itemIndex);
	}
	requireOAuth2(this, itemIndex, spec.type);
	const givenPayload = this.getNodeParameter('payload', itemIndex, {}) as unknown;
	let payload = givenPayload;
	if (typeof givenPayload === 'string') {
		try {
			payload = JSON.parse(givenPayload) as unknown;
		} catch {
			failItem(node, [`Payload: expected a JSON object, got text that is not JSON: ${JSON.stringify(givenPayload.slice(0, 60))}`], itemIndex);
		}
	}
	const body = eventBody(spec.type, checkPayload(this, spec, payload, itemIndex));
	checkEventSize(this, body, itemIndex);
	return body;
}

export const { send, batch, createdId } = eventSending;
