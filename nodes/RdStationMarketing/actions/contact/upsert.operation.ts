import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import { textAt } from '../../../shared/expect';
import { apiRequest } from '../../../shared/transport';
import type { Run } from '../../../shared/types';
import { definedOnly, optionalText, parseItemInput } from '../../../shared/validation';
import type { AccountFields } from '../../customFields';
import { customFieldsProperty, loadAccountFields, readCustomFields } from '../../customFields';
import { rdStationOAuth2Api } from '../../provider';
import { tagsFrom, TEXT_FIELDS } from '../conversion/create.operation';
import { contactPath, identifierProperties } from './contactPath';

/** The contact's own fields (the conversion fields that are not about the conversion). */
const CONTACT_FIELDS = TEXT_FIELDS.filter(([parameter]) => !parameter.startsWith('traffic') && parameter !== 'clientTrackingId');

const properties: INodeProperties[] = [
	...identifierProperties,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: ([
			...CONTACT_FIELDS.map(([name, displayName]): INodeProperties => ({ displayName, name, type: 'string', default: '' })),
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
	customFieldsProperty,
];

const displayOptions = { show: { resource: ['contact'], operation: ['upsert'] } };

export const description = updateDisplayOptions(displayOptions, properties);

const schema = z.object({
	...Object.fromEntries(CONTACT_FIELDS.map(([, , key]) => [key, optionalText])),
	tags: z.array(z.string({ invalid_type_error: 'text for every tag' })).optional(),
});

const labels = { tags: 'Tags', ...Object.fromEntries(CONTACT_FIELDS.map(([, displayName, key]) => [key, displayName])) };

interface Upsert {
	path: string;
	body: IDataObject;
}

export const load = loadAccountFields;

export function prepare(this: IExecuteFunctions, itemIndex: number, fields: AccountFields): Upsert {
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const input: IDataObject = { tags: tagsFrom(additional.tags) as IDataObject['tags'] };
	for (const [parameter, , key] of CONTACT_FIELDS) input[key] = additional[parameter];
	const known = parseItemInput(this.getNode(), schema, input, labels, itemIndex);
	return {
		path: contactPath(this, itemIndex),
		body: definedOnly({ ...known, ...readCustomFields(this, itemIndex, fields) }),
	};
}

/** PATCH /platform/contacts/{email|uuid}:{value}: updates the contact, or creates it by email. */
export async function send(this: IExecuteFunctions, { path, body }: Upsert, itemIndex: number, run: Run): Promise<IDataObject> {
	return await apiRequest(run, rdStationOAuth2Api, {
		method: 'PATCH',
		path,
		body,
		itemIndex,
		expect: textAt('uuid', 'the contact ("uuid")'),
	});
}

export const createdId = (output: IDataObject) => output.uuid;
