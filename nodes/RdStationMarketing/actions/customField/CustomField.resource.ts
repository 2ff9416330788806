import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/types';
import * as getManyCustomFields from './getMany.operation';

/** The operations by the `operation` value saved in workflows. */
export const operations: ResourceOperations = {
	getMany: getManyCustomFields,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customField'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many custom fields',
				description: 'List your account’s contact fields with their types and options',
			},
		],
		default: 'getMany',
	},
	...getManyCustomFields.description,
];
