import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { Run } from '../../../shared/run';
import { eventBatches, sendEvent } from '../../events';
import { funnelEvent, funnelProperties } from './funnelEvent';

/** Mark as Opportunity: RD's OPPORTUNITY event (OAuth2). */
const properties = funnelProperties([]);

const displayOptions = { show: { resource: ['funnel'], operation: ['markOpportunity'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number, run: Run): Promise<IDataObject> {
	return await funnelEvent(this, itemIndex, run, 'OPPORTUNITY');
}

export const send = sendEvent;

export const batch = eventBatches;

export const createdId = (output: IDataObject) => output.event_uuid;
