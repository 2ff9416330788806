import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import { recordAt } from '../../../shared/expect';
import type { Run } from '../../../shared/types';
import { apiRequest } from '../../../shared/transport';
import { definedOnly, failItem, optionalText, optionalUuid, parseItemInput, requiredText } from '../../../shared/validation';
import { createdLeadOutput } from '../../helpers/answers';
import { leadBatches, sendInBatchesProperty } from '../../helpers/bulkLeads';
import { idValue } from '../../helpers/ids';
import { contactLabels, contactProperties, contactSchemaShape, leadMetadataProperties, readContact } from '../../helpers/leadBody';
import { nexorApi } from '../../provider';
import { campaignLocator, workflowLocator } from '../common.descriptions';
import { nodeOf } from '../../../shared/nodeOf';

/*
 * Version 1 saved the workflow and the campaign as dropdown values (plain
 * text); version 2 offers them as pickers ("From List" or "By ID"). Both
 * read the same way (helpers/ids.ts), so saved workflows keep working.
 */
const V1 = { show: { '@version': [1] } };
const V2 = { show: { '@version': [{ _cnd: { gte: 2 } }] } };

const properties: INodeProperties[] = [
	...contactProperties,
	{
		displayName: 'Workflow Name or ID',
		name: 'workflowId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getWorkflows' },
		default: '',
		displayOptions: V1,
		description:
			'Nexor workflow to assign the lead to. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{ ...workflowLocator('Nexor workflow to enrol the lead in; its cadence starts at once. Leave empty to only create the lead.'), displayOptions: V2 },
	{
		displayName: 'Campaign Name or ID',
		name: 'campaignId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getCampaigns' },
		default: '',
		displayOptions: V1,
		description:
			'Campaign to tag the lead with. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{ ...campaignLocator('Campaign to tag the lead with'), displayOptions: V2 },
	...leadMetadataProperties,
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
	sendInBatchesProperty,
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
	...contactSchemaShape,
	workflow_id: optionalUuid,
	campaign_id: optionalUuid,
	force_first_message: forceFirstMessageSchema.optional(),
});

const labels: Record<string, string> = {
	...contactLabels,
	workflow_id: 'Workflow',
	campaign_id: 'Campaign',
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
	const node = nodeOf(this);
	const input = {
		...readContact(this, itemIndex),
		workflow_id: idValue(this, 'workflowId', itemIndex),
		campaign_id: idValue(this, 'campaignId', itemIndex),
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

/** One lead: the documented single-object request and answer (docs/nexor-api.md §Leads.Create). */
export async function send(this: IExecuteFunctions, body: IDataObject, itemIndex: number, run: Run): Promise<IDataObject> {
	const response = await apiRequest(run, nexorApi, {
		method: 'POST',
		path: '/leads',
		body,
		itemIndex,
		expect: recordAt('lead', 'the created lead (a "lead" with an "id")'),
	});
	// Nexor created the lead but could not assign the workflow: the item succeeds and carries the warning.
	return createdLeadOutput(response.lead, response);
}

export const createdId = (output: IDataObject) => (output.lead as IDataObject | undefined)?.id;

/** "Send in Batches": up to 1,000 leads per request (docs/nexor-api.md §Leads.Bulk). */
export const batch = leadBatches<IDataObject>({
	bodyOf: (body) => body,
	pathOf: () => '/leads',
	sendOne: async (context, body, itemIndex, run) => await send.call(context, body, itemIndex, run),
	outputOf: createdLeadOutput,
});
