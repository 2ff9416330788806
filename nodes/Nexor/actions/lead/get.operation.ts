import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { Expectation, Run } from '../../../shared/types';
import { apiRequest } from '../../../shared/transport';
import { notFound } from '../../helpers/explain';
import { uuidSegment } from '../../helpers/ids';
import { nexorApi } from '../../provider';
import { leadIdProperty } from '../common.descriptions';

const displayOptions = { show: { resource: ['lead'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, [leadIdProperty]);

const hasId = (value: unknown) => !!value && typeof value === 'object' && typeof (value as IDataObject).id === 'string';

/*
 * GET /leads/{id} answers { success, lead, variables } (docs/nexor-api.md
 * §Leads.Get); an older page shows the lead itself: both are read.
 */
const leadAnswer: Expectation = {
	what: 'the lead (a "lead" with an "id")',
	accepts: (body) => !!body && typeof body === 'object' && (body as IDataObject).success !== false && (hasId((body as IDataObject).lead) || hasId(body)),
};

export function prepare(this: IExecuteFunctions, itemIndex: number): string {
	return uuidSegment(this, this.getNodeParameter('leadId', itemIndex, ''), 'Lead ID', itemIndex);
}

/** The lead, with its workflow run, status, tags and campaign; its captured variables under "variables". */
export async function send(this: IExecuteFunctions, leadId: string, itemIndex: number, run: Run): Promise<IDataObject> {
	const response = await apiRequest(run, nexorApi, {
		method: 'GET',
		path: `/leads/${leadId}`,
		itemIndex,
		expect: leadAnswer,
		explain: notFound('lead', leadId),
	});
	if (!hasId(response.lead)) return response;
	const lead = { ...(response.lead as IDataObject) };
	if (response.variables !== undefined) lead.variables = response.variables;
	return lead;
}
