import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/resource';
import type { OperationModule } from '../../../shared/router';
import type { Run } from '../../../shared/run';
import { apiRequest } from '../../../shared/transport';
import { conversionTypeList, listFrom, nexorApi } from '../../provider';

export const option: OperationModule['option'] = {
	name: 'Get Many',
	action: 'Get many conversion types',
	description: 'List the active conversion types with their fields',
};

export const description: INodeProperties[] = [...returnAllOrLimit];

export async function execute(this: IExecuteFunctions, itemIndex: number, run: Run): Promise<IDataObject[]> {
	const response = await apiRequest(run, nexorApi, {
		method: 'GET',
		path: '/conversion-types',
		itemIndex,
		expect: conversionTypeList,
	});
	const types = listFrom<IDataObject>(response, 'conversion_types');
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	return returnAll ? types : types.slice(0, this.getNodeParameter('limit', itemIndex, 50) as number);
}
