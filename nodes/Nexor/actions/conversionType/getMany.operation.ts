import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit, wantedCount } from '../../../shared/resource';
import type { Run } from '../../../shared/types';
import { apiRequest } from '../../../shared/transport';
import { firstOf } from '../../../shared/paging';
import { conversionTypeList, listFrom, nexorApi } from '../../provider';

const properties: INodeProperties[] = [...returnAllOrLimit];

const displayOptions = { show: { resource: ['conversionType'], operation: ['getMany'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** How many types to return (Infinity for all). */
export function prepare(this: IExecuteFunctions, itemIndex: number): number {
	return wantedCount(this, itemIndex);
}

export async function send(this: IExecuteFunctions, wanted: number, itemIndex: number, run: Run): Promise<IDataObject[]> {
	const response = await apiRequest(run, nexorApi, {
		method: 'GET',
		path: '/conversion-types',
		itemIndex,
		expect: conversionTypeList,
	});
	return firstOf(listFrom<IDataObject>(response, 'conversion_types'), wanted);
}
