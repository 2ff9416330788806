import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { finiteNumber } from '../../../shared/validation';
import type { AccountFields } from '../../customFields';
import { loadAccountFields } from '../../customFields';
import { eventBatches, sendEvent } from '../../events';
import { funnelEvent, funnelProperties } from './funnelEvent';

/** Mark as Won: RD's SALE event (OAuth2). */
const properties = funnelProperties([
	{
		displayName: 'Value',
		name: 'value',
		type: 'number',
		typeOptions: { numberPrecision: 2 },
		required: true,
		default: '',
		description: 'Value of the sale. Text such as "1500.00" is converted.',
	},
]);

const displayOptions = { show: { resource: ['funnel'], operation: ['markWon'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export function prepare(this: IExecuteFunctions, itemIndex: number, fields: AccountFields): IDataObject {
	return funnelEvent(this, itemIndex, fields, 'SALE', {
		schema: { value: finiteNumber },
		input: { value: this.getNodeParameter('value', itemIndex, '') },
		labels: { value: 'Value' },
	});
}

export const load = loadAccountFields;

export const send = sendEvent;

export const batch = eventBatches;

export const createdId = (output: IDataObject) => output.event_uuid;
