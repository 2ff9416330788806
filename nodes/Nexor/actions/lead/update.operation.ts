import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import { recordAt } from '../../../shared/expect';
import type { Run } from '../../../shared/types';
import { apiRequest } from '../../../shared/transport';
import { definedOnly, failItem, flatRecord, optionalEmail, optionalText, optionalUuid, parseItemInput } from '../../../shared/validation';
import { readMetadata } from '../../../shared/metadata';
import { notFound } from '../../helpers/explain';
import { idValue, uuidSegment } from '../../helpers/ids';
import { leadMetadataProperties } from '../../helpers/leadBody';
import { nexorApi } from '../../provider';
import { campaignLocator, leadIdProperty } from '../common.descriptions';

/** The fields Nexor lets a PATCH empty with null (docs/nexor-api.md §Leads.Update); first name and source cannot be. */
const CLEARABLE: Array<[name: string, key: string]> = [
	['Last Name', 'last_name'],
	['Email', 'email'],
	['Phone', 'phone'],
	['Company', 'company'],
	['Title', 'title'],
	['Campaign', 'campaign_id'],
];

const TEXT_FIELDS: Array<[displayName: string, name: string, key: string]> = [
	['First Name', 'firstName', 'first_name'],
	['Last Name', 'lastName', 'last_name'],
	['Email', 'email', 'email'],
	['Phone', 'phone', 'phone'],
	['Company', 'company', 'company'],
	['Title', 'title', 'title'],
	['Source', 'source', 'source'],
];

const properties: INodeProperties[] = [
	leadIdProperty,
	{
		displayName:
			'Only what you set here changes. Metadata is merged: the keys you give are added or replaced and the lead’s other keys stay (a nested value is replaced whole). To empty a field, pick it under Clear Fields.',
		name: 'updateNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Fields to change; an empty value (e.g. from an expression) leaves the field as it is',
		options: TEXT_FIELDS.map(([displayName, name]) => ({ displayName, name, type: 'string', default: '' })),
	},
	{ ...campaignLocator('Campaign to move the lead to; leave empty to keep its campaign') },
	...leadMetadataProperties,
	{
		displayName: 'Clear Fields',
		name: 'clearFields',
		type: 'multiOptions',
		default: [],
		description: 'Fields to empty (sent as null); Campaign detaches the lead from its campaign',
		options: CLEARABLE.map(([name, value]) => ({ name, value })),
	},
];

const displayOptions = { show: { resource: ['lead'], operation: ['update'] } };

export const description = updateDisplayOptions(displayOptions, properties);

const changesSchema = z.object({
	first_name: optionalText,
	last_name: optionalText,
	email: optionalEmail,
	phone: optionalText,
	company: optionalText,
	title: optionalText,
	source: optionalText,
	campaign_id: optionalUuid,
	metadata: flatRecord.optional(),
});

const labels: Record<string, string> = {
	...Object.fromEntries(TEXT_FIELDS.map(([displayName, , key]) => [key, displayName])),
	campaign_id: 'Campaign',
	metadata: 'Metadata',
};

interface LeadUpdate {
	leadId: string;
	body: IDataObject;
}

/** Only the fields given, the cleared ones as null, checked: nothing is sent for an item that fails here. */
export function prepare(this: IExecuteFunctions, itemIndex: number): LeadUpdate {
	const node = this.getNode();
	const leadId = uuidSegment(this, this.getNodeParameter('leadId', itemIndex, ''), 'Lead ID', itemIndex);
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const parameter = (name: string, fallback: unknown) => this.getNodeParameter(name, itemIndex, fallback);
	const input: Record<string, unknown> = {
		...Object.fromEntries(TEXT_FIELDS.map(([, name, key]) => [key, fields[name]])),
		campaign_id: idValue(this, 'campaignId', itemIndex),
		metadata: readMetadata(parameter, node, itemIndex),
	};
	const changes = definedOnly(parseItemInput(node, changesSchema, input, labels, itemIndex));
	if (changes.metadata && Object.keys(changes.metadata).length === 0) delete changes.metadata;

	const cleared = (this.getNodeParameter('clearFields', itemIndex, []) as string[]).filter((key) => CLEARABLE.some(([, known]) => known === key));
	const both = cleared.filter((key) => changes[key] !== undefined);
	if (both.length) {
		failItem(node, both.map((key) => `${labels[key]}: expected either a new value or Clear Fields, got both`), itemIndex);
	}
	for (const key of cleared) changes[key] = null;
	if (Object.keys(changes).length === 0) {
		failItem(node, ['Update Fields: expected at least one field to change or to clear, got none'], itemIndex);
	}
	return { leadId, body: changes };
}

/** PATCH /leads/{id}: the lead as it is now (docs/nexor-api.md §Leads.Update). */
export async function send(this: IExecuteFunctions, { leadId, body }: LeadUpdate, itemIndex: number, run: Run): Promise<IDataObject> {
	const response = await apiRequest(run, nexorApi, {
		method: 'PATCH',
		path: `/leads/${leadId}`,
		body,
		itemIndex,
		expect: recordAt('lead', 'the updated lead (a "lead" with an "id")'),
		explain: notFound('lead', leadId),
	});
	return response.lead as IDataObject;
}
