import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionalText } from '../../../shared/validation';
import type { AccountFields } from '../../customFields';
import { loadAccountFields } from '../../customFields';
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

export function prepare(this: IExecuteFunctions, itemIndex: number, fields: AccountFields): IDataObject {
	return funnelEvent(this, itemIndex, fields, 'OPPORTUNITY_LOST', {
		schema: { reason: optionalText },
		input: { reason: this.getNodeParameter('reason', itemIndex, '') },
		labels: { reason: 'Reason' },
	});
}

export const load = loadAccountFields;

export const send = sendEvent;

export const batch = eventBatches;

export const createdId = (output: IDataObject) => output.event_uuid;
