import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import type { Expectation, Run } from '../../../shared/types';
import { apiRequest } from '../../../shared/transport';
import { definedOnly, optionalText, optionalUuid, parseItemInput } from '../../../shared/validation';
import { isObject, withoutEnvelope } from '../../helpers/answers';
import { leadBatches, sendInBatchesProperty } from '../../helpers/bulkLeads';
import { notFound } from '../../helpers/explain';
import { idValue, uuidSegment } from '../../helpers/ids';
import { contactLabels, contactProperties, contactSchemaShape, leadMetadataProperties, readContact } from '../../helpers/leadBody';
import { nexorApi } from '../../provider';
import { campaignLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Lead Router ID',
		name: 'processorId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '123e4567-e89b-12d3-a456-426614174600',
		description:
			'UUID of the lead router (processor) in Nexor. Its rules, top to bottom, choose each lead’s workflow; a lead no rule matches goes to its default workflow.',
	},
	...contactProperties,
	{ displayName: 'Company', name: 'company', type: 'string', default: '' },
	{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'The lead’s job title' },
	{ displayName: 'Source', name: 'source', type: 'string', default: '', placeholder: 'api', description: 'Where the lead comes from; Nexor records "api" when empty' },
	campaignLocator('Campaign to tag the lead with'),
	...leadMetadataProperties,
	sendInBatchesProperty,
];

const displayOptions = { show: { resource: ['leadRouter'], operation: ['routeLeads'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** The same lead as POST /leads takes, but no workflow: the router picks it (docs/nexor-api.md §Processors). */
const leadSchema = z.object({
	...contactSchemaShape,
	company: optionalText,
	title: optionalText,
	source: optionalText,
	campaign_id: optionalUuid,
});

const labels: Record<string, string> = { ...contactLabels, company: 'Company', title: 'Title', source: 'Source', campaign_id: 'Campaign' };

interface RoutedLead {
	processorId: string;
	body: IDataObject;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): RoutedLead {
	const processorId = uuidSegment(this, this.getNodeParameter('processorId', itemIndex, ''), 'Lead Router ID', itemIndex);
	const parameter = (name: string) => this.getNodeParameter(name, itemIndex, '');
	const input = {
		...readContact(this, itemIndex),
		company: parameter('company'),
		title: parameter('title'),
		source: parameter('source'),
		campaign_id: idValue(this, 'campaignId', itemIndex),
	};
	const body = definedOnly(parseItemInput(this.getNode(), leadSchema, input, labels, itemIndex));
	// An empty metadata object says nothing: left out.
	if (body.metadata && Object.keys(body.metadata).length === 0) delete body.metadata;
	return { processorId, body };
}

/*
 * The answer to a routed lead is not documented. Read as POST /leads's
 * ({ success, lead, workflow_run }, perhaps with the rule that matched), or
 * the lead itself.
 */
const routedAnswer: Expectation = {
	what: 'the routed lead (a "lead" with an "id")',
	accepts: (body) =>
		isObject(body) && body.success !== false && ((isObject(body.lead) && typeof body.lead.id === 'string') || typeof body.id === 'string'),
};

/** One lead to the router: the lead, and whatever Nexor says of its routing. */
export async function send(this: IExecuteFunctions, { processorId, body }: RoutedLead, itemIndex: number, run: Run): Promise<IDataObject> {
	const response = await apiRequest(run, nexorApi, {
		method: 'POST',
		path: `/processors/${processorId}/leads`,
		body,
		itemIndex,
		expect: routedAnswer,
		explain: notFound('lead router', processorId),
	});
	return isObject(response.lead) ? withoutEnvelope(response) : { lead: response };
}

export const createdId = (output: IDataObject) => (output.lead as IDataObject | undefined)?.id;

/** "Send in Batches": up to 1,000 leads per request to each router (docs/nexor-api.md §Leads.Bulk). */
export const batch = leadBatches<RoutedLead>({
	bodyOf: (routed) => routed.body,
	pathOf: (routed) => `/processors/${routed.processorId}/leads`,
	sendOne: async (context, routed, itemIndex, run) => await send.call(context, routed, itemIndex, run),
	explain: (routed) => notFound('lead router', routed.processorId),
	outputOf: (lead, entry) => ({ ...entry, lead }),
});
