import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/types';
import * as addTags from './addTags.operation';
import * as getContact from './get.operation';
import * as upsert from './upsert.operation';

/** The operations by the `operation` value saved in workflows. */
export const operations: ResourceOperations = {
	upsert: upsert,
	get: getContact,
	addTags: addTags,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		options: [
			{
				name: 'Add Tags',
				value: 'addTags',
				action: 'Add tags to a contact',
				description: 'Add tags to a contact found by email or UUID',
			},
			{
				name: 'Create or Update',
				value: 'upsert',
				action: 'Create or update a contact',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a contact',
				description: 'Get a contact by email or UUID',
			},
		],
		default: 'upsert',
	},
	...upsert.description,
	...getContact.description,
	...addTags.description,
];
