import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { AccountFields } from '../../customFields';
import { loadAccountFields } from '../../customFields';
import { eventBatches, sendEvent } from '../../events';
import { funnelEvent, funnelProperties } from './funnelEvent';

/** Mark as Opportunity: RD's OPPORTUNITY event (OAuth2). */
const properties = funnelProperties([]);

const displayOptions = { show: { resource: ['funnel'], operation: ['markOpportunity'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export function prepare(this: IExecuteFunctions, itemIndex: number, fields: AccountFields): IDataObject {
	return funnelEvent(this, itemIndex, fields, 'OPPORTUNITY');
}

export const load = loadAccountFields;

export const send = sendEvent;

export const batch = eventBatches;

export const createdId = (output: IDataObject) => output.event_uuid;
