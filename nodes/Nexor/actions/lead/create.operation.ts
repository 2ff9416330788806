import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import { metadataProperties, readMetadata } from '../../../shared/metadata';
import { recordAt } from '../../../shared/expect';
import type { Run } from '../../../shared/types';
import { apiRequest } from '../../../shared/transport';
import {
	definedOnly,
	failItem,
	flatRecord,
	optionalEmail,
	optionalText,
	optionalUuid,
	parseItemInput,
	requiredText,
} from '../../../shared/validation';
import { nexorApi } from '../../provider';

const properties: INodeProperties[] = [
	{
		displayName: 'First Name',
		name: 'firstName',
		type: 'string',
		required: true,
		default: '',
	},
	{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
	},
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '',
		description: 'Required by Nexor when the workflow has call steps',
	},
	{
		displayName: 'Workflow Name or ID',
		name: 'workflowId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getWorkflows' },
		default: '',
		description:
			'Nexor workflow to assign the lead to. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Campaign Name or ID',
		name: 'campaignId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getCampaigns' },
		default: '',
		description:
			'Campaign to tag the lead with. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	...metadataProperties('Metadata'),
	{
		displayName: 'Force First Message',
		name: 'forceFirstMessage',
		type: 'fixedCollection',
		placeholder: 'Add First Message',
		default: {},
		// Nexor only accepts a forced first message together with a workflow.
		displayOptions: { hide: { workflowId: [''] } },
		description: 'Replace the workflow’s first outreach with this message; the cadence continues from its second step',
		options: [
			{
				displayName: 'Message',
				name: 'message',
				values: [
					{
						displayName: 'Channel',
						name: 'channel',
						type: 'options',
						options: [
							{ name: 'WhatsApp', value: 'whatsapp' },
							{ name: 'Email', value: 'email' },
						],
						default: 'whatsapp',
					},
					{
						displayName: 'Subject',
						name: 'subject',
						type: 'string',
						default: '',
						displayOptions: { show: { channel: ['email'] } },
						description: 'Required for email',
					},
					{
						displayName: 'Content',
						name: 'content',
						type: 'string',
						typeOptions: { rows: 4 },
						default: '',
						description: 'Plain text for WhatsApp, HTML for email',
					},
					{
						displayName: 'Sender ID',
						name: 'senderId',
						type: 'string',
						default: '',
						description: 'UUID of the sender to use; leave empty for the workflow’s default',
					},
				],
			},
		],
	},
];

const displayOptions = { show: { resource: ['lead'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

const forceFirstMessageSchema = z.object({
	channel: z.enum(['whatsapp', 'email'], { message: '"whatsapp" or "email"' }),
	content: requiredText,
	subject: optionalText,
	sender_id: optionalUuid,
});

const leadSchema = z.object({
	first_name: requiredText,
	last_name: optionalText,
	email: optionalEmail,
	phone: optionalText,
	workflow_id: optionalUuid,
	campaign_id: optionalUuid,
	metadata: flatRecord.optional(),
	force_first_message: forceFirstMessageSchema.optional(),
});

const labels: Record<string, string> = {
	first_name: 'First Name',
	last_name: 'Last Name',
	email: 'Email',
	phone: 'Phone',
	workflow_id: 'Workflow',
	campaign_id: 'Campaign',
	metadata: 'Metadata',
	force_first_message: 'Force First Message',
};

function readForceFirstMessage(context: IExecuteFunctions, itemIndex: number): IDataObject | undefined {
	const message = (context.getNodeParameter('forceFirstMessage', itemIndex, {}) as IDataObject).message as
		| IDataObject
		| undefined;
	if (!message) return undefined;
	return {
		channel: message.channel,
		content: message.content,
		subject: message.channel === 'email' ? message.subject : undefined,
		sender_id: message.senderId,
	};
}

/** The lead's request body, checked: nothing is sent for an item that fails here. */
export function prepare(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const node = this.getNode();
	const parameter = (name: string, fallback: unknown) => this.getNodeParameter(name, itemIndex, fallback);
	const input = {
		first_name: parameter('firstName', ''),
		last_name: parameter('lastName', ''),
		email: parameter('email', ''),
		phone: parameter('phone', ''),
		workflow_id: parameter('workflowId', ''),
		campaign_id: parameter('campaignId', ''),
		metadata: readMetadata(parameter, node, itemIndex),
		force_first_message: readForceFirstMessage(this, itemIndex),
	};
	const lead = parseItemInput(node, leadSchema, input, labels, itemIndex);

	const firstMessage = lead.force_first_message;
	if (firstMessage) {
		const problems: string[] = [];
		if (!lead.workflow_id) problems.push('Force First Message: expected a Workflow to be chosen, got none');
		if (firstMessage.channel === 'email') {
			if (!firstMessage.subject) problems.push('Force First Message "subject": expected a subject for an email, got nothing');
			if (!lead.email) problems.push('Email: expected the lead’s email address, as the first message goes by email, got nothing');
		}
		if (problems.length) failItem(node, problems, itemIndex);
	}

	return definedOnly(lead);
}

export async function send(this: IExecuteFunctions, body: IDataObject, itemIndex: number, run: Run): Promise<IDataObject> {
	const response = await apiRequest(run, nexorApi, {
		method: 'POST',
		path: '/leads',
		body,
		itemIndex,
		expect: recordAt('lead', 'the created lead (a "lead" with an "id")'),
	});
	const result: IDataObject = { lead: response.lead };
	if (response.workflow_run) result.workflow_run = response.workflow_run;
	// Nexor created the lead but could not assign the workflow: the item succeeds and carries the warning.
	if (response.warning) result.warning = response.warning;
	return result;
}

export const createdId = (output: IDataObject) => (output.lead as IDataObject | undefined)?.id;
