import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/types';
import * as addTags from './addTags.operation';
import * as deleteContact from './delete.operation';
import * as getContact from './get.operation';
import * as getEvents from './getEvents.operation';
import * as getFunnel from './getFunnel.operation';
import * as updateFunnel from './updateFunnel.operation';
import * as upsert from './upsert.operation';

/** The operations by the `operation` value saved in workflows. */
export const operations: ResourceOperations = {
	upsert,
	get: getContact,
	addTags,
	delete: deleteContact,
	getEvents,
	getFunnel,
	updateFunnel,
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
				name: 'Delete',
				value: 'delete',
				action: 'Delete a contact',
				description: 'Delete a contact found by email or UUID',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a contact',
				description: 'Get a contact by email or UUID',
			},
			{
				name: 'Get Events',
				value: 'getEvents',
				action: 'Get the events of a contact',
				description: 'List a contact’s conversions or opportunities, newest or oldest first',
			},
			{
				name: 'Get Funnel',
				value: 'getFunnel',
				action: 'Get the funnel stage of a contact',
				description: 'Read the contact’s lifecycle stage, opportunity, owner, fit and interest',
			},
			{
				name: 'Update Funnel',
				value: 'updateFunnel',
				action: 'Update the funnel stage of a contact',
				description: 'Change the contact’s lifecycle stage, opportunity or owner',
			},
		],
		default: 'upsert',
	},
	...upsert.description,
	...getContact.description,
	...addTags.description,
	...deleteContact.description,
	...getEvents.description,
	...getFunnel.description,
	...updateFunnel.description,
];
