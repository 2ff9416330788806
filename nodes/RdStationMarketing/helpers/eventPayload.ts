import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod';

import { nodeOf } from '../../shared/nodeOf';
import { oncePer } from '../../shared/oncePer';
import { definedOnly, failItem, parseItemInput } from '../../shared/validation';
import { providerOf, rdStationApi } from '../provider';
import { legalBasesFrom } from './contactFields';
import type { EventField } from './eventFields';
import { LINE_ITEM_FIELDS, onlyKnownKeys, schemaOf } from './eventFields';
import type { EventSpec } from './eventTypes';
import { checkEventSize, eventBody } from './events';

/*
 * An event's payload, read from the operation's parameters (or given whole
 * to "Event → Send") and checked against what RD documents for its type,
 * before anything is sent (docs/rdstation-api.md §Events).
 */

const CUSTOM_FIELD_NAME = /^cf_[a-z0-9_]+$/;
const CUSTOM_FIELD_MAX_LENGTH = 64;
export const CUSTOM_FIELD_NAME_EXPECTATION = `"cf_" followed by lowercase letters, digits or "_" (${CUSTOM_FIELD_MAX_LENGTH} characters at most)`;

export const isCustomFieldName = (name: string) => CUSTOM_FIELD_NAME.test(name) && name.length <= CUSTOM_FIELD_MAX_LENGTH;

interface PayloadSchemas {
	/** The payload alone (an operation's parameters). */
	payload: z.ZodTypeAny;
	/** `{ payload }`, for a payload given whole ("Event → Send"). */
	given: z.ZodTypeAny;
}

const schemas = new Map<string, PayloadSchemas>();

/** Schemas kept per type and set of keys; past this many (payloads given whole may carry any keys), built per item. */
const MAX_KEPT_SCHEMAS = 500;

/**
 * The payload's schema for the fields it sets (the required ones always):
 * the documented fields, and cf_… ones where the type takes them. An absent
 * optional field is undefined either way; leaving it out of the schema keeps
 * zod from checking the 20-odd a conversion documents and an item rarely sets
 * (that cost more per item than n8n reading it: docs/bench-floor.md). Keys the
 * type does not document still meet the checks below.
 */
function payloadSchemaOf(spec: EventSpec, payload: unknown): PayloadSchemas {
	const given = payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as IDataObject) : {};
	const fields = spec.fields.filter((field) => field.required || given[field.key] !== undefined);
	const cacheKey = `${spec.type}:${fields.map((field) => field.key).join(',')}`;
	let cached = schemas.get(cacheKey);
	if (!cached) {
		const keys = spec.fields.map((field) => field.key);
		const schema = z
			.object(Object.fromEntries(fields.map((field) => [field.key, schemaOf(field)])), { invalid_type_error: 'an object of payload fields' })
			.passthrough()
			.superRefine(onlyKnownKeys(keys, spec.type, spec.customFields))
			.superRefine((payload, context) => {
				for (const key of Object.keys(payload)) {
					if (spec.customFields && key.startsWith('cf_') && !keys.includes(key) && !isCustomFieldName(key)) {
						context.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: `a custom field name: ${CUSTOM_FIELD_NAME_EXPECTATION}` });
					}
				}
			});
		cached = { payload: schema, given: z.object({ payload: schema }) };
		if (schemas.size < MAX_KEPT_SCHEMAS) schemas.set(cacheKey, cached);
	}
	return cached;
}

/** Each field's name as the editor shows it, for messages; worked out once per type. */
const labelsOf = oncePer((fields: EventField[]): Record<string, string> => Object.fromEntries(fields.map((field) => [field.key, field.displayName])));

/** The payload checked against the type's fields, messages naming each field as the editor shows it. */
export function checkParameters(context: IExecuteFunctions, spec: EventSpec, input: IDataObject, itemIndex: number): IDataObject {
	return definedOnly(parseItemInput(nodeOf(context), payloadSchemaOf(spec, input).payload, input, labelsOf(spec.fields), itemIndex) as object);
}

/** A payload given whole ("Event → Send"): messages name `Payload "<key>"`. */
export function checkPayload(context: IExecuteFunctions, spec: EventSpec, payload: unknown, itemIndex: number): IDataObject {
	const checked = parseItemInput(nodeOf(context), payloadSchemaOf(spec, payload).given, { payload }, { payload: 'Payload' }, itemIndex);
	return definedOnly(checked.payload as object);
}

/** The "Line Items" of an e-commerce operation: rows of the fixed collection, or a list from an expression. */
function lineItemsFrom(context: IExecuteFunctions, itemIndex: number): unknown {
	if (context.getNodeParameter('lineItemsInput', itemIndex, 'fields') === 'json') {
		const given = context.getNodeParameter('lineItemsJson', itemIndex, '[]') as unknown;
		if (typeof given !== 'string') return given;
		try {
			return JSON.parse(given) as unknown;
		} catch {
			// Left as text: the check says a list was expected.
			return given;
		}
	}
	const rows = ((context.getNodeParameter('lineItems', itemIndex, {}) as IDataObject).item ?? []) as IDataObject[];
	return rows.map((row) =>
		Object.fromEntries(LINE_ITEM_FIELDS.map((field) => [field.key, row[field.name]]).filter(([, value]) => value !== '' && value !== undefined)),
	);
}

/**
 * The payload as the operation's parameters give it: required and top-level
 * fields at the top, the others under "Additional Fields", legal bases and
 * line items in their own collections — where eventFieldProperties puts them.
 */
export function payloadFromParameters(context: IExecuteFunctions, itemIndex: number, spec: EventSpec): IDataObject {
	const additional = context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const input: IDataObject = {};
	for (const field of spec.fields) {
		let value: unknown;
		if (field.kind === 'legalBases') value = legalBasesFrom(context, itemIndex, field.name);
		else if (field.kind === 'lineItems') value = lineItemsFrom(context, itemIndex);
		else if (field.required || field.topLevel) value = context.getNodeParameter(field.name, itemIndex, '');
		else value = additional[field.name];
		// Only what the item sets: an absent field is checked as absent either way (payloadSchemaOf).
		if (value !== undefined) input[field.key] = value as IDataObject[string];
	}
	return input;
}

/**
 * RD takes only conversions with the API key (docs/rdstation-api.md §Basics):
 * any other event is refused before sending when a workflow sets "API Key"
 * (the editor offers these operations with OAuth2 only).
 */
export function requireOAuth2(context: IExecuteFunctions, itemIndex: number, eventType: string): void {
	if (eventType !== 'CONVERSION' && providerOf(context) === rdStationApi) {
		failItem(context.getNode(), [`Authentication: expected OAuth2 for ${eventType} events (RD takes only conversions with the API key), got API Key`], itemIndex);
	}
}

/** A typed event operation's body: its parameters read, checked, in RD's envelope and within 0.2 MB. */
export function eventFromParameters(context: IExecuteFunctions, itemIndex: number, spec: EventSpec): IDataObject {
	requireOAuth2(context, itemIndex, spec.type);
	const body = eventBody(spec.type, checkParameters(context, spec, payloadFromParameters(context, itemIndex, spec), itemIndex));
	checkEventSize(context, body, itemIndex);
	return body;
}
