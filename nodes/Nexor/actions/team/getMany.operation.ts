import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listAt } from '../../../shared/expect';
import { returnAllOrLimit, wantedCount } from '../../../shared/resource';
import type { Run } from '../../../shared/types';
import { apiRequest } from '../../../shared/transport';
import { firstOf } from '../../../shared/paging';
import { listIn } from '../../helpers/answers';
import { nexorApi } from '../../provider';

const displayOptions = { show: { resource: ['team'], operation: ['getMany'] } };

export const description = updateDisplayOptions(displayOptions, [...returnAllOrLimit]);

/** How many members to return (Infinity for all). */
export function prepare(this: IExecuteFunctions, itemIndex: number): number {
	return wantedCount(this, itemIndex);
}

/** GET /team → { success, team: [{ id, name, email, external_id }] }: active members, one item each (docs/nexor-api.md §Team). */
export async function send(this: IExecuteFunctions, wanted: number, itemIndex: number, run: Run): Promise<IDataObject[]> {
	const response = await apiRequest(run, nexorApi, {
		method: 'GET',
		path: '/team',
		itemIndex,
		expect: listAt('team', 'the team ("team")'),
	});
	return firstOf(listIn(response, 'team'), wanted);
}
