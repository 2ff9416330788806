import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit, wantedCount } from '../../../shared/resource';
import type { Run } from '../../../shared/types';
import { firstOf } from '../../../shared/paging';
import { booleanFromText } from '../../../shared/validation';
import { accountFields } from '../../helpers/customFields';

const properties: INodeProperties[] = [
	{
		displayName: 'Custom Fields Only',
		name: 'customOnly',
		type: 'boolean',
		default: true,
		description: 'Whether to list only the fields your account created (cf_…), not RD’s standard ones',
	},
	...returnAllOrLimit,
];

const displayOptions = { show: { resource: ['customField'], operation: ['getMany'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface Listing {
	customOnly: boolean;
	wanted: number;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Listing {
	return {
		customOnly: booleanFromText(this.getNodeParameter('customOnly', itemIndex, true)) !== false,
		wanted: wantedCount(this, itemIndex),
	};
}

export async function send(this: IExecuteFunctions, { customOnly, wanted }: Listing, _itemIndex: number, run: Run): Promise<IDataObject[]> {
	const fields = await accountFields(run);
	return firstOf(fields.filter((field) => !customOnly || field.custom_field) as unknown as IDataObject[], wanted);
}
