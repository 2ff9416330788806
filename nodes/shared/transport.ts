import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { pacerFor } from './pacing';
import { redactText, redactValue } from './redact';
import type { RequestPolicy } from './requestPolicy';
import { runStateOf } from './requestPolicy';

/** What the shared transport needs to know about one provider's API. */
export interface ApiProvider {
	/** Shown in messages: "Nexor", "Nateq", "RD Station". */
	displayName: string;
	credentialType: string;
	defaultBaseUrl: string;
	/** Query parameters that carry a secret and must never be shown. */
	secretQueryParameters?: string[];
	/** Reads the provider's error body into one readable message (and a code, when it has one). */
	parseError(body: unknown): { message?: string; code?: string };
	/**
	 * A clearer message for a status that means something specific for this
	 * provider and request (a wrong key, an already converted lead…).
	 */
	explainStatus?(failure: ApiFailure, credentials: IDataObject): string | undefined;
}

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the credential's Base URL, starting with `/`. */
	path: string;
	body?: IDataObject | IDataObject[];
	qs?: IDataObject;
	/** The input item this request serves; errors carry it. */
	itemIndex?: number;
	/** A clearer message for a failure of this particular request (before the provider's own). */
	explain?: (failure: ApiFailure) => string | undefined;
}

export interface ApiFailure {
	request: ApiRequest;
	statusCode: number;
	message: string;
	code?: string;
	requestId?: string;
}

type RequestContext = IExecuteFunctions | ILoadOptionsFunctions;

interface HttpResponse {
	statusCode: number;
	body: unknown;
	headers: Record<string, string | string[] | undefined>;
}

function normalizeBaseUrl(baseUrl: unknown, fallback: string): string {
	const url = typeof baseUrl === 'string' && baseUrl.trim() !== '' ? baseUrl.trim() : fallback;
	return url.replace(/\/+$/, '');
}

function secretValuesOf(credentials: IDataObject): string[] {
	return Object.values(credentials).filter((value): value is string => typeof value === 'string' && value !== '');
}

function header(headers: HttpResponse['headers'], name: string): string | undefined {
	const value = headers?.[name] ?? headers?.[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/** Codes of failures that happen before the request reaches the server: always safe to send again. */
const NOT_SENT_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'];
const READ_METHODS = ['GET', 'HEAD'];
const MAX_RETRY_AFTER_MS = 5 * 60_000;
const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 30_000;
const REQUEST_TIMEOUT_MS = 60_000;

type Outcome =
	| { kind: 'response'; response: HttpResponse }
	| { kind: 'network'; code: string; message: string; sent: boolean };

type Decision = { retry: true; waitMs: number; rateLimited: boolean } | { retry: false; possiblyProcessed: boolean };

/** Retry-After in seconds or as an HTTP date, in milliseconds from now. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
	if (!value) return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
	const date = Date.parse(trimmed);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with full jitter. */
function backoffMs(attempt: number): number {
	const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
	return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * Whether a failed attempt may be sent again. Requests the server never
 * processed (429, 503 with Retry-After, connection refused) always may; a
 * create that may have been processed (other 5xx, a lost answer) only when the
 * user accepted duplicates; reads always may.
 */
function decide(outcome: Outcome, method: string, policy: RequestPolicy, attempt: number): Decision {
	const read = READ_METHODS.includes(method);
	const mayRepeatCreate = read || policy.retryServerErrors;
	if (outcome.kind === 'network') {
		if (!outcome.sent || mayRepeatCreate) return { retry: true, waitMs: backoffMs(attempt), rateLimited: false };
		return { retry: false, possiblyProcessed: true };
	}
	const { statusCode, headers } = outcome.response;
	const asked = retryAfterMs(header(headers, 'retry-after'));
	if (statusCode === 429) {
		if (asked !== undefined && asked > MAX_RETRY_AFTER_MS) return { retry: false, possiblyProcessed: false };
		return { retry: true, waitMs: asked ?? backoffMs(attempt), rateLimited: true };
	}
	if (statusCode === 503 && asked !== undefined && asked <= MAX_RETRY_AFTER_MS) {
		return { retry: true, waitMs: asked, rateLimited: false };
	}
	if (statusCode >= 500) {
		if (mayRepeatCreate) return { retry: true, waitMs: asked ?? backoffMs(attempt), rateLimited: false };
		return { retry: false, possiblyProcessed: true };
	}
	return { retry: false, possiblyProcessed: false };
}

function networkFailure(error: unknown): { code: string; message: string; sent: boolean } {
	const failure = error as { code?: unknown; message?: unknown; cause?: { code?: unknown } };
	const code = String(failure.cause?.code ?? failure.code ?? 'UNKNOWN');
	return { code, message: String(failure.message ?? error), sent: !NOT_SENT_CODES.includes(code) };
}

/**
 * The one way every node talks to its API: authenticates through n8n's
 * credential (`httpRequestWithAuthentication`), paces requests per credential,
 * retries what is safe to retry, maps failures to `NodeApiError` with the
 * provider's own message, HTTP status and item index, and removes every
 * secret from anything the error shows.
 */
export async function apiRequest(
	this: RequestContext,
	provider: ApiProvider,
	request: ApiRequest,
): Promise<IDataObject> {
	const state = runStateOf(this);
	let credentialsRead = state.credentials.get(provider.credentialType);
	if (!credentialsRead) {
		credentialsRead = this.getCredentials(provider.credentialType);
		state.credentials.set(provider.credentialType, credentialsRead);
	}
	const credentials = await credentialsRead;
	const baseUrl = normalizeBaseUrl(credentials.baseUrl, provider.defaultBaseUrl);
	const secrets = secretValuesOf(credentials).filter((value) => value !== credentials.baseUrl);
	const hide = (text: string) => redactText(text, secrets, provider.secretQueryParameters);
	const where = `${request.method} ${hide(baseUrl + request.path)}`;
	const credentialId = this.getNode().credentials?.[provider.credentialType]?.id ?? '';
	const pacer = pacerFor(`${provider.credentialType}:${credentialId}:${baseUrl}`, state.policy.requestsPerMinute, state);

	const options: IHttpRequestOptions = {
		method: request.method,
		url: baseUrl + request.path,
		json: true,
		returnFullResponse: true,
		// Statuses are mapped below, so that no error n8n builds (with the full
		// URL, query string included) ever reaches the user.
		ignoreHttpStatusErrors: true,
		timeout: REQUEST_TIMEOUT_MS,
	};
	if (request.body !== undefined) options.body = request.body;
	if (request.qs !== undefined) options.qs = request.qs;

	for (let attempt = 1; ; attempt++) {
		await pacer.acquire();
		let outcome: Outcome;
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				provider.credentialType,
				options,
			)) as HttpResponse;
			outcome = { kind: 'response', response };
		} catch (error) {
			outcome = { kind: 'network', ...networkFailure(error) };
		}
		if (request.itemIndex !== undefined) {
			state.attempts.set(request.itemIndex, Math.max(state.attempts.get(request.itemIndex) ?? 0, attempt));
		}
		if (outcome.kind === 'response' && outcome.response.statusCode >= 200 && outcome.response.statusCode < 300) {
			pacer.succeeded();
			return outcome.response.body as IDataObject;
		}
		const decision = decide(outcome, request.method, state.policy, attempt);
		if (decision.retry && attempt < state.policy.maxAttempts) {
			if (decision.rateLimited) pacer.rateLimited(decision.waitMs);
			await sleep(decision.waitMs);
			continue;
		}
		const possiblyProcessed = !decision.retry && decision.possiblyProcessed;
		throw failureError(this, provider, request, outcome, { where, hide, secrets, credentials, attempt, possiblyProcessed });
	}
}

interface FailureContext {
	where: string;
	hide: (text: string) => string;
	secrets: string[];
	credentials: IDataObject;
	attempt: number;
	possiblyProcessed: boolean;
}

/** Some writes may have reached the provider: tell the user what to check instead of sending it again. */
const POSSIBLY_CREATED =
	'it may have been recorded. Check in {provider} before running this item again (or turn on "Retry Server Errors" to accept possible duplicates).';

function failureError(
	context: RequestContext,
	provider: ApiProvider,
	request: ApiRequest,
	outcome: Outcome,
	{ where, hide, secrets, credentials, attempt, possiblyProcessed }: FailureContext,
): NodeApiError {
	const tries = attempt > 1 ? ` after ${attempt} attempts` : '';
	const possibly = POSSIBLY_CREATED.replace('{provider}', provider.displayName);
	if (outcome.kind === 'network') {
		const message = possiblyProcessed
			? `The connection to ${provider.displayName} was lost after the request was sent (${outcome.code}): ${possibly}`
			: `Could not reach ${provider.displayName} (${hide(outcome.message)})${tries}`;
		const error = new NodeApiError(context.getNode(), { message: hide(outcome.message) } as JsonObject, {
			message,
			description: `${where} got no HTTP response${tries}. Check the Base URL in the credential and that the service is reachable.`,
			itemIndex: request.itemIndex,
		});
		// NodeApiError swaps a message naming a network code (ECONNRESET…) for its generic text; ours says more.
		error.message = message;
		error.context.code = outcome.code;
		if (possiblyProcessed) error.context.possiblyCreated = true;
		return error;
	}

	const { response } = outcome;
	const parsed = provider.parseError(response.body);
	const failure: ApiFailure = {
		request,
		statusCode: response.statusCode,
		message: parsed.message ?? `HTTP ${response.statusCode}`,
		code: parsed.code,
		requestId: header(response.headers, 'x-request-id'),
	};
	const explained =
		request.explain?.(failure) ?? provider.explainStatus?.(failure, credentials) ?? failure.message;
	const message = possiblyProcessed
		? `${provider.displayName} answered ${failure.statusCode} (${failure.message}) after receiving the request: ${possibly}`
		: explained;
	const details = [
		`${provider.displayName} answered ${failure.statusCode} to ${where}${tries}.`,
		failure.code ? `Error code: ${failure.code}.` : '',
		failure.requestId ? `Request ID: ${failure.requestId}.` : '',
	].filter(Boolean);
	const body = redactValue(
		(response.body && typeof response.body === 'object' ? response.body : { body: response.body }) as JsonObject,
		secrets,
		provider.secretQueryParameters,
	);
	const error = new NodeApiError(context.getNode(), body, {
		message: hide(message),
		description: hide(details.join(' ')),
		httpCode: String(failure.statusCode),
		itemIndex: request.itemIndex,
	});
	if (failure.code) error.context.code = failure.code;
	if (failure.requestId) error.context.requestId = failure.requestId;
	if (possiblyProcessed) error.context.possiblyCreated = true;
	return error;
}
