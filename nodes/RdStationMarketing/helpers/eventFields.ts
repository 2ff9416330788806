import { z } from 'zod';

import { email, numberFromText, optionalEmail, optionalText, requiredText } from '../../shared/validation';
import { legalBasesSchema, textListFrom } from './contactFields';

/*
 * One field of an RD event's payload, declared once: its payload key, how
 * the editor shows it and what RD takes (docs/rdstation-api.md §Events).
 * Operations build their parameters and their checks from these, so the
 * typed operations and "Event → Send" check a payload the same way.
 */

export type FieldKind =
	| 'text'
	| 'email'
	| 'number'
	| 'integer'
	| 'boolean'
	| 'dateTime'
	| 'seconds'
	| 'url'
	| 'currency'
	| 'options'
	| 'textList'
	| 'legalBases'
	| 'lineItems';

export interface EventField {
	/** The payload key RD documents. */
	key: string;
	/** The parameter it is read from, when not the key in camel case (a name another resource uses for something else). */
	parameter?: string;
	displayName: string;
	kind: FieldKind;
	required?: boolean;
	/** kind "options": the values RD documents. */
	options?: Array<{ name: string; value: string }>;
	/** kinds "number", "integer": the least value. */
	min?: number;
	/** kind "textList": the most entries. */
	max?: number;
	description?: string;
	placeholder?: string;
}

const isEmpty = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
const emptyToUndefined = (value: unknown) => (isEmpty(value) ? undefined : value);

/** Luxon DateTime and JS Date (from expressions) as ISO text; other values as they are. */
function dateToText(value: unknown): unknown {
	if (value instanceof Date) return value.toISOString();
	if (value && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		return (value as { toISO: () => string }).toISO();
	}
	return value;
}

const optionalIf = (schema: z.ZodTypeAny, required: boolean | undefined) => (required ? schema : schema.optional());

const BOOLEAN_TEXT: Record<string, boolean> = { true: true, false: false };

/** true/false, also as the text a spreadsheet or form gives. */
export const booleanOrText = (required?: boolean) =>
	z.preprocess(
		(value) => (typeof value === 'string' ? (BOOLEAN_TEXT[value.trim().toLowerCase()] ?? emptyToUndefined(value)) : value),
		optionalIf(z.boolean({ required_error: 'true or false (it is required)', invalid_type_error: 'true or false' }), required),
	);

const numberSchema = (field: EventField) => {
	const whole = field.kind === 'integer';
	const what = whole ? 'a whole number' : 'a number';
	let schema = z.number({ required_error: `${what} (it is required)`, invalid_type_error: what }).finite(`a finite ${whole ? 'whole ' : ''}number`);
	if (whole) schema = schema.int(what);
	if (field.min !== undefined) schema = schema.min(field.min, `${what} of at least ${field.min}`);
	return z.preprocess((value) => emptyToUndefined(numberFromText(value)), optionalIf(schema, field.required));
};

const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;
const DATE_TIME_EXPECTATION = 'an RFC 3339 date-time with its time zone, such as 2026-02-01T15:30:00-03:00';

const dateTimeSchema = (required?: boolean) =>
	z.preprocess(
		(value) => emptyToUndefined(dateToText(value)),
		optionalIf(
			z
				.string({ required_error: `${DATE_TIME_EXPECTATION} (it is required)`, invalid_type_error: DATE_TIME_EXPECTATION })
				.trim()
				.refine((text) => RFC_3339.test(text) && !Number.isNaN(Date.parse(text)), DATE_TIME_EXPECTATION),
			required,
		),
	);

const URL_EXPECTATION = 'an http:// or https:// address';
const urlSchema = (required?: boolean) =>
	z.preprocess(
		emptyToUndefined,
		optionalIf(
			z
				.string({ required_error: `${URL_EXPECTATION} (it is required)`, invalid_type_error: URL_EXPECTATION })
				.trim()
				.refine((text) => /^https?:\/\/[^\s/?#]+[^\s]*$/i.test(text), URL_EXPECTATION),
			required,
		),
	);

const CURRENCY_EXPECTATION = 'a 3-letter ISO 4217 currency code such as BRL';
const currencySchema = (required?: boolean) =>
	z.preprocess(
		emptyToUndefined,
		optionalIf(
			z
				.string({ required_error: `${CURRENCY_EXPECTATION} (it is required)`, invalid_type_error: CURRENCY_EXPECTATION })
				.trim()
				.regex(/^[A-Za-z]{3}$/, CURRENCY_EXPECTATION)
				.transform((code) => code.toUpperCase()),
			required,
		),
	);

/** Seconds as RD's call events take them: text of a whole number ("95"); a number is accepted and sent as text. */
const secondsSchema = (required?: boolean) =>
	z.preprocess(
		(value) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? String(value) : emptyToUndefined(value)),
		optionalIf(
			z
				.string({ required_error: 'a number of seconds (it is required)', invalid_type_error: 'a whole number of seconds' })
				.trim()
				.regex(/^\d+$/, 'a whole number of seconds such as 95'),
			required,
		),
	);

const optionsSchema = (field: EventField) => {
	const values = (field.options ?? []).map((option) => option.value) as [string, ...string[]];
	const message = `one of ${values.join(', ')}`;
	return z.preprocess(emptyToUndefined, optionalIf(z.enum(values, { errorMap: () => ({ message }) }), field.required));
};

const textListSchema = (field: EventField) => {
	let list = z.array(z.string({ invalid_type_error: 'text for every entry' }).trim().min(1, 'no empty entry'), {
		invalid_type_error: 'a list of text (or comma-separated text)',
		required_error: 'at least one entry (it is required)',
	});
	if (field.max !== undefined) list = list.max(field.max, `at most ${field.max} entries`);
	if (field.required) list = list.min(1, 'at least one entry (it is required)');
	return z.preprocess(textListFrom, optionalIf(list, field.required));
};

/** Names RD documents for an object, refused otherwise: a misspelt key would vanish on RD's side. */
export const onlyKnownKeys = (known: string[], what: string, allowCustomFields = false) => (value: Record<string, unknown>, context: z.RefinementCtx) => {
	for (const key of Object.keys(value)) {
		if (known.includes(key) || (allowCustomFields && key.startsWith('cf_'))) continue;
		context.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: `a field RD documents for ${what} (${known.join(', ')})` });
	}
};

export const LINE_ITEM_FIELDS: EventField[] = [
	{ key: 'product_id', displayName: 'Product ID', kind: 'text', required: true },
	{ key: 'product_title', displayName: 'Product Title', kind: 'text', required: true },
	{ key: 'price', displayName: 'Price', kind: 'number', required: true, min: 0 },
	{ key: 'quantity', displayName: 'Quantity', kind: 'integer', required: true, min: 1 },
	{ key: 'product_url', displayName: 'Product URL', kind: 'url' },
	{ key: 'image_url', displayName: 'Image URL', kind: 'url' },
	{ key: 'variant_id', displayName: 'Variant ID', kind: 'text' },
	{ key: 'variant_title', displayName: 'Variant Title', kind: 'text' },
	{ key: 'sku', displayName: 'SKU', kind: 'text' },
	{ key: 'categories', displayName: 'Categories', kind: 'textList', max: 10, description: 'Up to 10; comma-separated text is split' },
];

/** RD's limit on line items per e-commerce event (as RD's own node enforces it). */
export const MAX_LINE_ITEMS = 20;

const lineItemSchema = z
	.object(Object.fromEntries(LINE_ITEM_FIELDS.map((field) => [field.key, schemaOf(field)])), {
		invalid_type_error: 'a line item { product_id, product_title, price, quantity, … }',
	})
	.passthrough()
	.superRefine(onlyKnownKeys(LINE_ITEM_FIELDS.map((field) => field.key), 'line items'));

const lineItemsSchema = (required?: boolean) =>
	z.preprocess(
		(value) => (Array.isArray(value) && value.length === 0 ? undefined : value),
		optionalIf(
			z
				.array(lineItemSchema, { invalid_type_error: 'a list of line items', required_error: 'at least one line item (it is required)' })
				.max(MAX_LINE_ITEMS, `at most ${MAX_LINE_ITEMS} line items`),
			required,
		),
	);

/** What RD takes for a field, as a zod schema whose messages say what was expected. */
export function schemaOf(field: EventField): z.ZodTypeAny {
	switch (field.kind) {
		case 'text':
			return field.required ? requiredText : optionalText;
		case 'email':
			return field.required ? email : optionalEmail;
		case 'number':
		case 'integer':
			return numberSchema(field);
		case 'boolean':
			return booleanOrText(field.required);
		case 'dateTime':
			return dateTimeSchema(field.required);
		case 'seconds':
			return secondsSchema(field.required);
		case 'url':
			return urlSchema(field.required);
		case 'currency':
			return currencySchema(field.required);
		case 'options':
			return optionsSchema(field);
		case 'textList':
			return textListSchema(field);
		case 'legalBases':
			return legalBasesSchema;
		case 'lineItems':
			return lineItemsSchema(field.required);
	}
}

const parameterNames = new Map<string, string>();
/** "call_from_number" → "callFromNumber": the parameter a payload key is read from (asked per field of every item: worked out once). */
const parameterNameOf = (key: string) => {
	let name = parameterNames.get(key);
	if (name === undefined) {
		name = key.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
		parameterNames.set(key, name);
	}
	return name;
};

/** The parameter a field is read from. */
export const parameterOf = (field: EventField) => field.parameter ?? parameterNameOf(field.key);
