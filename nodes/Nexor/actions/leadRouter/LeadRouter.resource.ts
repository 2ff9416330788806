import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/types';
import * as routeLeads from './routeLeads.operation';

/** The operations by the `operation` value saved in workflows. */
export const operations: ResourceOperations = {
	routeLeads,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['leadRouter'] } },
		options: [
			{
				name: 'Route Leads',
				value: 'routeLeads',
				action: 'Route leads through a lead router',
				description: 'Create leads whose workflow the router’s rules choose; one by one or in batches of up to 1,000',
			},
		],
		default: 'routeLeads',
	},
	...routeLeads.description,
];
