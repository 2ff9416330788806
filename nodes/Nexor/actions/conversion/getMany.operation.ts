import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import { collectPages } from '../../../shared/paging';
import { returnAllOrLimit, wantedCount } from '../../../shared/resource';
import type { Run } from '../../../shared/types';
import { apiRequest } from '../../../shared/transport';
import { optionalUuid, parseItemInput } from '../../../shared/validation';
import { conversionList, MAX_PAGE_SIZE, nexorApi } from '../../provider';

/** Nexor's largest page for GET /conversions. */

const properties: INodeProperties[] = [
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ displayName: 'Conversion Type ID', name: 'conversion_type_id', type: 'string', default: '' },
			{ displayName: 'Lead ID', name: 'lead_id', type: 'string', default: '' },
			{ displayName: 'Master Workflow ID', name: 'master_workflow_id', type: 'string', default: '' },
			{ displayName: 'Workflow ID', name: 'workflow_id', type: 'string', default: '' },
			{ displayName: 'Workflow Run ID', name: 'workflow_run_id', type: 'string', default: '' },
		],
	},
];

const displayOptions = { show: { resource: ['conversion'], operation: ['getMany'] } };

export const description = updateDisplayOptions(displayOptions, properties);

const filtersSchema = z.object({
	conversion_type_id: optionalUuid,
	lead_id: optionalUuid,
	master_workflow_id: optionalUuid,
	workflow_id: optionalUuid,
	workflow_run_id: optionalUuid,
});

const labels = {
	conversion_type_id: 'Filter Conversion Type ID',
	lead_id: 'Filter Lead ID',
	master_workflow_id: 'Filter Master Workflow ID',
	workflow_id: 'Filter Workflow ID',
	workflow_run_id: 'Filter Workflow Run ID',
};


interface ListRequest {
	filters: IDataObject;
	wanted: number;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): ListRequest {
	const filters = parseItemInput(
		this.getNode(),
		filtersSchema,
		this.getNodeParameter('filters', itemIndex, {}),
		labels,
		itemIndex,
	);
	return { filters, wanted: wantedCount(this, itemIndex) };
}

export async function send(
	this: IExecuteFunctions,
	{ filters, wanted }: ListRequest,
	itemIndex: number,
	run: Run,
): Promise<IDataObject[]> {
	const paging = { wanted, pageSize: MAX_PAGE_SIZE, itemIndex, provider: nexorApi.displayName };
	return await collectPages(this.getNode(), paging, async (offset, limit) => {
		const response = await apiRequest(run, nexorApi, {
			method: 'GET',
			path: '/conversions',
			qs: { ...filters, limit, offset },
			itemIndex,
			expect: conversionList,
		});
		return {
			records: response.conversion_events as IDataObject[],
			total: typeof response.total === 'number' ? response.total : undefined,
		};
	});
}
