import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/types';
import * as getContacts from './getContacts.operation';
import * as getManySegmentations from './getMany.operation';

/** The operations by the `operation` value saved in workflows. */
export const operations: ResourceOperations = {
	getMany: getManySegmentations,
	getContacts,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['segmentation'] } },
		options: [
			{
				name: 'Get Contacts',
				value: 'getContacts',
				action: 'Get the contacts of a segmentation',
				description: 'List every contact in a segmentation',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many segmentations',
				description: 'List your account’s segmentations',
			},
		],
		default: 'getMany',
	},
	...getManySegmentations.description,
	...getContacts.description,
];
