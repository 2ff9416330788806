import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest } from '../../../shared/transport';
import type { Run } from '../../../shared/types';
import type { ContactRef } from '../../helpers/contactPath';
import { contactLabel, contactOf } from '../../helpers/contactPath';
import { emptyAnswer } from '../../helpers/answers';
import { rdStationOAuth2Api } from '../../provider';
import { contactIdentifierProperties } from '../common.descriptions';

const displayOptions = { show: { resource: ['contact'], operation: ['delete'] } };

export const description = updateDisplayOptions(displayOptions, contactIdentifierProperties);

export function prepare(this: IExecuteFunctions, itemIndex: number): ContactRef {
	return contactOf(this, itemIndex);
}

/**
 * DELETE /platform/contacts/{email|uuid}:{value}. RD answers with no content
 * (204, or 200 with an empty body or `{}`: its status is not documented,
 * docs/rdstation-api.md §Contacts); the output says which contact is gone.
 */
export async function send(this: IExecuteFunctions, contact: ContactRef, itemIndex: number, run: Run): Promise<IDataObject> {
	await apiRequest(run, rdStationOAuth2Api, {
		method: 'DELETE',
		path: contact.path,
		itemIndex,
		expect: emptyAnswer('nothing, or an empty object (the contact deleted)'),
		explain: (failure) =>
			failure.statusCode === 404 ? `RD Station has no contact ${contactLabel(contact)}: nothing was deleted (${failure.message})` : undefined,
	});
	return { deleted: true, [contact.identifier]: contact.value };
}
