import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import { listAt } from '../../../shared/expect';
import type { Run } from '../../../shared/types';
import { apiRequest } from '../../../shared/transport';
import { email, failItem, parseItemInput, requiredText, uuid } from '../../../shared/validation';
import { withoutEnvelope } from '../../helpers/answers';
import { tagList } from '../../helpers/tagNames';
import { nexorApi } from '../../provider';
import { leadByProperties } from '../common.descriptions';

const properties: INodeProperties[] = [
	...leadByProperties('id'),
	{
		displayName: 'Tag Names or IDs',
		name: 'tagNames',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getTagNames' },
		default: [],
		description:
			'The lead’s tags after this step, by name (by an expression: a list, or names separated by commas): these are kept or added, every other tag of the lead is removed; a new name becomes a new tag. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Remove All Tags When Empty',
		name: 'allowEmpty',
		type: 'boolean',
		default: false,
		description:
			'Whether an empty list removes every tag of the lead. Off, an empty list (e.g. an expression that found nothing) fails the item instead.',
	},
];

const displayOptions = { show: { resource: ['lead'], operation: ['setTags'] } };

export const description = updateDisplayOptions(displayOptions, properties);

const byId = z.object({ lead_id: uuid, tags: z.array(requiredText) });
const byEmail = z.object({ email, tags: z.array(requiredText) });

/** The desired set of tags for one lead, checked: nothing is sent for an item that fails here. */
export function prepare(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const node = this.getNode();
	const tags = tagList(this.getNodeParameter('tagNames', itemIndex, []));
	if (tags.length === 0 && this.getNodeParameter('allowEmpty', itemIndex, false) !== true) {
		failItem(node, ['Tag Names: expected at least one tag (to remove every tag, turn on "Remove All Tags When Empty"), got none'], itemIndex);
	}
	const labels = { lead_id: 'Lead ID', email: 'Lead Email', tags: 'Tag Names' };
	return this.getNodeParameter('leadBy', itemIndex, 'id') === 'email'
		? parseItemInput(node, byEmail, { email: this.getNodeParameter('leadEmail', itemIndex, ''), tags }, labels, itemIndex)
		: parseItemInput(node, byId, { lead_id: this.getNodeParameter('leadId', itemIndex, ''), tags }, labels, itemIndex);
}

/**
 * PUT /leads/tags: the lead's whole set of tags by name, each found or
 * created by slug; idempotent (docs/nexor-api.md §Tags). The output says
 * which tags were added and removed.
 */
export async function send(this: IExecuteFunctions, body: IDataObject, itemIndex: number, run: Run): Promise<IDataObject> {
	const response = await apiRequest(run, nexorApi, {
		method: 'PUT',
		path: '/leads/tags',
		body,
		itemIndex,
		expect: listAt('tags', 'the lead’s tags ("tags")'),
		explain: (failure) =>
			failure.statusCode === 404 ? `Nexor found no lead ${body.email ? `with email "${String(body.email)}"` : `with ID "${String(body.lead_id)}"`}: ${failure.message}` : undefined,
	});
	return withoutEnvelope(response);
}
