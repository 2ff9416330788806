import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { metadataProperties, readMetadata } from '../../shared/metadata';
import { flatRecord, optionalEmail, optionalText, requiredText } from '../../shared/validation';
import { nodeOf } from '../../shared/nodeOf';

/*
 * The fields of a lead as POST /leads and POST /processors/{id}/leads take
 * them (docs/nexor-api.md §Leads.Create, §Processors): Lead → Create and
 * Lead Router → Route Leads share them.
 */

/** First name, last name, e-mail and phone; the operation adds its own after these. */
export const contactProperties: INodeProperties[] = [
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
];

export const leadMetadataProperties = metadataProperties('Metadata');

/** The zod shape of those fields, under their API names. */
export const contactSchemaShape = {
	first_name: requiredText,
	last_name: optionalText,
	email: optionalEmail,
	phone: optionalText,
	metadata: flatRecord.optional(),
};

export const contactLabels: Record<string, string> = {
	first_name: 'First Name',
	last_name: 'Last Name',
	email: 'Email',
	phone: 'Phone',
	metadata: 'Metadata',
};

/** The item's contact fields and metadata, as given (checked by the operation's schema). */
export function readContact(context: IExecuteFunctions, itemIndex: number) {
	const parameter = (name: string, fallback: unknown) => context.getNodeParameter(name, itemIndex, fallback);
	return {
		first_name: parameter('firstName', ''),
		last_name: parameter('lastName', ''),
		email: parameter('email', ''),
		phone: parameter('phone', ''),
		metadata: readMetadata(parameter, nodeOf(context), itemIndex),
	};
}
