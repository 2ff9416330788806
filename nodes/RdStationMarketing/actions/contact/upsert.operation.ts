import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import { textAt } from '../../../shared/expect';
import type { Run } from '../../../shared/types';
import { definedOnly, parseItemInput } from '../../../shared/validation';
import { CONTACT_UPDATES, contactLimitedRequest } from '../../helpers/contactLimits';
import type { ContactRef } from '../../helpers/contactPath';
import { contactOf } from '../../helpers/contactPath';
import type { AccountFields } from '../../helpers/customFields';
import { loadAccountFields, readCustomFields } from '../../helpers/customFields';
import { schemaOf } from '../../helpers/eventFields';
import { CONTACT_TEXT_FIELDS, TAGS } from '../../helpers/eventTypes';
import { accountFieldsProperty, contactIdentifierProperties, inputOf } from '../common.descriptions';

/** The contact's own fields (declared once, as events take them: helpers/eventTypes.ts). */
const FIELDS = [...CONTACT_TEXT_FIELDS, TAGS];

const properties: INodeProperties[] = [
	...contactIdentifierProperties,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: FIELDS.map(inputOf).sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
	accountFieldsProperty,
];

const displayOptions = { show: { resource: ['contact'], operation: ['upsert'] } };

export const description = updateDisplayOptions(displayOptions, properties);

const schema = z.object(Object.fromEntries(FIELDS.map((field) => [field.key, schemaOf(field)])));

const labels = Object.fromEntries(FIELDS.map((field) => [field.key, field.displayName]));

interface Upsert {
	contact: ContactRef;
	body: IDataObject;
}

export const load = loadAccountFields;

export function prepare(this: IExecuteFunctions, itemIndex: number, fields: AccountFields): Upsert {
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const input: IDataObject = Object.fromEntries(FIELDS.map((field) => [field.key, additional[field.name]]));
	const known = parseItemInput(this.getNode(), schema, input, labels, itemIndex);
	return {
		contact: contactOf(this, itemIndex),
		body: definedOnly({ ...known, ...readCustomFields(this, itemIndex, fields) }),
	};
}

/**
 * PATCH /platform/contacts/{email|uuid}:{value}: updates the contact, or
 * creates it by email (docs/rdstation-api.md §Contacts); RD allows 24 per
 * contact in 24 hours.
 */
export async function send(this: IExecuteFunctions, { contact, body }: Upsert, itemIndex: number, run: Run): Promise<IDataObject> {
	const request = { method: 'PATCH' as const, path: contact.path, body, itemIndex, expect: textAt('uuid', 'the contact ("uuid")') };
	return await contactLimitedRequest(run, request, CONTACT_UPDATES, contact);
}

export const createdId = (output: IDataObject) => output.uuid;
