import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import type { Run } from '../../../shared/types';
import { definedOnly, failItem, optionalEmail, parseItemInput } from '../../../shared/validation';
import { contactLimitedRequest, FUNNEL_CALLS } from '../../helpers/contactLimits';
import type { ContactRef } from '../../helpers/contactPath';
import { contactOf } from '../../helpers/contactPath';
import { booleanOrText } from '../../helpers/eventFields';
import { FUNNEL_ANSWER, funnelPathOf, LIFECYCLE_STAGES, NO_OWNER } from '../../helpers/funnel';
import { contactIdentifierProperties } from '../common.descriptions';

const properties: INodeProperties[] = [
	...contactIdentifierProperties,
	{
		displayName: 'Update Fields',
		name: 'funnelFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'What to change in the contact’s default funnel. Fit and interest are RD’s own scores: Get Funnel reads them, nothing writes them.',
		options: [
			{
				displayName: 'Clear Contact Owner',
				name: 'clearOwner',
				type: 'boolean',
				default: false,
				description: 'Whether to remove the contact’s owner',
			},
			{
				displayName: 'Contact Owner Email',
				name: 'ownerEmail',
				type: 'string',
				placeholder: 'seller@company.com',
				default: '',
				description: 'Email of the RD Station user who owns the contact',
			},
			{
				displayName: 'Lifecycle Stage',
				name: 'lifecycleStage',
				type: 'options',
				options: LIFECYCLE_STAGES.map((stage) => ({ name: stage, value: stage })),
				default: 'Lead',
			},
			{
				displayName: 'Opportunity',
				name: 'opportunity',
				type: 'boolean',
				default: true,
				description: 'Whether the contact is an opportunity',
			},
		],
	},
];

const displayOptions = { show: { resource: ['contact'], operation: ['updateFunnel'] } };

export const description = updateDisplayOptions(displayOptions, properties);

const schema = z.object({
	lifecycle_stage: z.enum(LIFECYCLE_STAGES, { errorMap: () => ({ message: `one of ${LIFECYCLE_STAGES.join(', ')}` }) }).optional(),
	opportunity: booleanOrText(),
	contact_owner_email: optionalEmail,
	clear_owner: booleanOrText(),
});

const labels = {
	lifecycle_stage: 'Lifecycle Stage',
	opportunity: 'Opportunity',
	contact_owner_email: 'Contact Owner Email',
	clear_owner: 'Clear Contact Owner',
};

interface FunnelUpdate {
	contact: ContactRef;
	body: IDataObject;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): FunnelUpdate {
	const node = this.getNode();
	const fields = this.getNodeParameter('funnelFields', itemIndex, {}) as IDataObject;
	const { clear_owner: clearOwner, ...changes } = parseItemInput(
		node,
		schema,
		{ lifecycle_stage: fields.lifecycleStage, opportunity: fields.opportunity, contact_owner_email: fields.ownerEmail, clear_owner: fields.clearOwner },
		labels,
		itemIndex,
	);
	if (clearOwner && changes.contact_owner_email) {
		failItem(node, ['Contact Owner Email: expected no owner when "Clear Contact Owner" is on, got both'], itemIndex);
	}
	const body = definedOnly({ ...changes, ...(clearOwner ? { contact_owner_email: NO_OWNER } : {}) });
	if (Object.keys(body).length === 0) {
		failItem(node, ['Update Fields: expected at least one of Lifecycle Stage, Opportunity, Contact Owner Email or Clear Contact Owner, got none'], itemIndex);
	}
	return { contact: contactOf(this, itemIndex), body };
}

/**
 * PUT …/funnels/default with the fields to change; RD answers with the
 * funnel (docs/rdstation-api.md §Funnel). 24 per contact in 24 hours.
 */
export async function send(this: IExecuteFunctions, { contact, body }: FunnelUpdate, itemIndex: number, run: Run): Promise<IDataObject> {
	return await contactLimitedRequest(run, { method: 'PUT', path: funnelPathOf(contact), body, itemIndex, expect: FUNNEL_ANSWER }, FUNNEL_CALLS, contact);
}
