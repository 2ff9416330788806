import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { header } from '../shared/http';
import type { Headers } from '../shared/types';
import { envelopeOf, itemOf } from './deliveries';
import { checkSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature';
import { firstDelivery } from './startedEvents';

/**
 * The trigger's webhook(): a delivery whose signature does not match is
 * refused (401), one that is no Nexor envelope too (400, which Nexor does not
 * retry); an event not chosen, a test delivery to ignore and an event
 * started before are acknowledged (200) and start nothing; anything else
 * starts the workflow with the envelope as its item.
 */
export async function receive(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = context.getRequestObject();
	const headers = context.getHeaderData() as Headers;
	const refuse = (status: number, error: string): IWebhookResponseData => {
		const response = context.getResponseObject();
		response.writeHead(status, { 'content-type': 'application/json' });
		response.end(JSON.stringify({ error }));
		return { noWebhookResponse: true };
	};

	const verify = context.getNodeParameter('verifySignature', true) === true;
	if (verify) {
		const secret = (await context.getCredentials('nexorApi')).webhookSigningSecret;
		// n8n keeps the body's bytes as they arrived (`rawBody`): the signature is over those, not over re-serialised JSON.
		const raw: unknown = request.rawBody;
		const check =
			typeof secret !== 'string' || !secret.trim()
				? ({ valid: false, reason: 'the credential has no Webhook Signing Secret' } as const)
				: !Buffer.isBuffer(raw) && typeof raw !== 'string'
					? ({ valid: false, reason: 'n8n kept no raw body for this delivery' } as const)
					: checkSignature(Buffer.isBuffer(raw) ? raw : Buffer.from(raw), { signature: header(headers, SIGNATURE_HEADER), timestamp: header(headers, TIMESTAMP_HEADER) }, secret);
		if (!check.valid) {
			context.logger.warn(`Nexor Trigger refused a delivery (401): ${check.reason}`, { node: context.getNode().name });
			return refuse(401, `Signature check failed: ${check.reason}`);
		}
	}

	const read = envelopeOf(context.getBodyData());
	// Not retried by Nexor (a 4xx other than 429): a malformed delivery would fail again.
	if ('problem' in read) return refuse(400, `Not a Nexor delivery: ${read.problem}`);
	const { envelope } = read;

	const events = context.getNodeParameter('events', []) as string[];
	if (events.length > 0 && !events.includes(envelope.event_type)) {
		return { webhookResponse: { received: true, started: false, reason: `event "${envelope.event_type}" not chosen in this trigger` } };
	}
	const options = context.getNodeParameter('options', {}) as IDataObject;
	if (envelope.test === true && options.ignoreTestDeliveries === true) {
		return { webhookResponse: { received: true, started: false, reason: 'test delivery (Ignore Test Deliveries)' } };
	}
	if (!firstDelivery(context, envelope.event_id)) {
		return { webhookResponse: { received: true, started: false, reason: `event ${envelope.event_id} was received before (a retry)` } };
	}
	return {
		webhookResponse: { received: true, started: true, event_id: envelope.event_id },
		workflowData: [context.helpers.returnJsonArray(itemOf(envelope, verify ? 'verified' : 'not checked'))],
	};
}
