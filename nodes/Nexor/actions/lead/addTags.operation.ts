import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import { listAt } from '../../../shared/expect';
import type { Run } from '../../../shared/types';
import { apiRequest } from '../../../shared/transport';
import { parseItemInput, uuid } from '../../../shared/validation';
import { uuidSegment } from '../../helpers/ids';
import { tagList } from '../../helpers/tagNames';
import { nexorApi } from '../../provider';
import { leadIdProperty } from '../common.descriptions';

const properties: INodeProperties[] = [
	leadIdProperty,
	{
		displayName: 'Tag Names or IDs',
		name: 'tagIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getTags' },
		required: true,
		default: [],
		description:
			'Tags to add (by an expression: a list of IDs, or IDs separated by commas); the lead’s other tags stay, and a tag it already has is skipped. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
];

const displayOptions = { show: { resource: ['lead'], operation: ['addTags'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface TagsToAdd {
	leadId: string;
	tagIds: string[];
}

export function prepare(this: IExecuteFunctions, itemIndex: number): TagsToAdd {
	const leadId = uuidSegment(this, this.getNodeParameter('leadId', itemIndex, ''), 'Lead ID', itemIndex);
	const { tagIds } = parseItemInput(
		this.getNode(),
		z.object({ tagIds: z.array(uuid).min(1, 'at least one tag') }),
		{ tagIds: tagList(this.getNodeParameter('tagIds', itemIndex, [])) },
		{ tagIds: 'Tags' },
		itemIndex,
	);
	return { leadId, tagIds };
}

/**
 * POST /leads/{id}/tags: `tagId` for one tag, `tagIds` for several (Nexor
 * refuses both at once); 201 { data: [tags] } (docs/nexor-api.md §Tags).
 */
export async function send(this: IExecuteFunctions, { leadId, tagIds }: TagsToAdd, itemIndex: number, run: Run): Promise<IDataObject> {
	const response = await apiRequest(run, nexorApi, {
		method: 'POST',
		path: `/leads/${leadId}/tags`,
		body: tagIds.length === 1 ? { tagId: tagIds[0] } : { tagIds },
		itemIndex,
		expect: listAt('data', 'the lead’s tags ("data")'),
		explain: (failure) => (failure.statusCode === 404 ? `Nexor found no such lead or tag: ${failure.message}` : undefined),
	});
	return { leadId: decodeURIComponent(leadId), tags: response.data };
}
