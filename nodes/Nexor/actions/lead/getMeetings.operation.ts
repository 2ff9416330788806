import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listAt } from '../../../shared/expect';
import { returnAllOrLimit, wantedCount } from '../../../shared/resource';
import type { Run } from '../../../shared/types';
import { apiRequest } from '../../../shared/transport';
import { firstOf } from '../../../shared/paging';
import { listIn } from '../../helpers/answers';
import { notFound } from '../../helpers/explain';
import { uuidSegment } from '../../helpers/ids';
import { MEETING_STATUSES } from '../../helpers/meetings';
import { nexorApi } from '../../provider';
import { leadIdProperty } from '../common.descriptions';

const properties: INodeProperties[] = [
	leadIdProperty,
	{
		displayName: 'Status',
		name: 'statuses',
		type: 'multiOptions',
		options: MEETING_STATUSES,
		default: [],
		description: 'Only meetings with one of these statuses; none chosen: every meeting',
	},
	...returnAllOrLimit,
];

const displayOptions = { show: { resource: ['lead'], operation: ['getMeetings'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface MeetingsQuery {
	leadId: string;
	statuses: string[];
	wanted: number;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): MeetingsQuery {
	const leadId = uuidSegment(this, this.getNodeParameter('leadId', itemIndex, ''), 'Lead ID', itemIndex);
	const known = MEETING_STATUSES.map((status) => status.value);
	const statuses = (this.getNodeParameter('statuses', itemIndex, []) as string[]).filter((status) => known.includes(status));
	return { leadId, statuses, wanted: wantedCount(this, itemIndex) };
}

/** GET /leads/{id}/meetings?status=…: newest first, one item per meeting (docs/nexor-api.md §Leads.Meetings). */
export async function send(this: IExecuteFunctions, query: MeetingsQuery, itemIndex: number, run: Run): Promise<IDataObject[]> {
	const response = await apiRequest(run, nexorApi, {
		method: 'GET',
		path: `/leads/${query.leadId}/meetings`,
		qs: query.statuses.length ? { status: query.statuses.join(',') } : undefined,
		itemIndex,
		expect: listAt('meetings', 'the lead’s meetings ("meetings")'),
		explain: notFound('lead', query.leadId),
	});
	return firstOf(listIn(response, 'meetings'), query.wanted);
}
