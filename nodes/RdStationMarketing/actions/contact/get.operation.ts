import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { textAt } from '../../../shared/expect';
import type { Run } from '../../../shared/types';
import { apiRequest } from '../../../shared/transport';
import { rdStationOAuth2Api } from '../../provider';
import { contactPath, identifierProperties } from './contactPath';

const displayOptions = { show: { resource: ['contact'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, identifierProperties);

export function prepare(this: IExecuteFunctions, itemIndex: number): string {
	return contactPath(this, itemIndex);
}

export async function send(this: IExecuteFunctions, path: string, itemIndex: number, run: Run): Promise<IDataObject> {
	return await apiRequest(run, rdStationOAuth2Api, {
		method: 'GET',
		path,
		itemIndex,
		expect: textAt('uuid', 'the contact ("uuid")'),
	});
}
