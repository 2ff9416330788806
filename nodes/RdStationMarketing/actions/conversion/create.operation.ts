import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import {
	definedOnly,
	email,
	failItem,
	optionalText,
	parseItemInput,
	requiredText,
} from '../../../shared/validation';
import type { AccountFields } from '../../customFields';
import { customFieldsProperty, loadAccountFields, readCustomFields } from '../../customFields';
import { checkEventSize, eventBatches, eventBody, sendEvent, sendInBatchesProperty } from '../../events';
import { providerOf, rdStationApi } from '../../provider';

const LEGAL_BASIS_TYPES = [
	'pre_existent_contract',
	'consent',
	'legitimate_interest',
	'judicial_process',
	'vital_interest',
	'public_interest',
] as const;

const CUSTOM_FIELD_NAME = /^cf_[a-z0-9_]+$/;
const CUSTOM_FIELD_MAX_LENGTH = 64;

/** The documented optional text fields: parameter name → payload key. */
export const TEXT_FIELDS: Array<[parameter: string, displayName: string, payloadKey: string]> = [
	['name', 'Name', 'name'],
	['jobTitle', 'Job Title', 'job_title'],
	['personalPhone', 'Personal Phone', 'personal_phone'],
	['mobilePhone', 'Mobile Phone', 'mobile_phone'],
	['city', 'City', 'city'],
	['state', 'State', 'state'],
	['country', 'Country', 'country'],
	['twitter', 'Twitter', 'twitter'],
	['facebook', 'Facebook', 'facebook'],
	['linkedin', 'LinkedIn', 'linkedin'],
	['website', 'Website', 'website'],
	['companyName', 'Company Name', 'company_name'],
	['companySite', 'Company Site', 'company_site'],
	['companyAddress', 'Company Address', 'company_address'],
	['clientTrackingId', 'Client Tracking ID', 'client_tracking_id'],
	['trafficSource', 'Traffic Source', 'traffic_source'],
	['trafficMedium', 'Traffic Medium', 'traffic_medium'],
	['trafficCampaign', 'Traffic Campaign', 'traffic_campaign'],
	['trafficValue', 'Traffic Value', 'traffic_value'],
];

const properties: INodeProperties[] = [
	{
		displayName: 'Conversion Identifier',
		name: 'conversionIdentifier',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'newsletter-signup',
		description: 'Name of the conversion in RD Station, e.g. the form or campaign it came from',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		required: true,
		placeholder: 'name@email.com',
		default: '',
		description: 'Email of the contact who converted',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: ([
			{
				displayName: 'Available for Mailing',
				name: 'availableForMailing',
				type: 'boolean',
				default: true,
				description: 'Whether the contact may receive email marketing',
			},
			...TEXT_FIELDS.map(
				([name, displayName]): INodeProperties => ({ displayName, name, type: 'string', default: '' }),
			),
			{
				displayName: 'Tags',
				name: 'tags',
				type: 'string',
				typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Tag' },
				default: [],
				description: 'Tags for the contact; an expression may also give a list or comma-separated text',
			},
		] as INodeProperties[]).sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
	{
		displayName: 'Legal Bases',
		name: 'legalBases',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Legal Basis',
		default: {},
		description: 'LGPD legal bases for communications with this contact',
		options: [
			{
				displayName: 'Legal Basis',
				name: 'basis',
				values: [
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: [
							{ name: 'Consent', value: 'consent' },
							{ name: 'Judicial Process', value: 'judicial_process' },
							{ name: 'Legitimate Interest', value: 'legitimate_interest' },
							{ name: 'Pre-Existent Contract', value: 'pre_existent_contract' },
							{ name: 'Public Interest', value: 'public_interest' },
							{ name: 'Vital Interest', value: 'vital_interest' },
						],
						default: 'consent',
					},
					{
						displayName: 'Status',
						name: 'status',
						type: 'options',
						options: [
							{ name: 'Granted', value: 'granted' },
							{ name: 'Declined', value: 'declined' },
						],
						default: 'granted',
					},
				],
			},
		],
	},
	customFieldsProperty,
	{
		displayName: 'Custom Fields',
		name: 'customFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Custom Field',
		default: {},
		// The API key cannot read the account's fields: names and values as text.
		displayOptions: { show: { authentication: ['apiKey'] } },
		description: 'RD Station custom fields by API identifier (cf_…); "cf_" is added when missing',
		options: [
			{
				displayName: 'Custom Field',
				name: 'field',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'cf_plan' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
];

properties.push(sendInBatchesProperty);

const displayOptions = { show: { resource: ['conversion'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

const baseSchema = z.object({
	conversion_identifier: requiredText,
	email,
	...Object.fromEntries(TEXT_FIELDS.map(([, , key]) => [key, optionalText])),
	tags: z.array(z.string({ invalid_type_error: 'text for every tag' })).optional(),
	available_for_mailing: z.boolean({ invalid_type_error: 'true or false' }).optional(),
	legal_bases: z
		.array(
			z.object({
				category: z.literal('communications'),
				type: z.enum(LEGAL_BASIS_TYPES, { message: `one of ${LEGAL_BASIS_TYPES.join(', ')}` }),
				status: z.enum(['granted', 'declined'], { message: '"granted" or "declined"' }),
			}),
		)
		.optional(),
});

const labels: Record<string, string> = {
	conversion_identifier: 'Conversion Identifier',
	email: 'Email',
	tags: 'Tags',
	available_for_mailing: 'Available for Mailing',
	legal_bases: 'Legal Bases',
	...Object.fromEntries(TEXT_FIELDS.map(([, displayName, key]) => [key, displayName])),
};

/** Tags from the parameter: a list, or comma-separated text from an expression. */
export function tagsFrom(value: unknown): unknown {
	if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return undefined;
	if (typeof value === 'string') return value.split(',').map((tag) => tag.trim()).filter(Boolean);
	return value;
}

const isCustomFieldValue = (value: unknown) =>
	typeof value === 'string' ||
	typeof value === 'boolean' ||
	(typeof value === 'number' && Number.isFinite(value)) ||
	(Array.isArray(value) && value.every((entry) => typeof entry === 'string'));

function readFreeCustomFields(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const entries = ((context.getNodeParameter('customFields', itemIndex, {}) as IDataObject).field ?? []) as Array<{
		name?: unknown;
		value?: unknown;
	}>;
	const fields: IDataObject = {};
	const problems: string[] = [];
	for (const [position, entry] of entries.entries()) {
		const given = String(entry.name ?? '').trim();
		const name = given.startsWith('cf_') ? given : `cf_${given}`;
		if (!given || !CUSTOM_FIELD_NAME.test(name) || name.length > CUSTOM_FIELD_MAX_LENGTH) {
			problems.push(
				`Custom Field ${position + 1} name: expected "cf_" followed by lowercase letters, digits or "_" (${CUSTOM_FIELD_MAX_LENGTH} characters at most), got ${JSON.stringify(given)}`,
			);
			continue;
		}
		if (!isCustomFieldValue(entry.value)) {
			problems.push(`Custom Field "${name}": expected text, a number, true/false or a list of text, got ${JSON.stringify(entry.value)}`);
			continue;
		}
		fields[name] = entry.value as string;
	}
	if (problems.length) failItem(context.getNode(), problems, itemIndex);
	return fields;
}

/** The event's request body, checked: nothing is sent for an item that fails here. */
export function prepare(this: IExecuteFunctions, itemIndex: number, fields: AccountFields): IDataObject {
	const node = this.getNode();
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const bases = ((this.getNodeParameter('legalBases', itemIndex, {}) as IDataObject).basis ?? []) as IDataObject[];
	const input: IDataObject = {
		conversion_identifier: this.getNodeParameter('conversionIdentifier', itemIndex, ''),
		email: this.getNodeParameter('email', itemIndex, ''),
		tags: tagsFrom(additional.tags) as IDataObject['tags'],
		available_for_mailing: additional.availableForMailing,
		legal_bases: bases.length
			? bases.map((basis) => ({ category: 'communications', type: basis.type, status: basis.status }))
			: undefined,
	};
	for (const [parameter, , key] of TEXT_FIELDS) input[key] = additional[parameter];

	const known = parseItemInput(node, baseSchema, input, labels, itemIndex);
	const customFields =
		providerOf(this) === rdStationApi ? readFreeCustomFields(this, itemIndex) : readCustomFields(this, itemIndex, fields);
	const body = eventBody('CONVERSION', definedOnly({ ...known, ...customFields }));
	checkEventSize(this, body, itemIndex);
	return body;
}

export const load = loadAccountFields;

export const send = sendEvent;

export const batch = eventBatches;

export const createdId = (output: IDataObject) => output.event_uuid;
