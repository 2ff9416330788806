import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { pathSegment } from '../../../shared/validation';

/** How a contact is found: by email or by RD's UUID. */
export const identifierProperties: INodeProperties[] = [
	{
		displayName: 'Find Contact By',
		name: 'identifier',
		type: 'options',
		options: [
			{ name: 'Email', value: 'email' },
			{ name: 'UUID', value: 'uuid' },
		],
		default: 'email',
	},
	{
		displayName: 'Email or UUID',
		name: 'identifierValue',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'name@email.com',
		description: 'The contact’s email, or its UUID in RD Station',
	},
];

/** `/platform/contacts/email:<value>` or `uuid:<value>`, the value kept to one path segment. */
export function contactPath(context: IExecuteFunctions, itemIndex: number): string {
	const identifier = context.getNodeParameter('identifier', itemIndex, 'email') === 'uuid' ? 'uuid' : 'email';
	const value = pathSegment(context.getNode(), context.getNodeParameter('identifierValue', itemIndex, ''), 'Email or UUID', itemIndex);
	return `/platform/contacts/${identifier}:${value}`;
}
