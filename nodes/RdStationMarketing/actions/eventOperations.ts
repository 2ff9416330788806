import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationModule } from '../../shared/types';
import type { AccountFields } from '../helpers/customFields';
import { loadAccountFields } from '../helpers/customFields';
import { eventFromParameters } from '../helpers/eventPayload';
import type { EventSpec } from '../helpers/eventTypes';
import { eventBatches, sendEvent } from '../helpers/events';
import { funnelEvent } from '../helpers/funnelEvents';
import { accountFieldsProperty, ecommercePlanNotice, eventFieldProperties, sendInBatchesProperty } from './common.descriptions';

/*
 * The event operations (conversion, funnel, chat, call, media, e-commerce,
 * Send) share how they send: one request per event or batches, RD's
 * `event_uuid` naming what was created. The typed ones are built here from
 * their event's spec (helpers/eventTypes.ts), where each field is declared
 * once: their parameters and their checks both come from it.
 */

export type EventOperation = OperationModule<IDataObject, AccountFields> & { description: INodeProperties[] };

/** What every event operation sends with. */
export const eventSending = {
	send: sendEvent,
	batch: eventBatches,
	createdId: (output: IDataObject) => output.event_uuid,
};

const shownFor = (resource: string, operation: string, properties: INodeProperties[]) =>
	updateDisplayOptions({ show: { resource: [resource], operation: [operation] } }, properties);

/**
 * A typed event operation (chat, call, media, e-commerce): its parameters
 * from the type's fields, checked against them before sending. Types on RD's
 * batch list offer "Send in Batches"; e-commerce ones say which plan RD needs.
 */
export function eventOperation(resource: string, operation: string, spec: EventSpec): EventOperation {
	return {
		description: shownFor(resource, operation, [
			...(spec.ecommerce ? [ecommercePlanNotice] : []),
			...eventFieldProperties(spec),
			...(spec.batchable ? [sendInBatchesProperty] : []),
		]),
		prepare(this: IExecuteFunctions, itemIndex: number) {
			return eventFromParameters(this, itemIndex, spec);
		},
		send: eventSending.send,
		batch: spec.batchable ? eventSending.batch : undefined,
		createdId: eventSending.createdId,
	};
}

/** A funnel event operation (OAuth2): its fields (contact, funnel, what the event adds), the account's fields, batches. */
export function funnelOperation(operation: string, spec: EventSpec): EventOperation {
	return {
		description: shownFor('funnel', operation, [...eventFieldProperties(spec), accountFieldsProperty, sendInBatchesProperty]),
		load: loadAccountFields,
		prepare(this: IExecuteFunctions, itemIndex: number, fields: AccountFields) {
			return funnelEvent(this, itemIndex, fields, spec);
		},
		...eventSending,
	};
}
