import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { FaultConfig } from './faults';
import { FaultInjector } from './faults';
import { NATEQ_KEY, NateqStore, nateqHandler } from './nateq';
import { NEXOR_KEY, NexorStore, nexorHandler } from './nexor';
import { OPENAI_KEY, OpenAiStore, openAiHandler } from './openai';
import { RD_KEY, RD_SANDBOX_APP, RdStore, rdHandler } from './rdstation';
import type {
	JournalEntry,
	ProviderHandler,
	ProviderName,
	SandboxRequest,
	SandboxResponse,
	ScriptedResponse,
} from './types';

export interface SandboxOptions {
	/** 0 (default) picks a free port. */
	port?: number;
	host?: string;
	/** Delay before every answer, in milliseconds. */
	latencyMs?: number;
	faults?: FaultConfig;
}

export const SANDBOX_KEYS = { nexor: NEXOR_KEY, nateq: NATEQ_KEY, rdstation: RD_KEY, openai: OPENAI_KEY };

/**
 * A local stand-in for the Nexor, Nateq and RD Station APIs on loopback,
 * following the contracts in docs/ (nexor-api, nateq-api, rdstation-api), and a scripted model speaking
 * OpenAI's Chat Completions (openai.ts) for n8n's AI Agent. Each provider lives under its own prefix
 * (`/nexor`, `/nateq`, `/rdstation`, `/openai/v1`), which is the Base URL credentials use.
 */
export class Sandbox {
	readonly stores = { nexor: new NexorStore(), nateq: new NateqStore(), rdstation: new RdStore(), openai: new OpenAiStore() };

	readonly journal: JournalEntry[] = [];

	/** Every request as it arrived (before latency and answer): what reached the server, and when. */
	readonly arrivals: Array<{ provider: ProviderName; method: string; path: string; body: unknown; at: number }> = [];

	latencyMs: number;

	/** Requests being handled right now, and the most seen at once. */
	inFlight = 0;

	maxInFlight = 0;

	private rateLimitRetryAfter = 1;

	/** Injected faults (see faults.ts); replace with `injectFaults`. */
	faults?: FaultInjector;

	private scripted: ScriptedResponse[] = [];

	private readonly handlers: Record<ProviderName, ProviderHandler>;

	private server?: Server;

	private readonly options: SandboxOptions;

	constructor(options: SandboxOptions = {}) {
		this.options = options;
		this.latencyMs = options.latencyMs ?? 0;
		if (options.faults) this.faults = new FaultInjector(options.faults);
		this.handlers = {
			nexor: nexorHandler(this.stores.nexor),
			nateq: nateqHandler(this.stores.nateq),
			rdstation: rdHandler(this.stores.rdstation),
			openai: openAiHandler(this.stores.openai),
		};
	}

	get url(): string {
		const address = this.server?.address() as AddressInfo | null;
		if (!address) throw new Error('The sandbox is not running');
		return `http://${this.options.host ?? '127.0.0.1'}:${address.port}`;
	}

	baseUrl(provider: ProviderName): string {
		// OpenAI's Base URL carries its API version, as n8n's OpenAI credential expects.
		return provider === 'openai' ? `${this.url}/openai/v1` : `${this.url}/${provider}`;
	}

	/**
	 * An RD Station Marketing OAuth2 credential's data for this sandbox: its app, its URLs and, unless
	 * `connected` is false, tokens it has just issued (as n8n holds them once "Connect my account" completed).
	 */
	rdOAuthCredentialData(connected = true) {
		const base = this.baseUrl('rdstation');
		return {
			clientId: RD_SANDBOX_APP.clientId,
			clientSecret: RD_SANDBOX_APP.clientSecret,
			authUrl: `${base}/auth/dialog`,
			accessTokenUrl: `${base}/auth/token?token_by=code`,
			baseUrl: base,
			...(connected && { oauthTokenData: this.stores.rdstation.issueTokens() }),
		};
	}

	async start(): Promise<this> {
		this.server = createServer((request, response) => void this.handle(request, response));
		await new Promise<void>((resolve, reject) => {
			this.server!.once('error', reject);
			this.server!.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', resolve);
		});
		return this;
	}

	async stop(): Promise<void> {
		// Nexor's webhook retries still pending would outlive the sandbox.
		this.stores.nexor.webhooks.close();
		if (!this.server) return;
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
		this.server = undefined;
	}

	/** Starts injecting faults (deterministic for the seed); `undefined` stops. */
	injectFaults(config: FaultConfig | undefined): FaultInjector | undefined {
		this.faults = config ? new FaultInjector(config) : undefined;
		return this.faults;
	}

	/** Answer the next matching request(s) with a chosen response, e.g. 429 with Retry-After. */
	script(response: ScriptedResponse): void {
		this.scripted.push({ times: 1, ...response });
	}

	/** Requests received by one provider, optionally of one method and path. */
	requests(provider: ProviderName, method?: string, path?: string | RegExp): JournalEntry[] {
		return this.journal.filter(
			(entry) =>
				entry.provider === provider &&
				(method === undefined || entry.method === method) &&
				(path === undefined || (typeof path === 'string' ? entry.path === path : path.test(entry.path))),
		);
	}

	clearJournal(): void {
		this.journal.length = 0;
	}

	private takeScripted(provider: ProviderName, request: SandboxRequest): ScriptedResponse | undefined {
		const index = this.scripted.findIndex(
			(entry) =>
				(entry.provider === undefined || entry.provider === provider) &&
				(entry.method === undefined || entry.method === request.method) &&
				(entry.match === undefined || entry.match(request.body)) &&
				(entry.path === undefined ||
					(typeof entry.path === 'string' ? entry.path === request.path : entry.path.test(request.path))),
		);
		if (index === -1) return undefined;
		const entry = this.scripted[index];
		entry.times = (entry.times ?? 1) - 1;
		if (entry.times <= 0) this.scripted.splice(index, 1);
		return entry;
	}

	private faultFor(provider: ProviderName, request: SandboxRequest): string | undefined {
		const faults = this.faults;
		if (!faults || !faults.applies(provider, request.method)) return undefined;
		const key = `${provider}:${request.headers['x-api-key'] ?? request.headers.authorization ?? request.query.api_key ?? ''}`;
		const waitSeconds = faults.overRateLimit(key);
		if (waitSeconds !== undefined) {
			this.rateLimitRetryAfter = waitSeconds;
			return 'rateLimited';
		}
		const decision = faults.decide();
		return decision === 'none' ? undefined : decision;
	}

	/** A 429 in each provider's own error format. */
	private tooManyRequests(provider: ProviderName, retryAfterSeconds: number): SandboxResponse {
		const headers = { 'retry-after': String(retryAfterSeconds) };
		const message = 'Too many requests';
		if (provider === 'nateq') {
			return { status: 429, headers, body: { success: false, error: { code: 'RATE_LIMIT_EXCEEDED', message, details: null } } };
		}
		if (provider === 'rdstation') {
			return { status: 429, headers, body: { errors: { error_type: 'TOO_MANY_REQUESTS', error_message: message } } };
		}
		return { status: 429, headers, body: { error: 'Too Many Requests', message } };
	}

	private async handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of incoming) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks).toString('utf8');
		const url = new URL(incoming.url ?? '/', 'http://sandbox');
		const [, prefix, ...rest] = url.pathname.split('/');
		const provider = prefix as ProviderName;
		let body: unknown = undefined;
		if (rawBody) {
			try {
				body = JSON.parse(rawBody);
			} catch {
				body = rawBody;
			}
		}
		const request: SandboxRequest = {
			method: incoming.method ?? 'GET',
			path: `/${rest.join('/')}`,
			query: Object.fromEntries(url.searchParams),
			headers: incoming.headers,
			body,
			rawBody,
		};

		if (prefix === '_sandbox' && request.method === 'GET' && request.path === '/requests') {
			// What reached the sandbox, for a person checking it (say, nothing under n8n's SSRF protection):
			// provider, method and path only (no headers, query or body: the keys stay out).
			const requests = this.arrivals.map((entry) => ({ provider: entry.provider, method: entry.method, path: entry.path, at: new Date(entry.at).toISOString() }));
			outgoing.writeHead(200, { 'content-type': 'application/json' });
			outgoing.end(JSON.stringify({ count: requests.length, requests }));
			return;
		}
		this.arrivals.push({ provider, method: request.method, path: request.path, body, at: Date.now() });
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		try {
			await this.answer(incoming, outgoing, provider, prefix, request, body);
		} finally {
			this.inFlight--;
		}
	}

	private async answer(
		incoming: IncomingMessage,
		outgoing: ServerResponse,
		provider: ProviderName,
		prefix: string,
		request: SandboxRequest,
		body: unknown,
	): Promise<void> {
		if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));

		const handler = this.handlers[provider] as ProviderHandler | undefined;
		const scripted = handler ? this.takeScripted(provider, request) : undefined;
		if (scripted?.reset) {
			this.journal.push({ provider, ...request, status: 0, response: 'connection reset', at: Date.now() });
			incoming.socket.destroy();
			return;
		}
		const fault = scripted || !handler ? undefined : this.faultFor(provider, request);
		if (fault === 'reset') {
			this.journal.push({ provider, ...request, status: 0, response: 'connection reset (fault)', at: Date.now() });
			incoming.socket.destroy();
			return;
		}
		let answer: SandboxResponse;
		if (scripted) answer = { status: 200, ...scripted };
		else if (!handler) answer = { status: 404, body: { error: 'Not Found', message: `Unknown provider "${prefix}"` } };
		else if (fault === 'rateLimited') answer = this.tooManyRequests(provider, this.rateLimitRetryAfter);
		else if (fault === '429') answer = this.tooManyRequests(provider, this.faults!.config.retryAfterSeconds ?? 1);
		else if (fault === '503') {
			answer = { status: 503, headers: { 'retry-after': String(this.faults!.config.retryAfterSeconds ?? 1) }, body: { error: 'Service Unavailable', message: 'Try again later' } };
		} else {
			answer = handler(request);
			// The record exists, but the client is told the request failed.
			if (fault === 'processedThen500' && answer.status < 300) {
				answer = { status: 500, body: { error: 'Internal Server Error', message: 'Unexpected error' } };
			}
		}

		const headers: Record<string, string> = { 'content-type': 'application/json', ...answer.headers };
		if (provider === 'nateq') headers['x-request-id'] ??= `req_${randomUUID()}`;
		this.journal.push({
			provider,
			method: request.method,
			path: request.path,
			query: request.query,
			headers: request.headers,
			body,
			status: answer.status,
			response: answer.body,
			at: Date.now(),
		});
		outgoing.writeHead(answer.status, headers);
		outgoing.end(answer.raw ?? (answer.body === undefined ? '' : JSON.stringify(answer.body)));
	}
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	return await new Sandbox(options).start();
}
