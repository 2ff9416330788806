import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	ResourceMapperValue,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import { objectFromJson } from '../../../shared/metadata';
import { recordAt } from '../../../shared/expect';
import type { Run } from '../../../shared/types';
import { AlreadySent } from '../../../shared/skipStore';
import { apiRequest } from '../../../shared/transport';
import {
	definedOnly,
	failItem,
	finiteNumber,
	flatRecord,
	isReservedName,
	numberFromText,
	optionalCurrency,
	optionalIsoDateTime,
	optionalText,
	optionalUuid,
	parseItemInput,
	RESERVED_NAME_EXPECTATION,
	uuid,
} from '../../../shared/validation';
import type { ConversionType, ConversionTypeField } from '../../provider';
import { idValue } from '../../helpers/ids';
import { ITEM_KEY_FIELD, looksUpNexorFirst, recordedItemKeys } from '../../helpers/itemKeys';
import { conversionTypeList, listFrom, nexorApi } from '../../provider';
import { recordLocator } from '../common.descriptions';

/*
 * Version 1 saved the conversion type as a dropdown value (plain text);
 * version 2 offers a picker ("From List" or "By ID"). Both read the same way
 * (helpers/ids.ts), so saved workflows keep working.
 */
const V1 = { show: { '@version': [1] } };
const V2 = { show: { '@version': [{ _cnd: { gte: 2 } }] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Conversion Type Name or ID',
		name: 'conversionTypeId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getConversionTypes' },
		required: true,
		default: '',
		displayOptions: V1,
		description:
			'The kind of conversion; its fields appear below. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		...recordLocator({
			displayName: 'Conversion Type',
			name: 'conversionTypeId',
			searchListMethod: 'searchConversionTypes',
			required: true,
			description: 'The kind of conversion; its fields appear below',
		}),
		displayOptions: V2,
	},
	{
		displayName: 'Lead ID',
		name: 'leadId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '123e4567-e89b-12d3-a456-426614174200',
		description: 'UUID of the lead that converted',
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'number',
		required: true,
		typeOptions: { numberPrecision: 2 },
		// Empty, not 0: Nexor requires an amount, and a forgotten one must not record a conversion of 0.
		default: '',
		description: 'Monetary value of the conversion. Text such as "85000.00" is converted.',
	},
	{
		displayName: 'Conversion Type Fields',
		name: 'typeFields',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			// Version 1 saves text, version 2 a picker whose `value` changes: both are watched.
			loadOptionsDependsOn: ['conversionTypeId', 'conversionTypeId.value'],
			resourceMapper: {
				resourceMapperMethod: 'getConversionTypeFields',
				mode: 'add',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: false,
			},
		},
		description: 'The fields the chosen conversion type defines, sent in metadata under their keys',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Converted At',
				name: 'convertedAt',
				type: 'dateTime',
				default: '',
				description: 'When the conversion happened (ISO 8601). Defaults to now.',
			},
			{
				displayName: 'Currency',
				name: 'currency',
				type: 'string',
				default: '',
				placeholder: 'USD',
				description: 'ISO 4217 code; only to override the currency of the conversion type',
			},
			{
				displayName: 'Extra Metadata (JSON)',
				name: 'extraMetadata',
				type: 'json',
				default: '{}',
				description: 'More metadata keys, e.g. an external deal ID. The type’s fields above take precedence.',
			},
			{
				displayName: 'Notes',
				name: 'notes',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
			},
			{
				displayName: 'Workflow Run ID',
				name: 'workflowRunId',
				type: 'string',
				default: '',
				description: 'UUID of the workflow run to attribute the conversion to',
			},
		],
	},
];

const displayOptions = { show: { resource: ['conversion'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

const conversionSchema = z.object({
	conversion_type_id: uuid,
	lead_id: uuid,
	amount: finiteNumber,
	currency: optionalCurrency,
	converted_at: optionalIsoDateTime,
	workflow_run_id: optionalUuid,
	notes: optionalText,
	metadata: flatRecord,
});

const labels: Record<string, string> = {
	conversion_type_id: 'Conversion Type',
	lead_id: 'Lead ID',
	amount: 'Amount',
	currency: 'Currency',
	converted_at: 'Converted At',
	workflow_run_id: 'Workflow Run ID',
	notes: 'Notes',
	metadata: 'Metadata',
};

const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

interface TypeField {
	label: string;
	type?: string;
	required: boolean;
	removed: boolean;
}

/** The fields of each conversion type, by type ID, as Nexor defines them now (none: no item gave a field value). */
type TypeFields = Map<string, Map<string, ConversionTypeField>> | undefined;

const typeFieldValues = (context: IExecuteFunctions, itemIndex: number) =>
	((context.getNodeParameter('typeFields', itemIndex, {}, { skipValidation: true }) ?? {}) as ResourceMapperValue).value ?? {};

/**
 * The run's `load` step: the conversion types as Nexor defines them now,
 * read once (one request lists them all), and only when some item gives a
 * field value. A workflow written by hand, through n8n's API or saved
 * before the type changed carries no schema, or a stale one.
 */
export async function load(this: IExecuteFunctions, run: Run): Promise<TypeFields> {
	const itemCount = this.getInputData().length;
	let needed = false;
	for (let itemIndex = 0; itemIndex < itemCount && !needed; itemIndex++) {
		needed = Object.values(typeFieldValues(this, itemIndex)).some((value) => !isEmpty(value));
	}
	if (!needed) return undefined;
	const response = await apiRequest(run, nexorApi, { method: 'GET', path: '/conversion-types', expect: conversionTypeList });
	const types = listFrom<ConversionType>(response, 'conversion_types');
	return new Map(types.map((type) => [type.id, new Map((type.fields ?? []).map((field) => [field.key, field]))]));
}

/**
 * The values of the conversion type's fields, keyed by field key. `number`
 * fields (as Nexor defines them now, else as the editor saved them) become
 * JSON numbers; text given to one refuses the item; an unknown key goes as
 * given.
 */
function readTypeFields(context: IExecuteFunctions, itemIndex: number, live: TypeFields, typeId: unknown): IDataObject {
	// Validated here, with messages naming the field by its label, rather than by n8n's generic check.
	const mapper = (context.getNodeParameter('typeFields', itemIndex, {}, { skipValidation: true }) ??
		{}) as ResourceMapperValue;
	const values = (mapper.value ?? {}) as IDataObject;
	const fields = new Map<string, TypeField>();
	for (const field of mapper.schema ?? []) {
		fields.set(field.id, { label: field.displayName, type: field.type, required: field.required === true, removed: field.removed === true });
	}
	if (Object.values(values).some((value) => !isEmpty(value)) && typeof typeId === 'string') {
		for (const [key, field] of live?.get(typeId.trim()) ?? []) {
			const saved = fields.get(key);
			fields.set(key, {
				label: field.label || saved?.label || key,
				type: field.type,
				required: field.required === true || saved?.required === true,
				removed: saved?.removed === true,
			});
		}
	}
	const problems: string[] = [];
	const metadata: IDataObject = {};

	for (const [key, field] of fields) {
		if (field.required && !field.removed && isEmpty(values[key])) {
			problems.push(`Field "${field.label}" (${key}): expected a value (it is required), got nothing`);
		}
	}
	for (const [key, raw] of Object.entries(values)) {
		const field = fields.get(key);
		if (field?.removed || isEmpty(raw)) continue;
		const label = field ? `Field "${field.label}" (${key})` : `Field "${key}"`;
		if (isReservedName(key)) {
			problems.push(`${label}: expected ${RESERVED_NAME_EXPECTATION}`);
			continue;
		}
		if (field?.type === 'number') {
			const value = numberFromText(raw);
			if (typeof value !== 'number' || !Number.isFinite(value)) {
				problems.push(`${label}: expected a number, got ${JSON.stringify(raw)}`);
				continue;
			}
			metadata[key] = value;
		} else {
			metadata[key] = raw;
		}
	}
	if (problems.length) failItem(context.getNode(), problems, itemIndex);
	return metadata;
}

/** The conversion's request body, checked: nothing is sent for an item that fails here. */
export function prepare(this: IExecuteFunctions, itemIndex: number, live: TypeFields): IDataObject {
	const node = this.getNode();
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const extraMetadata = objectFromJson(node, additional.extraMetadata, 'Extra Metadata', itemIndex);
	const conversionTypeId = idValue(this, 'conversionTypeId', itemIndex);
	const typeFields = readTypeFields(this, itemIndex, live, conversionTypeId);
	const input = {
		conversion_type_id: conversionTypeId,
		lead_id: this.getNodeParameter('leadId', itemIndex, ''),
		amount: this.getNodeParameter('amount', itemIndex, ''),
		currency: additional.currency,
		converted_at: additional.convertedAt,
		workflow_run_id: additional.workflowRunId,
		notes: additional.notes,
		// Extra keys first: a conversion type field of the same key wins.
		metadata:
			extraMetadata && typeof extraMetadata === 'object' && !Array.isArray(extraMetadata)
				? { ...(extraMetadata as IDataObject), ...typeFields }
				: extraMetadata,
	};
	const conversion = parseItemInput(node, conversionSchema, input, labels, itemIndex);
	// An empty metadata object says nothing: leave it out.
	return definedOnly({
		...conversion,
		metadata: Object.keys(conversion.metadata).length ? conversion.metadata : undefined,
	});
}

/**
 * Records the conversion. With "Look Up in Nexor Before Creating", the
 * item's key goes into the conversion's metadata and is first looked for
 * among the lead's conversions of that type: found, the item is not sent;
 * not found, it is sent even if n8n's store has its key (a request that
 * never landed), unless this n8n process is sending it right now.
 */
export async function send(this: IExecuteFunctions, body: IDataObject, itemIndex: number, run: Run): Promise<IDataObject> {
	const claim = run.claims.get(itemIndex);
	if (claim && looksUpNexorFirst(this)) {
		const leadId = String(body.lead_id);
		const typeId = String(body.conversion_type_id);
		const found = (await recordedItemKeys(this, run, { leadId, typeId, itemIndex })).get(claim.key);
		if (found) throw new AlreadySent([claim.key], { id: found.id, foundIn: 'Nexor' });
		// Nexor has no conversion with this key: whatever n8n's store says, it was never recorded.
		claim.verifiedAbsent = true;
		body = { ...body, metadata: { ...((body.metadata as IDataObject | undefined) ?? {}), [ITEM_KEY_FIELD]: claim.key } };
	}
	const response = await apiRequest(run, nexorApi, {
		method: 'POST',
		path: '/conversions',
		body,
		itemIndex,
		expect: recordAt('conversion_event', 'the recorded conversion (a "conversion_event" with an "id")'),
	});
	return response.conversion_event as IDataObject;
}

export const createdId = (output: IDataObject) => output.id;
