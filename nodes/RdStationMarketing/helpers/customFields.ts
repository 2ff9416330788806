import type { IDataObject, IExecuteFunctions, ResourceMapperValue } from 'n8n-workflow';

import { listAt } from '../../shared/expect';
import { apiRequest } from '../../shared/transport';
import type { Run } from '../../shared/types';
import { booleanFromText, failItem, isReservedName, numberFromText, RESERVED_NAME_EXPECTATION } from '../../shared/validation';
import { providerOf, rdStationOAuth2Api } from '../provider';

/** One of the account's contact fields, as GET /platform/contacts/fields describes it. */
export interface RdField {
	uuid?: string;
	api_identifier: string;
	custom_field?: boolean;
	data_type?: 'BOOLEAN' | 'STRING' | 'STRING[]' | 'INTEGER' | string;
	name?: Record<string, string>;
	label?: Record<string, string>;
	presentation_type?: string;
	validation_rules?: { valid_options?: Array<{ value: string; label?: Record<string, string> }> };
}

/** The label in the account's language (RD's `default` entry), else any it has. */
export const labelOf = (field: RdField): string =>
	field.label?.default ?? field.name?.default ?? Object.values(field.label ?? field.name ?? {})[0] ?? field.api_identifier;

export const optionsOf = (field: RdField) =>
	(field.validation_rules?.valid_options ?? []).map((option) => ({
		name: option.label?.default ?? Object.values(option.label ?? {})[0] ?? option.value,
		value: option.value,
	}));

/** The account's fields, custom ones first: read once per run. */
export async function accountFields(run: Run): Promise<RdField[]> {
	return await run.memo('rdstation:fields', async () => {
		const response = await apiRequest(run, rdStationOAuth2Api, {
			method: 'GET',
			path: '/platform/contacts/fields',
			expect: listAt('fields', 'the account\'s fields ("fields")'),
		});
		const fields = (response.fields as RdField[]).filter((field) => typeof field?.api_identifier === 'string');
		return [...fields.filter((field) => field.custom_field), ...fields.filter((field) => !field.custom_field)];
	});
}

type Coerced = { value: unknown } | { problem: string };

/** A value as RD takes it for the field's type; a problem when it cannot be. */
function coerce(field: RdField, raw: unknown): Coerced {
	const options = optionsOf(field).map((option) => option.value);
	const offOptions = (values: unknown[]) => values.filter((value) => options.length && !options.includes(String(value)));
	switch (field.data_type) {
		case 'INTEGER': {
			const value = numberFromText(raw);
			return Number.isInteger(value) ? { value } : { problem: `expected a whole number, got ${JSON.stringify(raw)}` };
		}
		case 'BOOLEAN': {
			const value = booleanFromText(raw);
			return typeof value !== 'boolean' ? { problem: `expected true or false, got ${JSON.stringify(raw)}` } : { value };
		}
		case 'STRING[]': {
			const list = Array.isArray(raw) ? raw : String(raw).split(',').map((entry) => entry.trim()).filter(Boolean);
			if (list.some((entry) => typeof entry !== 'string')) return { problem: `expected a list of text, got ${JSON.stringify(raw)}` };
			const wrong = offOptions(list);
			return wrong.length ? { problem: `expected values among ${options.join(', ')}, got ${JSON.stringify(wrong)}` } : { value: list };
		}
		default: {
			if (typeof raw !== 'string' && typeof raw !== 'number') return { problem: `expected text, got ${JSON.stringify(raw)}` };
			const value = String(raw);
			return offOptions([value]).length ? { problem: `expected one of ${options.join(', ')}, got ${JSON.stringify(value)}` } : { value };
		}
	}
}

const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

/** The run's `load` step for operations on the account's fields themselves: all of them, read once. */
export async function loadFieldList(this: IExecuteFunctions, run: Run): Promise<RdField[]> {
	return await accountFields(run);
}

/** The account's fields by API identifier, as the run read them once (none: no item gave a field value). */
export type AccountFields = Map<string, RdField> | undefined;

const fieldValuesOf = (context: IExecuteFunctions, itemIndex: number) => {
	const mapper = (context.getNodeParameter('customFieldValues', itemIndex, {}, { skipValidation: true }) ?? {}) as ResourceMapperValue;
	return Object.entries((mapper.value ?? {}) as IDataObject).filter(([, value]) => !isEmpty(value));
};

/**
 * The run's `load` step for operations with the account's fields: read once,
 * and only when some item gives a field value (OAuth2 only: the API key
 * cannot read them).
 */
export async function loadAccountFields(this: IExecuteFunctions, run: Run): Promise<AccountFields> {
	if (providerOf(this) !== rdStationOAuth2Api) return undefined;
	const itemCount = this.getInputData().length;
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		if (fieldValuesOf(this, itemIndex).length) {
			return new Map((await accountFields(run)).map((field) => [field.api_identifier, field]));
		}
	}
	return undefined;
}

/**
 * The item's field values, typed as the account defines the fields now
 * (read once per run), whatever the editor saved: an unknown key goes as given.
 */
export function readCustomFields(context: IExecuteFunctions, itemIndex: number, fields: AccountFields): IDataObject {
	const values = fieldValuesOf(context, itemIndex);
	if (values.length === 0) return {};
	const problems: string[] = [];
	const result: IDataObject = {};
	for (const [key, raw] of values) {
		const field = fields?.get(key);
		const label = field ? `Field "${labelOf(field)}" (${key})` : `Field "${key}"`;
		if (isReservedName(key)) {
			problems.push(`${label}: expected ${RESERVED_NAME_EXPECTATION}`);
			continue;
		}
		if (!field) {
			result[key] = raw;
			continue;
		}
		const coerced = coerce(field, raw);
		if ('problem' in coerced) problems.push(`${label}: ${coerced.problem}`);
		else result[key] = coerced.value as IDataObject[string];
	}
	if (problems.length) failItem(context.getNode(), problems, itemIndex);
	return result;
}

/**
 * The custom field an item's "Field" names (from the list or by UUID: its
 * UUID; by API identifier: cf_…), among the account's fields read once per
 * run. A standard field, or one the account does not have, is refused
 * before anything is sent.
 */
export function customFieldOf(context: IExecuteFunctions, itemIndex: number, fields: RdField[]): RdField {
	const locator = (context.getNodeParameter('field', itemIndex, {}) ?? {}) as { mode?: string; value?: unknown };
	const given = typeof locator.value === 'string' ? locator.value.trim() : '';
	const node = context.getNode();
	if (!given) failItem(node, [`Field: expected a field of your account (it is required), got ${JSON.stringify(locator.value ?? '')}`], itemIndex);
	// By API identifier as given, else with "cf_" added (as Create adds it).
	const field =
		locator.mode === 'apiIdentifier'
			? (fields.find((entry) => entry.api_identifier === given) ?? fields.find((entry) => entry.api_identifier === `cf_${given}`))
			: fields.find((entry) => entry.uuid === given);
	if (!field) {
		return failItem(node, [`Field: expected one of your account’s fields, got ${JSON.stringify(given)} (RD Station lists no such field)`], itemIndex);
	}
	if (!field.custom_field || !field.api_identifier.startsWith('cf_') || !field.uuid) {
		failItem(node, [`Field: expected a custom field (cf_…), got RD’s standard field "${field.api_identifier}", which cannot be changed or deleted`], itemIndex);
	}
	return field;
}
