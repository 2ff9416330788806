import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/types';
import * as createConversion from './create.operation';

/** The operations by the `operation` value saved in workflows. */
export const operations: ResourceOperations = {
	create: createConversion,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['conversion'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a conversion',
				description: 'Send a conversion event, which creates or updates the contact',
			},
		],
		default: 'create',
	},
	...createConversion.description,
];
