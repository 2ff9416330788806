import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/types';
import * as addTags from './addTags.operation';
import * as assignWorkflow from './assignWorkflow.operation';
import * as createLead from './create.operation';
import * as getLead from './get.operation';
import * as getMeetings from './getMeetings.operation';
import * as getTags from './getTags.operation';
import * as setStatus from './setStatus.operation';
import * as setTags from './setTags.operation';
import * as updateLead from './update.operation';

/** The operations by the `operation` value saved in workflows. */
export const operations: ResourceOperations = {
	create: createLead,
	get: getLead,
	update: updateLead,
	assignWorkflow,
	setStatus,
	setTags,
	addTags,
	getTags,
	getMeetings,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['lead'] } },
		options: [
			{ name: 'Add Tags', value: 'addTags', action: 'Add tags to a lead', description: 'Add tags to a lead, keeping its other tags' },
			{
				name: 'Assign to Workflow',
				value: 'assignWorkflow',
				action: 'Assign a lead to a workflow',
				description: 'Enrol a lead in a workflow, or move it from the one it runs',
			},
			{
				name: 'Create',
				value: 'create',
				action: 'Create a lead',
				description: 'Create a lead, optionally assigned to a workflow and a campaign; one by one or in batches of up to 1,000',
			},
			{ name: 'Get', value: 'get', action: 'Get a lead', description: 'Get a lead with its workflow run, status, tags and variables' },
			{ name: 'Get Meetings', value: 'getMeetings', action: 'Get the meetings of a lead', description: 'List a lead’s meetings, newest first' },
			{ name: 'Get Tags', value: 'getTags', action: 'Get the tags of a lead', description: 'List a lead’s tags' },
			{
				name: 'Set Status',
				value: 'setStatus',
				action: 'Set the status of a lead',
				description: 'Move a lead to a status of its workflow (e.g. won)',
			},
			{ name: 'Set Tags', value: 'setTags', action: 'Set the tags of a lead', description: 'Replace a lead’s tags with these, by name' },
			{ name: 'Update', value: 'update', action: 'Update a lead', description: 'Change some fields of a lead; the others stay' },
		],
		default: 'create',
	},
	...createLead.description,
	...getLead.description,
	...updateLead.description,
	...assignWorkflow.description,
	...setStatus.description,
	...setTags.description,
	...addTags.description,
	...getTags.description,
	...getMeetings.description,
];
