import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listAt } from '../../../shared/expect';
import type { Run } from '../../../shared/types';
import { apiRequest } from '../../../shared/transport';
import { listIn } from '../../helpers/answers';
import { notFound } from '../../helpers/explain';
import { uuidSegment } from '../../helpers/ids';
import { nexorApi } from '../../provider';
import { leadIdProperty } from '../common.descriptions';

const displayOptions = { show: { resource: ['lead'], operation: ['getTags'] } };

export const description = updateDisplayOptions(displayOptions, [leadIdProperty]);

export function prepare(this: IExecuteFunctions, itemIndex: number): string {
	return uuidSegment(this, this.getNodeParameter('leadId', itemIndex, ''), 'Lead ID', itemIndex);
}

/** GET /leads/{id}/tags → { data: [{ id, name, slug }] }: one item per tag (docs/nexor-api.md §Tags). */
export async function send(this: IExecuteFunctions, leadId: string, itemIndex: number, run: Run): Promise<IDataObject[]> {
	const response = await apiRequest(run, nexorApi, {
		method: 'GET',
		path: `/leads/${leadId}/tags`,
		itemIndex,
		expect: listAt('data', 'the lead’s tags ("data")'),
		explain: notFound('lead', leadId),
	});
	return listIn(response, 'data');
}
