import type {
	IExecuteFunctions,
	IHookFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { EVENTS } from './deliveries';
import { receive } from './receive';
import { startedOnce } from './startedEvents';

/*
 * Nexor's webhook subscriptions are made in its dashboard, not through its
 * API (docs/nexor-api.md §Webhooks): this trigger shows its URL and which
 * events to pick there, checks each delivery's signature with the secret the
 * user pasted into the credential, and starts the workflow once per event
 * (receive.ts, startedEvents.ts).
 */

export class NexorTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Nexor Trigger',
		name: 'nexorTrigger',
		icon: { light: 'file:../Nexor/nexor.svg', dark: 'file:../Nexor/nexor.dark.svg' },
		// The editor opens this address as it is (a codex link gets tracking parameters after its #, losing the heading).
		documentationUrl: 'https://github.com/n8n-nodes-lead-conversions/n8n-nodes-lead-conversions#nexor-trigger',
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).join(", ") || "every event" }}',
		description: 'Starts the workflow when Nexor sends a meeting event or a lead’s workflow status changes',
		defaults: { name: 'Nexor Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'nexorApi', required: true, displayOptions: { show: { verifySignature: [true] } } }],
		// responseData '' (not left out): n8n answers an onReceived webhook with the description's responseData
		// when it has one, and a missing one reads as the literal text "firstEntryJson" (seen in 2.41.1); an empty
		// one lets n8n send the webhookResponse that webhook() returns (JSON saying whether a run started).
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path: 'webhook' }],
		triggerPanel: {
			header: 'Add this workflow’s URL as a webhook in Nexor',
			executionsHelp: {
				inactive:
					'Nexor sends to one URL per webhook. For a test, add the <b>Test URL</b> above as a webhook in Nexor (Settings → Integrations → Webhooks), click "Listen for test event" and send a test from Nexor. Once it works, publish the workflow and change the webhook in Nexor to the <b>Production URL</b>. A test run always shows the event and does not count it as received: the published workflow still runs for it.',
				active:
					'The workflow runs once for each event Nexor sends to the <b>Production URL</b> above. Nexor’s retries and repeats of an event, after an n8n restart too, are acknowledged and run nothing after this node (n8n’s database keeps the events; a repeat that arrives while the first run is still going may show as a run that stops at this node). A delivery whose signature does not match is refused and starts nothing. In queue mode, when two n8n processes record events at the same moment, an event can run twice (rare; see the README).',
			},
			activationHint: 'Publish the workflow, then add its Production URL as a webhook in Nexor (Settings → Integrations → Webhooks).',
		},
		properties: [
			{
				displayName:
					'Nexor has no API for webhooks: in Nexor, go to Settings → Integrations → Webhooks, add a webhook with this node’s Production URL (under "Webhook URLs" above), choose the same events as below, and paste the signing secret Nexor shows once into the "Webhook Signing Secret" of the credential.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: EVENTS,
				default: ['meeting.scheduled'],
				description: 'The events that start the workflow; choose the same in Nexor. Other deliveries are acknowledged and start nothing. None chosen: every event.',
			},
			{
				displayName: 'Verify Signature',
				name: 'verifySignature',
				type: 'boolean',
				default: true,
				description:
					'Whether to refuse (401) every delivery whose X-Nexor-Signature does not match the signing secret in the credential. Off, anyone who knows the URL can start the workflow.',
			},
			{
				displayName:
					'Without signature checks, anyone who knows this URL can start the workflow. Turn it off only to find out what Nexor sends, and on again after.',
				name: 'unverifiedNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { verifySignature: [false] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Ignore Test Deliveries',
						name: 'ignoreTestDeliveries',
						type: 'boolean',
						default: false,
						description:
							'Whether deliveries Nexor marks as tests ("Send test" in its dashboard) start nothing. Off, they start the workflow with test: true.',
					},
				],
			},
		],
	};

	/*
	 * Nothing to register in Nexor (no API): activation only checks that
	 * the credential holds a signing secret when signatures are verified,
	 * so that a missing secret fails the activation with a clear message
	 * rather than every delivery later.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				if (this.getNodeParameter('verifySignature', true) !== true) return true;
				const credentials = await this.getCredentials('nexorApi');
				if (typeof credentials.webhookSigningSecret !== 'string' || !credentials.webhookSigningSecret.trim()) {
					throw new NodeOperationError(this.getNode(), 'The "Nexor API" credential has no Webhook Signing Secret', {
						description:
							'Paste the signing secret Nexor showed when you added the webhook (Settings → Integrations → Webhooks) into the credential, or turn off "Verify Signature".',
					});
				}
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receive(this);
	}

	/*
	 * Run by n8n in the execution that webhook() started (n8n-core runs a
	 * node's `execute` before its `webhook`), on whichever process runs it:
	 * records the event in n8n's deduplication store, which webhook code has
	 * no access to (startedEvents.ts).
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await startedOnce(this);
	}
}
