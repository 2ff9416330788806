import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/types';
import * as getManyConversionTypes from './getMany.operation';

/** The operations by the `operation` value saved in workflows. */
export const operations: ResourceOperations = {
	getMany: getManyConversionTypes,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['conversionType'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many conversion types',
				description: 'List the active conversion types with their fields',
			},
		],
		default: 'getMany',
	},
	...getManyConversionTypes.description,
];
