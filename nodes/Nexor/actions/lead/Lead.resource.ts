import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/types';
import * as createLead from './create.operation';

/** The operations by the `operation` value saved in workflows. */
export const operations: ResourceOperations = {
	create: createLead,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['lead'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a lead',
				description: 'Create a lead, optionally assigned to a workflow and a campaign',
			},
		],
		default: 'create',
	},
	...createLead.description,
];
