import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import { objectFromJson } from '../../../shared/metadata';
import type { ApiFailure, Expectation, Run } from '../../../shared/types';
import { apiRequest } from '../../../shared/transport';
import { definedOnly, failItem, optionalText, optionalUuid, parseItemInput, uuid } from '../../../shared/validation';
import { isObject, withoutEnvelope } from '../../helpers/answers';
import { idValue } from '../../helpers/ids';
import { nexorApi } from '../../provider';
import { leadIdProperty, workflowLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	leadIdProperty,
	workflowLocator('The workflow the message belongs to (the lead’s workflow); its sender and history are used', true),
	{
		displayName: 'Channel',
		name: 'channel',
		type: 'options',
		options: [
			{ name: 'WhatsApp', value: 'whatsapp', description: 'To the lead’s phone' },
			{ name: 'Email', value: 'email', description: 'To the lead’s email' },
			{ name: 'Call', value: 'call', description: 'An AI call to the lead’s phone' },
		],
		default: 'whatsapp',
	},
	{
		displayName: 'Message Type',
		name: 'messageType',
		type: 'options',
		options: [
			{ name: 'Text', value: 'text', description: 'Free text: only within 24 hours of the lead’s last WhatsApp message' },
			{ name: 'Template', value: 'template', description: 'An approved WhatsApp template: any time' },
		],
		default: 'text',
		displayOptions: { show: { channel: ['whatsapp'] } },
	},
	{
		displayName: 'Text',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		displayOptions: { show: { channel: ['whatsapp'], messageType: ['text'] } },
	},
	{
		displayName: 'Template ID',
		name: 'templateId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '123e4567-e89b-12d3-a456-426614174500',
		displayOptions: { show: { channel: ['whatsapp'], messageType: ['template'] } },
		description: 'UUID of the WhatsApp template in Nexor',
	},
	{
		displayName: 'Components (JSON)',
		name: 'components',
		type: 'json',
		default: '[]',
		displayOptions: { show: { channel: ['whatsapp'], messageType: ['template'] } },
		description:
			'The template’s variables in Meta’s "components" format, e.g. [{ "type": "body", "parameters": [{ "type": "text", "text": "Ana" }] }]',
	},
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		default: '',
		displayOptions: { show: { channel: ['email'] } },
		description: 'Nexor uses "Message from your advisor" when empty',
	},
	{
		displayName: 'HTML',
		name: 'html',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		displayOptions: { show: { channel: ['email'] } },
		description: 'The email’s body as HTML',
	},
	{
		displayName: 'Plain Text',
		name: 'emailText',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		displayOptions: { show: { channel: ['email'] } },
		description: 'The email’s body as plain text; with HTML too, for mail programs that show no HTML',
	},
	{
		displayName: 'Opening Line',
		name: 'beginMessage',
		type: 'string',
		default: '',
		displayOptions: { show: { channel: ['call'] } },
		description: 'What the AI agent says first; the workflow’s own opening when empty',
	},
];

const displayOptions = { show: { resource: ['message'], operation: ['send'] } };

export const description = updateDisplayOptions(displayOptions, properties);

const messageSchema = z.object({
	lead_id: uuid,
	workflow_id: uuid,
	channel: z.enum(['whatsapp', 'email', 'call'], { message: '"whatsapp", "email" or "call"' }),
	content: optionalText,
	html: optionalText,
	subject: optionalText,
	template_id: optionalUuid,
	components: z.array(z.record(z.unknown()), { invalid_type_error: 'a JSON list of template components' }).optional(),
	begin_message: optionalText,
});

const labels: Record<string, string> = {
	lead_id: 'Lead ID',
	workflow_id: 'Workflow',
	channel: 'Channel',
	content: 'Text',
	html: 'HTML',
	subject: 'Subject',
	template_id: 'Template ID',
	components: 'Components',
	begin_message: 'Opening Line',
};

/** The message's request body for its channel, checked: nothing is sent for an item that fails here. */
export function prepare(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const node = this.getNode();
	const parameter = (name: string, fallback: unknown = '') => this.getNodeParameter(name, itemIndex, fallback);
	const channel = parameter('channel', 'whatsapp');
	const template = channel === 'whatsapp' && parameter('messageType', 'text') === 'template';
	const input: Record<string, unknown> = { lead_id: parameter('leadId'), workflow_id: idValue(this, 'workflowId', itemIndex), channel };
	if (channel === 'whatsapp' && template) {
		input.template_id = parameter('templateId');
		const components = objectFromJson(node, parameter('components', '[]'), 'Components', itemIndex);
		input.components = Array.isArray(components) && components.length === 0 ? undefined : (components as IDataObject[]);
	} else if (channel === 'whatsapp') {
		input.content = parameter('content');
	} else if (channel === 'email') {
		Object.assign(input, { subject: parameter('subject'), html: parameter('html'), content: parameter('emailText') });
	} else {
		input.begin_message = parameter('beginMessage');
	}
	const message = definedOnly(parseItemInput(node, messageSchema, input, labels, itemIndex));
	if (channel === 'whatsapp' && !template && !message.content) failItem(node, ['Text: expected the message (it is required), got nothing'], itemIndex);
	if (template && !message.template_id) failItem(node, ['Template ID: expected a UUID such as 123e4567-e89b-12d3-a456-426614174000 (it is required), got nothing'], itemIndex);
	if (channel === 'email' && !message.html && !message.content) failItem(node, ['HTML: expected the email’s body (HTML or Plain Text), got nothing'], itemIndex);
	return message;
}

/** What each channel answers with: a message ID (WhatsApp), an activity or message ID (email), a call ID (docs/nexor-api.md §Messages). */
const ID_KEYS = ['message_id', 'activity_id', 'call_id'];

const messageAnswer: Expectation = {
	what: 'the sent message’s ID ("message_id", "activity_id" or "call_id")',
	accepts: (body) => isObject(body) && body.success !== false && ID_KEYS.some((key) => typeof body[key] === 'string' && body[key] !== ''),
};

/*
 * Nexor refuses a message the lead cannot receive: no phone (WhatsApp,
 * call), no e-mail, or free WhatsApp text outside Meta's 24-hour window.
 * Its wording is not documented; these readings turn its message into what
 * to do, and keep its own words.
 */
function explainRefusal(channel: unknown) {
	return (failure: ApiFailure): string | undefined => {
		if (failure.statusCode === 404) return `Nexor has no such lead or workflow: ${failure.message}`;
		if (failure.statusCode < 400 || failure.statusCode >= 500) return undefined;
		const text = failure.message.toLowerCase();
		const missing = /\b(no|missing|without|required|lacks|has no|does not have)\b/.test(text);
		if (channel === 'whatsapp' && /24|window|session|outside/.test(text)) {
			return `WhatsApp allows free text only within 24 hours of the lead’s last WhatsApp message: send an approved template instead (Message Type: Template). Nexor said: ${failure.message}`;
		}
		if (missing && /phone/.test(text)) {
			return `This lead has no phone number, which ${channel === 'call' ? 'a call' : 'WhatsApp'} needs: add one (Lead → Update) and send again. Nexor said: ${failure.message}`;
		}
		if (missing && /e-?mail/.test(text)) {
			return `This lead has no email address, which an email needs: add one (Lead → Update) and send again. Nexor said: ${failure.message}`;
		}
		return undefined;
	};
}

/** POST /messages: the IDs of what was sent, per channel. Not idempotent: a message sent twice arrives twice. */
export async function send(this: IExecuteFunctions, body: IDataObject, itemIndex: number, run: Run): Promise<IDataObject> {
	const response = await apiRequest(run, nexorApi, {
		method: 'POST',
		path: '/messages',
		body,
		itemIndex,
		expect: messageAnswer,
		explain: explainRefusal(body.channel),
	});
	return withoutEnvelope(response);
}

export const createdId = (output: IDataObject) => ID_KEYS.map((key) => output[key]).find((id) => typeof id === 'string');
