/*
 * One source per parameter: every RD event operation's parameters are its
 * event's fields, as helpers/eventTypes.ts declares them (name on the wire,
 * parameter, label, required), for every field of every typed operation.
 * What each parameter sends, under its key on the wire, is checked on the
 * wire by events.test.ts, rdstation.test.ts and rdstationOAuth.test.ts.
 */
import type { INodeProperties, INodeType } from 'n8n-workflow';

import { EVENT_TYPES } from '../../nodes/RdStationMarketing/helpers/eventTypes';
import { PACKAGE_ROOT } from '../harness/engine';

// The built node, as n8n loads it (the specs are the tree's, compiled into it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { RdStationMarketing } = require(`${PACKAGE_ROOT}/dist/nodes/RdStationMarketing/RdStationMarketing.node.js`) as { RdStationMarketing: new () => INodeType };
const properties = new RdStationMarketing().description.properties;

/** The operation's parameters, by name, with the collection each sits in ('' at the top). */
function parametersOf(resource: string, operation: string): Map<string, { where: string; property: INodeProperties }> {
	const shown = properties.filter((property) => {
		const show = property.displayOptions?.show ?? {};
		return (show.resource as string[] | undefined)?.includes(resource) && (show.operation as string[] | undefined)?.includes(operation);
	});
	const found = new Map<string, { where: string; property: INodeProperties }>();
	for (const property of shown) {
		found.set(property.name, { where: '', property });
		if (property.name === 'additionalFields') for (const option of property.options as INodeProperties[]) found.set(option.name, { where: 'additionalFields', property: option });
	}
	return found;
}

const OPERATIONS: Array<[resource: string, operation: string, type: string]> = [
	['conversion', 'create', 'CONVERSION'],
	['funnel', 'markOpportunity', 'OPPORTUNITY'],
	['funnel', 'markWon', 'SALE'],
	['funnel', 'markLost', 'OPPORTUNITY_LOST'],
	['event', 'chatStarted', 'CHAT_STARTED'],
	['event', 'chatFinished', 'CHAT_FINISHED'],
	['event', 'callFinished', 'CALL_FINISHED'],
	['event', 'mediaPlaybackStarted', 'MEDIA_PLAYBACK_STARTED'],
	['event', 'mediaPlaybackStopped', 'MEDIA_PLAYBACK_STOPPED'],
	['ecommerce', 'checkoutStarted', 'ECOMMERCE_CHECKOUT_STARTED'],
	['ecommerce', 'cartAbandoned', 'ECOMMERCE_CART_ABANDONED'],
	['ecommerce', 'orderPlaced', 'ECOMMERCE_ORDER_PLACED'],
	['ecommerce', 'orderPaid', 'ECOMMERCE_ORDER_PAID'],
	['ecommerce', 'orderFulfilled', 'ECOMMERCE_ORDER_FULFILLED'],
	['ecommerce', 'shipmentDelivered', 'ECOMMERCE_SHIPMENT_DELIVERED'],
	['ecommerce', 'orderCancelled', 'ECOMMERCE_ORDER_CANCELLED'],
	['ecommerce', 'orderRefunded', 'ECOMMERCE_ORDER_REFUNDED'],
];

test('every event type has an operation, and every operation an event type', () => {
	expect(OPERATIONS.map(([, , type]) => type).sort()).toEqual(Object.keys(EVENT_TYPES).sort());
});

test.each(OPERATIONS)('%s → %s: each field of %s is one parameter, with the field’s label and place', (resource, operation, type) => {
	const parameters = parametersOf(resource, operation);
	const spec = EVENT_TYPES[type];
	const names = spec.fields.map((field) => field.name);
	expect(new Set(names).size).toBe(names.length);
	expect(new Set(spec.fields.map((field) => field.key)).size).toBe(names.length);
	for (const field of spec.fields) {
		if (field.kind === 'lineItems') {
			expect(parameters.get('lineItems')?.where).toBe('');
			continue;
		}
		const parameter = parameters.get(field.name);
		expect({ field: field.key, name: parameter?.property.name, label: parameter?.property.displayName }).toEqual({ field: field.key, name: field.name, label: field.displayName });
		// Required and top-level fields at the top, the others under Additional Fields (where saved workflows have them).
		expect(parameter!.where).toBe(field.required || field.topLevel || field.kind === 'legalBases' ? '' : 'additionalFields');
		expect(parameter!.property.required === true).toBe(field.required === true);
	}
});

test('no two fields of different meaning share a parameter across the node (a value would carry over between operations)', () => {
	const meaningOf = new Map<string, string>();
	for (const spec of Object.values(EVENT_TYPES)) {
		for (const field of spec.fields) {
			const meaning = `${field.key}:${field.kind}`;
			const before = meaningOf.get(field.name);
			expect({ name: field.name, meaning: before ?? meaning }).toEqual({ name: field.name, meaning });
			meaningOf.set(field.name, meaning);
		}
	}
	expect(meaningOf.get('ecommerceIdentifier')).toBe('identifier:text');
});
