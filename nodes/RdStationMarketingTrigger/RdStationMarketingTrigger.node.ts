import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes } from 'n8n-workflow';

import { textAt } from '../shared/expect';
import { ExecutionRun } from '../shared/run';
import { apiRequest } from '../shared/transport';
import { pathSegment } from '../shared/validation';
import { rdStationOAuth2Api } from '../RdStationMarketing/provider';

const EVENT_TYPES: Record<string, string> = {
	converted: 'WEBHOOK.CONVERTED',
	markedOpportunity: 'WEBHOOK.MARKED_OPPORTUNITY',
};

/** What this workflow's subscription in RD must be. */
function subscriptionOf(context: IHookFunctions): IDataObject {
	const event = context.getNodeParameter('event') as string;
	const identifiers = String(context.getNodeParameter('conversionIdentifiers', '') ?? '')
		.split(',')
		.map((identifier) => identifier.trim())
		.filter(Boolean);
	const subscription: IDataObject = {
		event_type: EVENT_TYPES[event],
		entity_type: 'CONTACT',
		url: context.getNodeWebhookUrl('default'),
		http_method: 'POST',
		include_relations: context.getNodeParameter('includeRelations', []) as string[],
	};
	if (event === 'converted' && identifiers.length) subscription.event_identifiers = identifiers;
	return subscription;
}

const isNotFound = (error: unknown) => error instanceof NodeApiError && error.httpCode === '404';

/** The answer, or undefined when RD says the subscription does not exist (404); other errors pass on. */
async function unlessGone<T>(request: Promise<T>): Promise<T | undefined> {
	return await request.catch(async (error: unknown) => (isNotFound(error) ? undefined : await Promise.reject(error)));
}

export class RdStationMarketingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RD Station Marketing Trigger',
		name: 'rdStationMarketingTrigger',
		icon: { light: 'file:../RdStationMarketing/rdStation.svg', dark: 'file:../RdStationMarketing/rdStation.dark.svg' },
		// The editor opens this address as it is (a codex link gets tracking parameters after its #, losing the heading).
		documentationUrl: 'https://github.com/n8n-nodes-lead-conversions/n8n-nodes-lead-conversions#rd-station-marketing-trigger',
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description: 'Starts the workflow when a contact converts or becomes an opportunity in RD Station Marketing',
		defaults: { name: 'RD Station Marketing Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'rdStationMarketingOAuth2Api', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				options: [
					{ name: 'Contact Converted', value: 'converted', description: 'A contact sent a conversion (WEBHOOK.CONVERTED)' },
					{
						name: 'Contact Marked as Opportunity',
						value: 'markedOpportunity',
						description: 'A contact became an opportunity (WEBHOOK.MARKED_OPPORTUNITY)',
					},
				],
				default: 'converted',
			},
			{
				displayName: 'Conversion Identifiers',
				name: 'conversionIdentifiers',
				type: 'string',
				default: '',
				placeholder: 'newsletter-signup, demo-request',
				displayOptions: { show: { event: ['converted'] } },
				description: 'Only these conversions, comma-separated; empty for every conversion',
			},
			{
				displayName: 'Include',
				name: 'includeRelations',
				type: 'multiOptions',
				options: [
					{ name: 'Company', value: 'COMPANY' },
					{ name: 'Funnel', value: 'CONTACT_FUNNEL' },
				],
				default: [],
				description: 'Related data RD adds to each contact it sends',
			},
		],
	};

	webhookMethods = {
		default: {
			/** Whether RD still has this workflow's subscription, as it is set now. */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node');
				if (typeof staticData.webhookId !== 'string') return false;
				const run = ExecutionRun.forLookup(this);
				const id = pathSegment(this.getNode(), staticData.webhookId, 'Subscription ID', 0);
				const existing = await unlessGone(
					apiRequest(run, rdStationOAuth2Api, {
						method: 'GET',
						path: `/integrations/webhooks/${id}`,
						expect: textAt('uuid', 'the subscription ("uuid")'),
					}),
				);
				if (!existing) {
					delete staticData.webhookId;
					return false;
				}
				const wanted = subscriptionOf(this);
				return existing.url === wanted.url && existing.event_type === wanted.event_type;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const response = await apiRequest(ExecutionRun.forLookup(this), rdStationOAuth2Api, {
					method: 'POST',
					path: '/integrations/webhooks',
					body: subscriptionOf(this),
					expect: textAt('uuid', 'the new subscription ("uuid")'),
				});
				this.getWorkflowStaticData('node').webhookId = response.uuid;
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node');
				if (typeof staticData.webhookId !== 'string') return true;
				const id = pathSegment(this.getNode(), staticData.webhookId, 'Subscription ID', 0);
				// Already gone in RD (404): nothing left to remove.
				await unlessGone(
					apiRequest(ExecutionRun.forLookup(this), rdStationOAuth2Api, {
						method: 'DELETE',
						path: `/integrations/webhooks/${id}`,
						expect: { what: 'no content', accepts: () => true },
					}),
				);
				delete staticData.webhookId;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const body = this.getBodyData();
		return { workflowData: [this.helpers.returnJsonArray(body)] };
	}
}
