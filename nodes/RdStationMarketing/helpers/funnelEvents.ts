import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { definedOnly, email, parseItemInput, requiredText } from '../../../shared/validation';
import type { AccountFields } from '../../customFields';
import { customFieldsProperty, readCustomFields } from '../../customFields';
import { checkEventSize, eventBody, sendInBatchesProperty } from '../../events';

/** What every funnel event asks for: the contact, the funnel, and the account's fields. */
export const funnelProperties = (extra: INodeProperties[]): INodeProperties[] => [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		required: true,
		placeholder: 'name@email.com',
		default: '',
		description: 'Email of the contact',
	},
	{
		displayName: 'Funnel Name',
		name: 'funnelName',
		type: 'string',
		required: true,
		default: 'default',
		description: 'The funnel in RD Station; "default" unless your account has others',
	},
	...extra,
	customFieldsProperty,
	sendInBatchesProperty,
];

const baseSchema = z.object({ email, funnel_name: requiredText });

/**
 * One funnel event's body (OPPORTUNITY, SALE, OPPORTUNITY_LOST), checked:
 * `extra` adds what the event type takes besides email and funnel.
 */
export function funnelEvent(
	context: IExecuteFunctions,
	itemIndex: number,
	fields: AccountFields,
	eventType: string,
	extra: { schema: z.ZodRawShape; input: IDataObject; labels: Record<string, string> } = { schema: {}, input: {}, labels: {} },
): IDataObject {
	const known = parseItemInput(
		context.getNode(),
		baseSchema.extend(extra.schema),
		{
			email: context.getNodeParameter('email', itemIndex, ''),
			funnel_name: context.getNodeParameter('funnelName', itemIndex, 'default'),
			...extra.input,
		},
		{ email: 'Email', funnel_name: 'Funnel Name', ...extra.labels },
		itemIndex,
	);
	const body = eventBody(eventType, definedOnly({ ...known, ...readCustomFields(context, itemIndex, fields) }));
	checkEventSize(context, body, itemIndex);
	return body;
}
