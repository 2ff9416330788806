import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listAt } from '../../../shared/expect';
import type { Run } from '../../../shared/types';
import { apiRequest } from '../../../shared/transport';
import { failItem } from '../../../shared/validation';
import { contactPath } from '../../helpers/contactPath';
import { rdStationOAuth2Api } from '../../provider';
import { contactIdentifierProperties } from '../common.descriptions';

const properties: INodeProperties[] = [
	...contactIdentifierProperties,
	{
		displayName: 'Tags',
		name: 'tags',
		type: 'string',
		typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Tag' },
		required: true,
		default: [],
		description: 'Tags to add; an expression may also give a list or comma-separated text',
	},
];

const displayOptions = { show: { resource: ['contact'], operation: ['addTags'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface Tagging {
	path: string;
	tags: string[];
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Tagging {
	const raw = this.getNodeParameter('tags', itemIndex, []) as unknown;
	const tags = (typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) ? raw : [raw]).map((tag) =>
		typeof tag === 'string' ? tag.trim() : tag,
	);
	if (tags.length === 0 || tags.some((tag) => typeof tag !== 'string' || tag === '')) {
		failItem(this.getNode(), [`Tags: expected one or more tags as text, got ${JSON.stringify(raw)}`], itemIndex);
	}
	return { path: contactPath(this, itemIndex), tags: tags as string[] };
}

/** POST …/tag: adds the tags (RD keeps the ones the contact had; docs/rdstation-api.md §Contacts). */
export async function send(this: IExecuteFunctions, { path, tags }: Tagging, itemIndex: number, run: Run): Promise<IDataObject> {
	return await apiRequest(run, rdStationOAuth2Api, {
		method: 'POST',
		path: `${path}/tag`,
		body: { tags },
		itemIndex,
		expect: listAt('tags', 'the contact\'s tags ("tags")'),
	});
}

export const createdId = () => undefined;
