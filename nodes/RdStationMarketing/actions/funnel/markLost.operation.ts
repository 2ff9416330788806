import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { Run } from '../../../shared/run';
import { optionalText } from '../../../shared/validation';
import { eventBatches, sendEvent } from '../../events';
import { funnelEvent, funnelProperties } from './funnelEvent';

/** Mark as Lost: RD's OPPORTUNITY_LOST event (OAuth2). */
const properties = funnelProperties([
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		default: '',
		description: 'Why the opportunity was lost',
	},
]);

const displayOptions = { show: { resource: ['funnel'], operation: ['markLost'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number, run: Run): Promise<IDataObject> {
	return await funnelEvent(this, itemIndex, run, 'OPPORTUNITY_LOST', {
		schema: { reason: optionalText },
		input: { reason: this.getNodeParameter('reason', itemIndex, '') },
		labels: { reason: 'Reason' },
	});
}

export const send = sendEvent;

export const batch = eventBatches;

export const createdId = (output: IDataObject) => output.event_uuid;
