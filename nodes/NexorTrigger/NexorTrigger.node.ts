import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { envelopeOf, EVENTS, firstDelivery, itemOf } from './deliveries';
import { checkSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature';

/*
 * Nexor's webhook subscriptions are made in its dashboard, not through its
 * API (docs/nexor-api.md §Webhooks): this trigger shows its URL and which
 * events to pick there, checks each delivery's signature with the secret the
 * user pasted into the credential, and starts the workflow once per event.
 */

const header = (headers: IDataObject, name: string) => {
	const value = headers[name];
	return Array.isArray(value) ? String(value[0]) : typeof value === 'string' ? value : undefined;
};

export class NexorTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Nexor Trigger',
		name: 'nexorTrigger',
		icon: { light: 'file:../Nexor/nexor.svg', dark: 'file:../Nexor/nexor.dark.svg' },
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
					'Nexor sends to one URL per webhook. For a test, add the <b>Test URL</b> above as a webhook in Nexor (Settings → Integrations → Webhooks), click "Listen for test event" and send a test from Nexor. Once it works, publish the workflow and change the webhook in Nexor to the <b>Production URL</b>.',
				active:
					'The workflow runs for every delivery from Nexor to the <b>Production URL</b> above. A delivery whose signature does not match is refused and starts nothing; Nexor’s retries of an event start nothing again.',
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
		const request = this.getRequestObject();
		const headers = this.getHeaderData() as IDataObject;
		const refuse = (status: number, error: string): IWebhookResponseData => {
			const response = this.getResponseObject();
			response.writeHead(status, { 'content-type': 'application/json' });
			response.end(JSON.stringify({ error }));
			return { noWebhookResponse: true };
		};

		const verify = this.getNodeParameter('verifySignature', true) === true;
		if (verify) {
			const secret = (await this.getCredentials('nexorApi')).webhookSigningSecret;
			// n8n keeps the body's bytes as they arrived (`rawBody`): the signature is over those, not over re-serialised JSON.
			const raw: unknown = request.rawBody;
			const check =
				typeof secret !== 'string' || !secret.trim()
					? ({ valid: false, reason: 'the credential has no Webhook Signing Secret' } as const)
					: !Buffer.isBuffer(raw) && typeof raw !== 'string'
						? ({ valid: false, reason: 'n8n kept no raw body for this delivery' } as const)
						: checkSignature(Buffer.isBuffer(raw) ? raw : Buffer.from(raw), { signature: header(headers, SIGNATURE_HEADER), timestamp: header(headers, TIMESTAMP_HEADER) }, secret);
			if (!check.valid) {
				this.logger.warn(`Nexor Trigger refused a delivery (401): ${check.reason}`, { node: this.getNode().name });
				return refuse(401, `Signature check failed: ${check.reason}`);
			}
		}

		const read = envelopeOf(this.getBodyData());
		// Not retried by Nexor (a 4xx other than 429): a malformed delivery would fail again.
		if ('problem' in read) return refuse(400, `Not a Nexor delivery: ${read.problem}`);
		const { envelope } = read;

		const events = this.getNodeParameter('events', []) as string[];
		if (events.length > 0 && !events.includes(envelope.event_type)) {
			return { webhookResponse: { received: true, started: false, reason: `event "${envelope.event_type}" not chosen in this trigger` } };
		}
		const options = this.getNodeParameter('options', {}) as IDataObject;
		if (envelope.test === true && options.ignoreTestDeliveries === true) {
			return { webhookResponse: { received: true, started: false, reason: 'test delivery (Ignore Test Deliveries)' } };
		}
		const scope = `${this.getWorkflow().id ?? ''}:${this.getNode().id}`;
		if (!firstDelivery(this.getWorkflowStaticData('node'), scope, envelope.event_id)) {
			return { webhookResponse: { received: true, started: false, reason: `event ${envelope.event_id} was received before (a retry)` } };
		}
		return {
			webhookResponse: { received: true, started: true, event_id: envelope.event_id },
			workflowData: [this.helpers.returnJsonArray(itemOf(envelope, verify ? 'verified' : 'not checked'))],
		};
	}
}
