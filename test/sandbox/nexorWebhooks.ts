import { createHmac, randomBytes, randomUUID } from 'node:crypto';

/*
 * Nexor's outbound webhooks in the sandbox (docs/nexor-api.md §Webhooks):
 * subscriptions made "in the dashboard" (a control endpoint, no API key),
 * signed JSON POSTs of the documented envelope, retried on a non-2xx or a
 * network error after 1, 5 and 30 minutes (shorter in tests), a new
 * delivery_id per attempt and the same event_id.
 */

/** How the sandbox signs (Nexor's own format is not confirmed: each plausible one, to prove the trigger reads them all). */
export type SignatureScheme = 'hex' | 'sha256=hex' | 'base64' | 'timestamped';

export interface NexorWebhook {
	id: string;
	name: string;
	url: string;
	/** Empty: every event. */
	events: string[];
	signing_secret: string;
	created_at: string;
}

export interface NexorDelivery {
	webhook_id: string;
	url: string;
	event_type: string;
	event_id: string;
	delivery_id: string;
	attempt: number;
	test: boolean;
	/** The subscriber's status, or the network error. */
	status: number | string;
	/** What the subscriber answered (its first 1,000 characters). */
	answer?: string;
	at: number;
}

export class WebhookDispatcher {
	readonly webhooks = new Map<string, NexorWebhook>();

	readonly deliveries: NexorDelivery[] = [];

	signatureScheme: SignatureScheme = 'hex';

	/** Nexor's delays: 1, 5, 30 minutes (then it gives up). Tests set milliseconds. */
	retryDelaysMs = [60_000, 300_000, 1_800_000];

	/** Every signature is made with this instead of the subscription's secret (a test of refused deliveries). */
	forgeWith?: string;

	/** Retries waiting for their delay, and what each sends. */
	private readonly timers = new Map<NodeJS.Timeout, () => void>();

	private readonly inFlight = new Set<Promise<void>>();

	register({ url, events = [], name, signing_secret }: { url: string; events?: string[]; name?: string; signing_secret?: string }): NexorWebhook {
		const webhook: NexorWebhook = {
			id: randomUUID(),
			name: name ?? `Webhook ${this.webhooks.size + 1}`,
			url,
			events,
			// Shown once, as Nexor does; a given one is a sandbox convenience (a fixture secret for `npm start`).
			signing_secret: signing_secret ?? `whsec_${randomBytes(24).toString('hex')}`,
			created_at: new Date().toISOString(),
		};
		this.webhooks.set(webhook.id, webhook);
		return webhook;
	}

	/** Sends `eventType` to every subscription that wants it; returns the event's ID. */
	emit(eventType: string, data: Record<string, unknown>, { test = false, eventId = randomUUID(), only }: { test?: boolean; eventId?: string; only?: string } = {}): string {
		for (const webhook of this.webhooks.values()) {
			if (only && webhook.id !== only) continue;
			if (webhook.events.length && !webhook.events.includes(eventType)) continue;
			this.attempt(webhook, { event_type: eventType, event_id: eventId, test, data }, 0);
		}
		return eventId;
	}

	/** The headers of a signed body, in the scheme chosen. */
	signatureHeaders(body: string, secret: string): Record<string, string> {
		const key = this.forgeWith ?? secret;
		const digest = (text: string) => createHmac('sha256', key).update(text).digest();
		switch (this.signatureScheme) {
			case 'sha256=hex':
				return { 'x-nexor-signature': `sha256=${digest(body).toString('hex')}` };
			case 'base64':
				return { 'x-nexor-signature': digest(body).toString('base64') };
			case 'timestamped': {
				const stamp = String(Math.floor(Date.now() / 1000));
				return { 'x-nexor-signature': `t=${stamp},v1=${digest(`${stamp}.${body}`).toString('hex')}` };
			}
			default:
				return { 'x-nexor-signature': digest(body).toString('hex') };
		}
	}

	private attempt(webhook: NexorWebhook, event: { event_type: string; event_id: string; test: boolean; data: unknown }, attempt: number) {
		const envelope = {
			event_type: event.event_type,
			event_id: event.event_id,
			webhook_id: webhook.id,
			delivery_id: randomUUID(),
			timestamp: new Date().toISOString(),
			client_id: 'client_sandbox',
			test: event.test,
			data: event.data,
		};
		const body = JSON.stringify(envelope);
		const record = (status: number | string, answer?: string) => {
			this.deliveries.push({ webhook_id: webhook.id, url: webhook.url, event_type: event.event_type, event_id: event.event_id, delivery_id: envelope.delivery_id, attempt, test: event.test, status, answer, at: Date.now() });
			const failed = typeof status !== 'number' || status < 200 || status >= 300;
			if (failed && attempt < this.retryDelaysMs.length) {
				const retry = () => {
					clearTimeout(timer);
					this.timers.delete(timer);
					this.attempt(webhook, event, attempt + 1);
				};
				const timer = setTimeout(retry, this.retryDelaysMs[attempt]);
				timer.unref();
				this.timers.set(timer, retry);
			}
		};
		const sending = fetch(webhook.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'user-agent': 'Nexor-Webhooks/sandbox', ...this.signatureHeaders(body, webhook.signing_secret) },
			body,
			signal: AbortSignal.timeout(30_000),
		})
			.then(async (response) => {
				const answer = (await response.text()).slice(0, 1000);
				record(response.status, answer);
			})
			.catch((error: Error) => record(error.message))
			.finally(() => this.inFlight.delete(sending));
		this.inFlight.add(sending);
	}

	/** Deliveries under way (for a test waiting for them). */
	async settled(): Promise<void> {
		while (this.inFlight.size) await Promise.all([...this.inFlight]);
	}

	/** Retries due later are sent now (a test does not wait Nexor's minutes); returns how many. */
	retryNow(): number {
		const due = [...this.timers.values()];
		for (const retry of due) retry();
		return due.length;
	}

	/** Pending retries are dropped (the sandbox stops). */
	close(): void {
		for (const timer of this.timers.keys()) clearTimeout(timer);
		this.timers.clear();
	}
}
