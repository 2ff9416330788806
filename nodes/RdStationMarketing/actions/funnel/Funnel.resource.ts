import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/types';
import * as markLost from './markLost.operation';
import * as markOpportunity from './markOpportunity.operation';
import * as markWon from './markWon.operation';

/** The operations by the `operation` value saved in workflows. */
export const operations: ResourceOperations = {
	markOpportunity: markOpportunity,
	markWon: markWon,
	markLost: markLost,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['funnel'] } },
		options: [
			{
				name: 'Mark as Lost',
				value: 'markLost',
				action: 'Mark a contact as lost in the funnel',
				description: 'Record that the contact’s opportunity was lost (OPPORTUNITY_LOST)',
			},
			{
				name: 'Mark as Opportunity',
				value: 'markOpportunity',
				action: 'Mark a contact as a funnel opportunity',
				description: 'Mark the contact as an opportunity in a funnel (OPPORTUNITY)',
			},
			{
				name: 'Mark as Won',
				value: 'markWon',
				action: 'Mark a contact as won in the funnel',
				description: 'Record a sale for the contact, with its value (SALE)',
			},
		],
		default: 'markOpportunity',
	},
	...markOpportunity.description,
	...markWon.description,
	...markLost.description,
];
