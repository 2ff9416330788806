import type { INodeProperties } from 'n8n-workflow';

import type { EventField } from '../helpers/eventFields';
import { LINE_ITEM_FIELDS, MAX_LINE_ITEMS } from '../helpers/eventFields';
import type { EventSpec } from '../helpers/eventTypes';
import { LANGUAGES } from '../helpers/fieldDefinitions';

/*
 * Parameters several RD operations show the same way. Only descriptions live
 * here; what reads and checks them is in ../helpers.
 */

/** How a contact is found: by email or by RD's UUID (docs/rdstation-api.md §Contacts). */
export const contactIdentifierProperties: INodeProperties[] = [
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

export const LEGAL_BASIS_TYPE_OPTIONS = [
	{ name: 'Consent', value: 'consent' },
	{ name: 'Judicial Process', value: 'judicial_process' },
	{ name: 'Legitimate Interest', value: 'legitimate_interest' },
	{ name: 'Pre-Existent Contract', value: 'pre_existent_contract' },
	{ name: 'Public Interest', value: 'public_interest' },
	{ name: 'Vital Interest', value: 'vital_interest' },
];

/** LGPD legal bases, category "communications" (the only one RD documents). */
export const legalBasesProperty: INodeProperties = {
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
				{ displayName: 'Type', name: 'type', type: 'options', options: LEGAL_BASIS_TYPE_OPTIONS, default: 'consent' },
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
};

/** A list of texts: one per row in the editor, or a list / comma-separated text from an expression. */
export const textListProperty = (displayName: string, name: string, description: string, buttonText = `Add ${displayName}`): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	typeOptions: { multipleValues: true, multipleValueButtonText: buttonText },
	default: [],
	description,
});


/** The "Send in Batches" switch of event operations (OAuth2 only: RD's batch endpoint needs it). */
export const sendInBatchesProperty: INodeProperties = {
	displayName: 'Send in Batches',
	name: 'sendInBatches',
	type: 'boolean',
	default: false,
	displayOptions: { show: { authentication: ['oAuth2'] } },
	description:
		'Whether to send many items per request to RD’s batch endpoint (up to 0.2 MB each) instead of one request per item. Faster under the rate limit, which counts requests. A refused batch is split until each bad event fails alone.',
};

/** The typed custom fields of event and contact operations (OAuth2: the API key cannot read the account's fields). */
export const accountFieldsProperty: INodeProperties = {
	displayName: 'Fields',
	name: 'customFieldValues',
	type: 'resourceMapper',
	noDataExpression: true,
	default: { mappingMode: 'defineBelow', value: null },
	displayOptions: { show: { authentication: ['oAuth2'] } },
	typeOptions: {
		loadOptionsDependsOn: ['authentication'],
		resourceMapper: {
			resourceMapperMethod: 'getContactFields',
			mode: 'add',
			fieldWords: { singular: 'field', plural: 'fields' },
			addAllFields: false,
			multiKeyMatch: false,
			supportAutoMap: false,
		},
	},
	description: 'Your account’s contact fields, custom ones first, each with its own type (numbers, true/false, choices)',
};

/** RD's e-commerce events need its e-commerce plan: said where they are chosen. */
export const ecommercePlanNotice: INodeProperties = {
	displayName:
		'RD Station accepts e-commerce events only from accounts on RD Station Marketing for E-commerce (Pro or Advanced plans); other accounts get them refused.',
	name: 'ecommercePlanNotice',
	type: 'notice',
	default: '',
};

/** One event field as the editor shows it: its parameter, label and type, from the field's declaration. */
export function inputOf(field: EventField): INodeProperties {
	const base = {
		displayName: field.displayName,
		name: field.name,
		...(field.required ? { required: true } : {}),
		...(field.description ? { description: field.description } : {}),
		...(field.placeholder ? { placeholder: field.placeholder } : {}),
	};
	switch (field.kind) {
		case 'number':
		case 'integer': {
			const precision = field.kind === 'integer' ? 0 : field.precision;
			// Empty when required: a missing value is refused rather than sent as 0.
			return { ...base, type: 'number', default: field.default ?? (field.required ? '' : 0), typeOptions: precision === undefined ? {} : { numberPrecision: precision } };
		}
		case 'boolean':
			return { ...base, type: 'boolean', default: field.default ?? false };
		case 'options':
			return { ...base, type: 'options', options: field.options ?? [], default: field.default ?? field.options?.[0]?.value ?? '' };
		case 'textList':
			return { ...textListProperty(field.displayName, field.name, field.description ?? ''), ...(field.required ? { required: true } : {}) };
		case 'email':
			return { ...base, type: 'string', default: field.default ?? '', placeholder: field.placeholder ?? 'name@email.com' };
		default:
			return { ...base, type: 'string', default: field.default ?? '' };
	}
}

const byName = (a: INodeProperties, b: INodeProperties) => a.displayName.localeCompare(b.displayName);

/** Line items: rows in the editor, or a list from an expression (an order's items from the shop). */
const lineItemsProperties: INodeProperties[] = [
	{
		displayName: 'Line Items Input',
		name: 'lineItemsInput',
		type: 'options',
		options: [
			{ name: 'Fields Below', value: 'fields', description: 'One row per product' },
			{ name: 'JSON List', value: 'json', description: 'A list of line items from an expression, with RD’s keys (product_id, price, …)' },
		],
		default: 'fields',
	},
	{
		displayName: 'Line Items',
		name: 'lineItems',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Line Item',
		default: {},
		displayOptions: { show: { lineItemsInput: ['fields'] } },
		description: `The products, at most ${MAX_LINE_ITEMS}`,
		// A list inside a row is one text here: comma-separated.
		options: [{ displayName: 'Line Item', name: 'item', values: LINE_ITEM_FIELDS.map((field) => inputOf(field.kind === 'textList' ? { ...field, kind: 'text' } : field)) }],
	},
	{
		displayName: 'Line Items (JSON)',
		name: 'lineItemsJson',
		type: 'json',
		default: '[]',
		displayOptions: { show: { lineItemsInput: ['json'] } },
		description: `A list of at most ${MAX_LINE_ITEMS} line items: { product_id, product_title, price, quantity, product_url, image_url, variant_id, variant_title, sku, categories }`,
	},
];

/**
 * An event type's parameters, derived from its fields (helpers/eventTypes.ts):
 * the required and top-level ones, the others under "Additional Fields",
 * then legal bases and line items.
 */
export function eventFieldProperties(spec: EventSpec): INodeProperties[] {
	const plain = spec.fields.filter((field) => field.kind !== 'legalBases' && field.kind !== 'lineItems');
	const properties = plain.filter((field) => field.required || field.topLevel).map(inputOf);
	const optional = plain.filter((field) => !field.required && !field.topLevel).map(inputOf).sort(byName);
	if (optional.length) {
		properties.push({ displayName: 'Additional Fields', name: 'additionalFields', type: 'collection', placeholder: 'Add Field', default: {}, options: optional });
	}
	if (spec.fields.some((field) => field.kind === 'legalBases')) properties.push(legalBasesProperty);
	if (spec.fields.some((field) => field.kind === 'lineItems')) properties.push(...lineItemsProperties);
	return properties;
}

/** One of the account's custom fields: picked from the list, or by UUID or API identifier. */
export const customFieldLocatorProperty: INodeProperties = {
	displayName: 'Field',
	name: 'field',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'One of your account’s custom fields (RD’s standard fields cannot be changed or deleted)',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchCustomFields', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: '123e4567-e89b-12d3-a456-426614174000',
			validation: [
				{
					type: 'regex',
					properties: { regex: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$', errorMessage: 'Not a field UUID' },
				},
			],
		},
		{
			displayName: 'By API Identifier',
			name: 'apiIdentifier',
			type: 'string',
			placeholder: 'cf_plan',
		},
	],
};

/** One of the account's segmentations: picked from the list, or by its ID. */
export const segmentationLocatorProperty: INodeProperties = {
	displayName: 'Segmentation',
	name: 'segmentation',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchSegmentations', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: '71384',
			validation: [{ type: 'regex', properties: { regex: '^[0-9]+$', errorMessage: 'Not a segmentation ID (a number)' } }],
		},
	],
};

const languageProperty = (name: string, description: string): INodeProperties => ({
	displayName: 'Language',
	name,
	type: 'options',
	options: LANGUAGES,
	default: 'pt-BR',
	description,
});

/** A custom field's texts in more languages than the main one. */
export const otherLanguagesProperty: INodeProperties = {
	displayName: 'Other Languages',
	name: 'otherLanguages',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Language',
	default: {},
	description: 'The field’s name and label in more languages',
	options: [
		{
			displayName: 'Language',
			name: 'language',
			values: [
				{ displayName: 'Language', name: 'language', type: 'string', default: '', placeholder: 'en', description: 'A language code such as en, es or pt-BR' },
				{ displayName: 'Name', name: 'name', type: 'string', default: '' },
				{ displayName: 'Label', name: 'label', type: 'string', default: '', description: 'Shown in forms; the name when empty' },
			],
		},
	],
};

/** The choices of a combo box, radio button or multiple choice: a row per value and language. */
export const fieldOptionsProperty = (description: string): INodeProperties => ({
	displayName: 'Options',
	name: 'fieldOptions',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Option',
	default: {},
	description,
	options: [
		{
			displayName: 'Option',
			name: 'option',
			values: [
				{ displayName: 'Value', name: 'value', type: 'string', default: '', description: 'What is stored on the contact' },
				{ displayName: 'Label', name: 'label', type: 'string', default: '', description: 'What forms show; the value when empty' },
				{
					displayName: 'Language',
					name: 'language',
					type: 'string',
					default: '',
					placeholder: 'en',
					description: 'The label’s language; empty: the field’s language. Rows with the same value are one option labelled in each language.',
				},
			],
		},
	],
});

export const fieldLanguageProperty = languageProperty('language', 'The language of the name and label above');
