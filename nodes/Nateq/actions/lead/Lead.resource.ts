import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/types';
import * as convertToContact from './convertToContact.operation';

/** The operations by the `operation` value saved in workflows. */
export const operations: ResourceOperations = {
	convertToContact: convertToContact,
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
				name: 'Convert to Contact',
				value: 'convertToContact',
				action: 'Convert a lead to a contact',
				description: 'Turn a lead into a contact and return the contact',
			},
		],
		default: 'convertToContact',
	},
	...convertToContact.description,
];
