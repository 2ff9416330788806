import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/types';
import * as getManyMembers from './getMany.operation';

/** The operations by the `operation` value saved in workflows. */
export const operations: ResourceOperations = {
	getMany: getManyMembers,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['team'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many team members',
				description: 'List the active members of your Nexor team (meeting hosts)',
			},
		],
		default: 'getMany',
	},
	...getManyMembers.description,
];
