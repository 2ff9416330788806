import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listAt } from '../../../shared/expect';
import { returnAllOrLimit, wantedCount } from '../../../shared/resource';
import type { Run } from '../../../shared/types';
import { apiRequest } from '../../../shared/transport';
import { firstOf } from '../../../shared/paging';
import { listIn } from '../../helpers/answers';
import { nexorApi } from '../../provider';

const properties: INodeProperties[] = [
	{
		displayName: 'Search',
		name: 'search',
		type: 'string',
		default: '',
		description: 'Only tags whose name contains this text; empty for every tag',
	},
	...returnAllOrLimit,
];

const displayOptions = { show: { resource: ['tag'], operation: ['getMany'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface TagQuery {
	search: string;
	wanted: number;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): TagQuery {
	const search = this.getNodeParameter('search', itemIndex, '');
	return { search: typeof search === 'string' || typeof search === 'number' ? String(search).trim() : '', wanted: wantedCount(this, itemIndex) };
}

/** GET /tags?search=… → { data: [tags] }, one item per tag; Nexor returns the whole list at once (docs/nexor-api.md §Tags). */
export async function send(this: IExecuteFunctions, { search, wanted }: TagQuery, itemIndex: number, run: Run): Promise<IDataObject[]> {
	const response = await apiRequest(run, nexorApi, {
		method: 'GET',
		path: '/tags',
		qs: search ? { search } : undefined,
		itemIndex,
		expect: listAt('data', 'a list of tags ("data")'),
	});
	return firstOf(listIn(response, 'data'), wanted);
}
