import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { failItem } from '../../../shared/validation';
import type { AccountFields } from '../../helpers/customFields';
import { loadAccountFields, readCustomFields } from '../../helpers/customFields';
import { checkParameters, CUSTOM_FIELD_NAME_EXPECTATION, isCustomFieldName, payloadFromParameters } from '../../helpers/eventPayload';
import { EVENT_TYPES } from '../../helpers/eventTypes';
import { checkEventSize, eventBody } from '../../helpers/events';
import { providerOf, rdStationApi } from '../../provider';
import { accountFieldsProperty, eventFieldProperties, sendInBatchesProperty } from '../common.descriptions';
import { eventSending } from '../eventOperations';

const CONVERSION = EVENT_TYPES.CONVERSION;

/** The conversion's fields (declared once: helpers/eventTypes.ts), the account's typed fields or free cf_ ones, batches. */
const properties: INodeProperties[] = [
	...eventFieldProperties(CONVERSION),
	accountFieldsProperty,
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
	sendInBatchesProperty,
];

const displayOptions = { show: { resource: ['conversion'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

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
		if (!given || !isCustomFieldName(name)) {
			problems.push(`Custom Field ${position + 1} name: expected ${CUSTOM_FIELD_NAME_EXPECTATION}, got ${JSON.stringify(given)}`);
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
	const known = checkParameters(this, CONVERSION, payloadFromParameters(this, itemIndex, CONVERSION), itemIndex);
	const customFields =
		providerOf(this) === rdStationApi ? readFreeCustomFields(this, itemIndex) : readCustomFields(this, itemIndex, fields);
	const body = eventBody(CONVERSION.type, { ...known, ...customFields });
	checkEventSize(this, body, itemIndex);
	return body;
}

export const load = loadAccountFields;

export const { send, batch, createdId } = eventSending;
