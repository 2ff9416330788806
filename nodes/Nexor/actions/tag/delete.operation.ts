import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { Expectation, Run } from '../../../shared/types';
import { apiRequest } from '../../../shared/transport';
import { isObject } from '../../helpers/answers';
import { notFound } from '../../helpers/explain';
import { idValue, uuidSegment } from '../../helpers/ids';
import { nexorApi } from '../../provider';
import { recordLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	recordLocator({
		displayName: 'Tag',
		name: 'tagId',
		searchListMethod: 'searchTags',
		required: true,
		description: 'The tag to delete. It is removed from every lead that has it.',
	}),
];

const displayOptions = { show: { resource: ['tag'], operation: ['delete'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export function prepare(this: IExecuteFunctions, itemIndex: number): string {
	return uuidSegment(this, idValue(this, 'tagId', itemIndex), 'Tag', itemIndex);
}

/** DELETE /tags/{id} → { success: true } (docs/nexor-api.md §Tags). */
const deleted: Expectation = { what: '{ "success": true }', accepts: (body) => isObject(body) && body.success === true };

export async function send(this: IExecuteFunctions, tagId: string, itemIndex: number, run: Run): Promise<IDataObject> {
	await apiRequest(run, nexorApi, { method: 'DELETE', path: `/tags/${tagId}`, itemIndex, expect: deleted, explain: notFound('tag', tagId) });
	return { id: decodeURIComponent(tagId), deleted: true };
}
