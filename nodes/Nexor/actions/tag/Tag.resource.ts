import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/types';
import * as createTag from './create.operation';
import * as deleteTag from './delete.operation';
import * as getManyTags from './getMany.operation';

/** The operations by the `operation` value saved in workflows. */
export const operations: ResourceOperations = {
	getMany: getManyTags,
	create: createTag,
	delete: deleteTag,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['tag'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a tag', description: 'Create a tag for leads' },
			{ name: 'Delete', value: 'delete', action: 'Delete a tag', description: 'Delete a tag; it is removed from every lead' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many tags', description: 'List the account’s tags, optionally by a search text' },
		],
		default: 'getMany',
	},
	...getManyTags.description,
	...createTag.description,
	...deleteTag.description,
];
