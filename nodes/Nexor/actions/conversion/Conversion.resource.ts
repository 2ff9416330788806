import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/types';
import * as createConversion from './create.operation';
import * as getManyConversions from './getMany.operation';

/** The operations by the `operation` value saved in workflows. */
export const operations: ResourceOperations = {
	create: createConversion,
	getMany: getManyConversions,
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
				description: 'Record a conversion event for a lead, with the fields of its conversion type',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many conversions',
				description: 'List conversion events, newest first',
			},
		],
		default: 'create',
	},
	...createConversion.description,
	...getManyConversions.description,
];
