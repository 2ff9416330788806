import type { IDataObject, IHttpRequestMethods, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Outcome } from './http';
import { header, requestOptions, sendOnce } from './http';
import type { Connection, RequestPolicy, Run } from './run';
import { wait } from './wait';

/** What the shared transport needs to know about one provider's API. */
export interface ApiProvider {
	/** Shown in messages: "Nexor", "Nateq", "RD Station". */
	displayName: string;
	credentialType: string;
	/** The credential's name as the user sees it: "Nexor API". */
	credentialName: string;
	defaultBaseUrl: string;
	/** Query parameters that carry a secret and must never be shown. */
	secretQueryParameters?: string[];
	/**
	 * OAuth2: n8n refreshes an expired token only when the request throws on
	 * the 401, so this provider's statuses throw and the transport reads the
	 * answer from the error.
	 */
	refreshesOn401?: boolean;
	/** Reads the provider's error body into one readable message (and a code, when it has one). */
	parseError(body: unknown): { message?: string; code?: string };
	/**
	 * A clearer message for a status that means something specific for this
	 * provider and request (a wrong key, an already converted lead…).
	 */
	explainStatus?(failure: ApiFailure, credentials: IDataObject): string | undefined;
}

/** What a successful answer must carry, checked before it counts as one. */
export interface Expectation {
	/** Said in the error when the answer is something else: "a lead with an id". */
	what: string;
	accepts(body: unknown): boolean;
}

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the credential's Base URL, starting with `/`; values in it come from `pathSegment`. */
	path: string;
	body?: IDataObject | IDataObject[];
	qs?: IDataObject;
	expect: Expectation;
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

const READ_METHODS = ['GET', 'HEAD'];
const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 30_000;
const EXCERPT_LENGTH = 160;

type Decision =
	| { kind: 'success'; body: unknown }
	/** `created: false` when the attempt certainly created nothing (not sent, or refused before processing). */
	| { kind: 'retry'; waitMs: number; rateLimited: boolean; created: boolean }
	| { kind: 'fail'; possiblyCreated: boolean; waitAskedMs?: number };

/**
 * Retry-After in seconds or as an HTTP date, in milliseconds from now;
 * undefined when absent, negative, or not a number or a date.
 */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
	if (!value) return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
	if (/^-/.test(trimmed) || !/[a-z]/i.test(trimmed)) return undefined;
	const date = Date.parse(trimmed);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with full jitter. */
function backoffMs(attempt: number): number {
	const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
	return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

const isSuccess = (status: number) => status >= 200 && status < 300;
const isRedirect = (status: number) => status >= 300 && status < 400;

/**
 * Whether an attempt succeeded, may be sent again, or fails the item.
 * Requests the server did not process (429, 503 with Retry-After, not sent)
 * are sent again; a write the server may have processed (other 5xx, a lost
 * or late answer) only when the user accepted duplicates; reads always.
 * No wait is longer than the policy's cap: a server asking for more fails
 * the item at once.
 */
function decide(outcome: Outcome, request: ApiRequest, policy: RequestPolicy, attempt: number): Decision {
	const write = !READ_METHODS.includes(request.method);
	const mayRepeat = !write || policy.retryServerErrors;
	const retry = (waitMs: number, rateLimited = false, created = write && !rateLimited): Decision =>
		waitMs > policy.maxWaitMs
			? { kind: 'fail', possiblyCreated: created && !mayRepeat, waitAskedMs: waitMs }
			: { kind: 'retry', waitMs, rateLimited, created };

	switch (outcome.kind) {
		case 'notSent':
			return retry(backoffMs(attempt), false, false);
		case 'lost':
		case 'timeout':
			return mayRepeat ? retry(backoffMs(attempt)) : { kind: 'fail', possiblyCreated: true };
		case 'tooLarge':
			return { kind: 'fail', possiblyCreated: write && (isSuccess(outcome.status) || outcome.status >= 500) };
		case 'stopped':
			return { kind: 'fail', possiblyCreated: write && outcome.sent };
		case 'answer':
			break;
	}
	const { status, headers, body } = outcome;
	if (isSuccess(status)) {
		return request.expect.accepts(body) ? { kind: 'success', body } : { kind: 'fail', possiblyCreated: write };
	}
	// A 303 after a write is the usual "done, see there".
	if (isRedirect(status)) return { kind: 'fail', possiblyCreated: write && status === 303 };
	const asked = retryAfterMs(header(headers, 'retry-after'));
	if (status === 429) return retry(asked ?? backoffMs(attempt), true);
	if (status === 503 && asked !== undefined) return retry(asked, true);
	if (status >= 500) {
		if (asked !== undefined && asked > policy.maxWaitMs) return retry(asked);
		return mayRepeat ? retry(asked ?? backoffMs(attempt)) : { kind: 'fail', possiblyCreated: write };
	}
	return { kind: 'fail', possiblyCreated: false };
}

/**
 * The one way every node talks to its API: authenticates through n8n's
 * credential (`httpRequestWithAuthentication`), paces requests per
 * credential, sends (never following a redirect, within a deadline and a
 * size cap), decides from the outcome whether the answer is the expected
 * one, may be retried or fails the item, and redacts whatever it returns
 * or throws.
 */
export async function apiRequest(run: Run, provider: ApiProvider, request: ApiRequest): Promise<IDataObject> {
	const connection = await run.connection(provider);
	if (!connection.baseUrl) throw run.baseUrlError(provider, connection, request.itemIndex);
	const options = requestOptions(connection, request, run.policy.timeoutMs, provider.refreshesOn401 === true);
	const claim = READ_METHODS.includes(request.method) || request.itemIndex === undefined ? undefined : run.claims.get(request.itemIndex);

	for (let attempt = 1; ; attempt++) {
		const turn = await connection.pacer.acquire(run.signal);
		// Recorded only now that the request leaves (throws AlreadySent when an earlier run sent it).
		if (turn !== 'aborted') await claim?.take();
		const outcome: Outcome = turn === 'aborted' ? { kind: 'stopped', sent: false } : await sendOnce(run, provider, connection, options);
		run.recordAttempt(request.itemIndex, attempt);
		const decision = decide(outcome, request, run.policy, attempt);
		if (decision.kind === 'success') {
			connection.pacer.succeeded();
			return connection.redactor.value(decision.body) as IDataObject;
		}
		if (decision.kind === 'retry' && attempt < run.policy.maxAttempts) {
			if (decision.rateLimited) connection.pacer.rateLimited(decision.waitMs);
			// Not held while waiting: a process killed during the wait must not leave it recorded as sent.
			if (!decision.created) await claim?.release();
			if ((await wait(decision.waitMs, run.signal)) !== 'aborted') continue;
			throw connection.redactor.error(failureError(run, provider, connection, request, { kind: 'stopped', sent: false }, false, attempt));
		}
		const possiblyCreated = decision.kind === 'fail' && decision.possiblyCreated;
		const waitAskedMs = decision.kind === 'fail' ? decision.waitAskedMs : undefined;
		throw connection.redactor.error(
			failureError(run, provider, connection, request, outcome, possiblyCreated, attempt, waitAskedMs),
		);
	}
}

/** Some writes may have reached the provider: tell the user what to check instead of sending it again. */
const POSSIBLY_CREATED =
	'it may have been recorded. Check in {provider} before running this item again (or turn on "Retry Server Errors" to accept possible duplicates).';

/** A short, single-line excerpt of an answer, for messages. */
function excerptOf(text: string): string {
	const line = text.replace(/\s+/g, ' ').trim();
	if (!line) return '(an empty answer)';
	return line.length > EXCERPT_LENGTH ? `${line.slice(0, EXCERPT_LENGTH)}…` : line;
}

const minutes = (ms: number) => (ms >= 3_600_000 * 24 * 365 ? 'more than a year' : `${Math.ceil(ms / 60_000)} minutes`);

/** Where a redirect pointed, and what Base URL would reach it directly. */
function redirectTarget(location: string | undefined, requestUrl: string, path: string) {
	if (!location) return { origin: 'no address', baseUrl: undefined, otherServer: false };
	let target: URL;
	try {
		target = new URL(location, requestUrl);
	} catch {
		return { origin: JSON.stringify(location), baseUrl: undefined, otherServer: true };
	}
	const pathname = target.pathname;
	const baseUrl = pathname.endsWith(path) ? `${target.origin}${pathname.slice(0, -path.length)}` : undefined;
	return { origin: target.origin, baseUrl, otherServer: target.origin !== new URL(requestUrl).origin };
}

function failureError(
	run: Run,
	provider: ApiProvider,
	connection: Connection,
	request: ApiRequest,
	outcome: Outcome,
	possiblyCreated: boolean,
	attempt: number,
	waitAskedMs?: number,
): NodeApiError | NodeOperationError {
	const node = run.context.getNode();
	const name = provider.displayName;
	const url = connection.baseUrl!.url + request.path;
	const where = `${request.method} ${url}`;
	const tries = attempt > 1 ? ` after ${attempt} attempts` : '';
	const possibly = POSSIBLY_CREATED.replace('{provider}', name);
	const mark = (error: NodeApiError | NodeOperationError, code?: string) => {
		if (code) error.context.code = code;
		if (possiblyCreated) error.context.possiblyCreated = true;
		return error;
	};

	if (outcome.kind === 'stopped') {
		const message = possiblyCreated
			? `The execution was stopped while waiting for ${name}’s answer: ${possibly}`
			: 'The execution was stopped before this item was sent: nothing was sent for it.';
		const error = mark(new NodeOperationError(node, message, { itemIndex: request.itemIndex }));
		if (!possiblyCreated) error.context.notSent = true;
		return error;
	}
	if (outcome.kind !== 'answer') {
		const seconds = Math.round(run.policy.timeoutMs / 1000);
		const messages: Record<string, string> = {
			notSent: `Could not reach ${name} (${outcome.kind === 'notSent' ? outcome.message : ''})${tries}: nothing was sent.`,
			lost: `The connection to ${name} was lost after the request was sent (${outcome.kind === 'lost' ? outcome.code : ''})${possiblyCreated ? `: ${possibly}` : tries}`,
			timeout: `${name} did not answer within ${seconds} second${seconds === 1 ? '' : 's'} (Timeout in Request Options)${possiblyCreated ? `: ${possibly}` : tries}`,
			tooLarge: `${name}’s answer was larger than ${Math.round(run.policy.maxResponseBytes / 1048576)} MB and was not read${possiblyCreated ? `: ${possibly}` : '.'}`,
		};
		const code = outcome.kind === 'notSent' || outcome.kind === 'lost' ? outcome.code : outcome.kind === 'timeout' ? 'ETIMEDOUT' : undefined;
		const message = messages[outcome.kind];
		const error = new NodeApiError(node, { message } as JsonObject, {
			message,
			description: `${where}: no usable answer${tries}. Check the Base URL in the credential and that the service is reachable.`,
			itemIndex: request.itemIndex,
		});
		// NodeApiError swaps a message naming a network code (ECONNRESET…) for its generic text; ours says more.
		error.message = message;
		return mark(error, code);
	}

	const { status, headers, body, text } = outcome;
	const excerpt = excerptOf(text);
	const parsed = provider.parseError(body);
	const failure: ApiFailure = {
		request,
		statusCode: status,
		message: parsed.message ?? (text.trim() ? `HTTP ${status}: ${excerpt}` : `HTTP ${status}`),
		code: parsed.code,
		requestId: header(headers, 'x-request-id'),
	};
	let message: string;
	if (waitAskedMs !== undefined) {
		message = `${name} answered ${status} and asked to wait ${minutes(waitAskedMs)}; run it later${possiblyCreated ? ` (${possibly})` : '.'}`;
	} else if (isSuccess(status)) {
		message = `${name} answered ${status} but not with ${request.expect.what}: ${excerpt}${possiblyCreated ? ` — ${possibly}` : ''}`;
	} else if (isRedirect(status)) {
		const target = redirectTarget(header(headers, 'location'), url, request.path);
		const instead = target.baseUrl
			? `If ${target.baseUrl} is the right address, put it in the Base URL of the "${provider.credentialName}" credential.`
			: `Check the Base URL of the "${provider.credentialName}" credential.`;
		message = `${name} answered ${status}, a redirect to ${target.otherServer ? 'another server, ' : ''}${target.origin}. Redirects are never followed, so nothing was sent there. ${instead}${possiblyCreated ? ` The request itself ${possibly.replace(/^it /, '')}` : ''}`;
	} else if (possiblyCreated) {
		message = `${name} answered ${status} (${failure.message}) after receiving the request: ${possibly}`;
	} else {
		message = request.explain?.(failure) ?? provider.explainStatus?.(failure, connection.credentials) ?? failure.message;
	}
	const details = [
		`${name} answered ${status} to ${where}${tries}.`,
		failure.code ? `Error code: ${failure.code}.` : '',
		failure.requestId ? `Request ID: ${failure.requestId}.` : '',
	].filter(Boolean);
	const error = new NodeApiError(node, (body && typeof body === 'object' ? body : { body: excerpt }) as JsonObject, {
		message,
		description: details.join(' '),
		httpCode: String(status),
		itemIndex: request.itemIndex,
	});
	// NodeApiError may take its message from the body; ours is the one to show.
	error.message = message;
	if (failure.requestId) error.context.requestId = failure.requestId;
	return mark(error, failure.code);
}
