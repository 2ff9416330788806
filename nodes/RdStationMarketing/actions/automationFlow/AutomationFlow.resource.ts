import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/types';
import * as getManyFlows from './getMany.operation';

/** The operations by the `operation` value saved in workflows. */
export const operations: ResourceOperations = {
	getMany: getManyFlows,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['automationFlow'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many automation flows',
				description: 'List your account’s automation flows',
			},
		],
		default: 'getMany',
	},
	...getManyFlows.description,
];
