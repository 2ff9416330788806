import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/types';
import * as createField from './create.operation';
import * as deleteField from './delete.operation';
import * as getManyCustomFields from './getMany.operation';
import * as updateField from './update.operation';

/** The operations by the `operation` value saved in workflows. */
export const operations: ResourceOperations = {
	getMany: getManyCustomFields,
	create: createField,
	update: updateField,
	delete: deleteField,
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
				name: 'Create',
				value: 'create',
				action: 'Create a custom field',
				description: 'Add a contact field to your account',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a custom field',
				description: 'Remove one of your account’s custom fields',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many custom fields',
				description: 'List your account’s contact fields with their types and options',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a custom field',
				description: 'Change a custom field’s name, label, presentation or options',
			},
		],
		default: 'getMany',
	},
	...getManyCustomFields.description,
	...createField.description,
	...updateField.description,
	...deleteField.description,
];
