import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { Run } from '../../../shared/types';
import { FUNNEL_ANSWER, funnelPathOf } from '../../helpers/funnel';
import { contactLimitedRequest, FUNNEL_CALLS } from '../../helpers/contactLimits';
import type { ContactRef } from '../../helpers/contactPath';
import { contactOf } from '../../helpers/contactPath';
import { contactIdentifierProperties } from '../common.descriptions';

const displayOptions = { show: { resource: ['contact'], operation: ['getFunnel'] } };

export const description = updateDisplayOptions(displayOptions, contactIdentifierProperties);

export function prepare(this: IExecuteFunctions, itemIndex: number): ContactRef {
	return contactOf(this, itemIndex);
}

/**
 * GET …/funnels/default: the contact's lifecycle stage, opportunity, owner,
 * fit and interest (docs/rdstation-api.md §Funnel); 24 per contact in 24 hours.
 */
export async function send(this: IExecuteFunctions, contact: ContactRef, itemIndex: number, run: Run): Promise<IDataObject> {
	return await contactLimitedRequest(run, { method: 'GET', path: funnelPathOf(contact), itemIndex, expect: FUNNEL_ANSWER }, FUNNEL_CALLS, contact);
}
