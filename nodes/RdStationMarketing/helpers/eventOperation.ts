import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationModule } from '../../shared/types';
import {
	accountFieldsProperty,
	contactEmailProperty,
	ecommercePlanNotice,
	eventFieldProperties,
	sendInBatchesProperty,
} from '../actions/common.descriptions';
import type { AccountFields } from './customFields';
import { loadAccountFields } from './customFields';
import { eventFromParameters } from './eventPayload';
import { EVENT_TYPES } from './eventTypes';
import { eventBatches, sendEvent } from './events';
import { funnelEvent } from './funnelEvents';

export type EventOperation = OperationModule<IDataObject, AccountFields> & { description: INodeProperties[] };

/** What every event operation sends with: one request per event or batches; RD's id names what was created. */
export const eventSending = {
	send: sendEvent,
	batch: eventBatches,
	createdId: (output: IDataObject) => output.event_uuid,
};

/**
 * A typed event operation (chat, call, media, e-commerce): its parameters
 * from the type's fields, checked against them before sending. Types on RD's
 * batch list offer "Send in Batches"; e-commerce ones say which plan RD needs.
 */
export function eventOperation(resource: string, operation: string, eventType: string): EventOperation {
	const spec = EVENT_TYPES[eventType];
	const properties = [
		...(spec.ecommerce ? [ecommercePlanNotice] : []),
		...eventFieldProperties(spec),
		...(spec.batchable ? [sendInBatchesProperty] : []),
	];
	return {
		description: updateDisplayOptions({ show: { resource: [resource], operation: [operation] } }, properties),
		prepare(this: IExecuteFunctions, itemIndex: number) {
			return eventFromParameters(this, itemIndex, spec);
		},
		send: eventSending.send,
		batch: spec.batchable ? eventSending.batch : undefined,
		createdId: eventSending.createdId,
	};
}

/** A funnel event operation (OAuth2): contact, funnel, what the event adds, the account's fields, batches. */
export function funnelOperation(operation: string, eventType: string, extra: INodeProperties[] = []): EventOperation {
	const properties: INodeProperties[] = [
		contactEmailProperty('Email of the contact'),
		{
			displayName: 'Funnel Name',
			name: 'funnelName',
			type: 'string',
			required: true,
			default: 'default',
			description: 'The funnel in RD Station; "default" unless your account has others',
		},
		...extra,
		accountFieldsProperty,
		sendInBatchesProperty,
	];
	return {
		description: updateDisplayOptions({ show: { resource: ['funnel'], operation: [operation] } }, properties),
		load: loadAccountFields,
		prepare(this: IExecuteFunctions, itemIndex: number, fields: AccountFields) {
			return funnelEvent(this, itemIndex, fields, eventType);
		},
		...eventSending,
	};
}
