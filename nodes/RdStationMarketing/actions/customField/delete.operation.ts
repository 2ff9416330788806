import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest } from '../../../shared/transport';
import type { Run } from '../../../shared/types';
import { pathSegment } from '../../../shared/validation';
import { emptyAnswer } from '../../helpers/answers';
import type { RdField } from '../../helpers/customFields';
import { customFieldOf, loadFieldList } from '../../helpers/customFields';
import { rdStationOAuth2Api } from '../../provider';
import { customFieldLocatorProperty } from '../common.descriptions';

const displayOptions = { show: { resource: ['customField'], operation: ['delete'] } };

export const description = updateDisplayOptions(displayOptions, [customFieldLocatorProperty]);

interface FieldDeletion {
	uuid: string;
	apiIdentifier: string;
}

/** Reads the account's fields: only custom ones may be deleted (RD's standard fields cannot be). */
export const load = loadFieldList;

export function prepare(this: IExecuteFunctions, itemIndex: number, fields: RdField[]): FieldDeletion {
	const field = customFieldOf(this, itemIndex, fields);
	return { uuid: pathSegment(this.getNode(), field.uuid, 'Field', itemIndex), apiIdentifier: field.api_identifier };
}

/** DELETE /platform/contacts/fields/{uuid}: no content back (docs/rdstation-api.md §Custom fields). */
export async function send(this: IExecuteFunctions, { uuid, apiIdentifier }: FieldDeletion, itemIndex: number, run: Run): Promise<IDataObject> {
	await apiRequest(run, rdStationOAuth2Api, {
		method: 'DELETE',
		path: `/platform/contacts/fields/${uuid}`,
		itemIndex,
		expect: emptyAnswer('nothing, or an empty object (the field deleted)'),
	});
	return { deleted: true, uuid: decodeURIComponent(uuid), api_identifier: apiIdentifier };
}
