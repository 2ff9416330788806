import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { textAt } from '../../../shared/expect';
import { apiRequest } from '../../../shared/transport';
import type { Run } from '../../../shared/types';
import { contactPath } from '../../helpers/contactPath';
import { rdStationOAuth2Api } from '../../provider';
import { contactIdentifierProperties } from '../common.descriptions';

const displayOptions = { show: { resource: ['contact'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, contactIdentifierProperties);

export function prepare(this: IExecuteFunctions, itemIndex: number): string {
	return contactPath(this, itemIndex);
}

/** GET /platform/contacts/{email|uuid}:{value} (docs/rdstation-api.md §Contacts). */
export async function send(this: IExecuteFunctions, path: string, itemIndex: number, run: Run): Promise<IDataObject> {
	return await apiRequest(run, rdStationOAuth2Api, {
		method: 'GET',
		path,
		itemIndex,
		expect: textAt('uuid', 'the contact ("uuid")'),
	});
}
