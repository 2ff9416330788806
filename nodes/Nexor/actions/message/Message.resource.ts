import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/types';
import * as sendMessage from './send.operation';

/** The operations by the `operation` value saved in workflows. */
export const operations: ResourceOperations = {
	send: sendMessage,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				action: 'Send a message to a lead',
				description: 'Send a lead a WhatsApp message (text or template), an email, or an AI call',
			},
		],
		default: 'send',
	},
	...sendMessage.description,
];
