import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { header, refreshAccess, requestOptions, sendOnce } from './http';
import type { ItemClaim } from './skipStore';
import { landed, releaseAll, takeAll } from './skipStore';
import type { ApiFailure, ApiProvider, ApiRequest, Connection, Outcome, RequestPolicy, Run } from './types';
import { wait } from './wait';

const READ_METHODS = ['GET', 'HEAD'];
const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 30_000;
const EXCERPT_LENGTH = 160;

type Decision =
	| { kind: 'success'; body: unknown }
	/** `created: false` when the attempt certainly created nothing (not sent, or refused before processing). */
	| { kind: 'retry'; waitMs: number; rateLimited: boolean; created: boolean }
	/** OAuth2: the access token expired (401, nothing processed); n8n refreshes it, then the request goes again. */
	| { kind: 'refresh' }
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
 * Requests the server did not process (429, 503 with Retry-After, not sent,
 * an expired OAuth2 token once refreshed) are sent again; a write the server
 * may have processed (other 5xx, a lost or late answer) only when the user
 * accepted duplicates; reads always. No wait is longer than the policy's
 * cap: a server asking for more fails the item at once.
 */
function decide(outcome: Outcome, request: ApiRequest, policy: RequestPolicy, attempt: number, mayRefresh: boolean): Decision {
	const write = !READ_METHODS.includes(request.method);
	const mayRepeat = !write || policy.retryServerErrors;
	const retry = (waitMs: number, rateLimited = false, created = write && !rateLimited): Decision =>
		waitMs > policy.maxWaitMs
			? { kind: 'fail', possiblyCreated: created && !mayRepeat, waitAskedMs: waitMs }
			: { kind: 'retry', waitMs, rateLimited, created };

	switch (outcome.kind) {
		case 'notSent':
			// n8n itself refused the address (SSRF protection): sending again meets the same refusal.
			return outcome.blockedBy ? { kind: 'fail', possiblyCreated: false } : retry(backoffMs(attempt), false, false);
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
	if (status === 401 && mayRefresh) return { kind: 'refresh' };
	const asked = retryAfterMs(header(headers, 'retry-after'));
	if (status === 429) return retry(asked ?? backoffMs(attempt), true);
	if (status === 503 && asked !== undefined) return retry(asked, true);
	if (status >= 500) {
		if (asked !== undefined && asked > policy.maxWaitMs) return retry(asked);
		return mayRepeat ? retry(asked ?? backoffMs(attempt)) : { kind: 'fail', possiblyCreated: write };
	}
	return { kind: 'fail', possiblyCreated: false };
}

/** Per OAuth2 connection: how many times its token was refreshed in this run, and the refresh under way. */
interface TokenState {
	generation: number;
	refreshing?: Promise<Awaited<ReturnType<typeof refreshAccess>>>;
}

const tokens = new WeakMap<Connection, TokenState>();

/**
 * Has n8n refresh the token once for every request that met the same
 * expired one (concurrent items share the refresh); a request that was sent
 * with a token already replaced is simply sent again.
 */
async function refreshedSince(run: Run, provider: ApiProvider, connection: Connection, sentWith: number) {
	let state = tokens.get(connection);
	if (!state) tokens.set(connection, (state = { generation: 0 }));
	if (state.generation !== sentWith) return { refreshed: true as const };
	const current = state;
	current.refreshing ??= refreshAccess(run, provider, connection).then((result) => {
		if (result.refreshed) current.generation++;
		current.refreshing = undefined;
		return result;
	});
	return await current.refreshing;
}

const generationOf = (connection: Connection) => tokens.get(connection)?.generation ?? 0;

/** The items a write serves, whose keys ("Skip Items Already Sent") are recorded as it leaves. */
function claimsOf(run: Run, request: ApiRequest) {
	if (READ_METHODS.includes(request.method)) return [];
	const indexes = request.itemIndexes ?? (request.itemIndex === undefined ? [] : [request.itemIndex]);
	return indexes.flatMap((itemIndex) => run.claims.get(itemIndex) ?? []);
}

const stoppedNow = (run: Run): Outcome => ({ kind: 'stopped', sent: false, why: run.signal?.aborted ? 'stop' : 'halt' });

/**
 * The one way every node talks to its API: authenticates through n8n's
 * credential (`httpRequestWithAuthentication`), paces requests per
 * credential, records the items' keys as the request leaves, sends (never
 * following a redirect, within a deadline and a size cap), decides from the
 * outcome whether the answer is the expected one, may be retried or fails
 * the item, and redacts whatever it returns or throws. Once the node is
 * going to fail (`run.halt`), no attempt starts.
 */
export async function apiRequest(run: Run, provider: ApiProvider, request: ApiRequest): Promise<IDataObject> {
	const claims = claimsOf(run, request);
	try {
		return await attempts(run, provider, request, claims);
	} finally {
		landed(claims);
	}
}

/** The attempts of one request, until one succeeds or the request fails (see `apiRequest`). */
async function attempts(run: Run, provider: ApiProvider, request: ApiRequest, claims: ItemClaim[]): Promise<IDataObject> {
	const connection = await run.connection(provider);
	if (!connection.baseUrl) throw run.baseUrlError(provider, connection, request.itemIndex);
	const options = requestOptions(connection, request, run.policy.timeoutMs);
	const fail = (outcome: Outcome, possiblyCreated: boolean, attempt: number, waitAskedMs?: number) =>
		connection.redactor.error(failureError(run, provider, connection, request, outcome, possiblyCreated, attempt, waitAskedMs));
	let refreshed = false;
	/** Whether an earlier attempt of this request may have created the record. */
	let mayHaveCreated = false;

	for (let attempt = 1; ; attempt++) {
		const turn = run.halted ? 'aborted' : await connection.pacer.acquire(run.waitSignal);
		let outcome: Outcome = stoppedNow(run);
		const sentWith = generationOf(connection);
		if (turn !== 'aborted') {
			// Recorded only now that the request leaves (throws AlreadySent when an earlier run sent it).
			await takeAll(claims);
			if (run.halted) {
				if (!mayHaveCreated) await releaseAll(claims);
			} else {
				outcome = await sendOnce(run, provider, options);
			}
		}
		run.recordAttempt(request.itemIndex, attempt);
		// A 429 of a limit of the request's own (RD's per-contact limits) fails the item at once; the run's pace is not the cause.
		if (outcome.kind === 'answer' && outcome.status === 429 && request.ownLimit) {
			const ownLimit = request.ownLimit(apiFailureOf(provider, request, outcome));
			if (ownLimit !== undefined) {
				if (!mayHaveCreated) await releaseAll(claims);
				throw connection.redactor.error(failureError(run, provider, connection, request, outcome, mayHaveCreated, attempt, undefined, ownLimit));
			}
		}
		const decision = decide(outcome, request, run.policy, attempt, provider.oauth2 !== undefined && !refreshed);
		if (decision.kind === 'success') {
			connection.pacer.succeeded();
			return connection.redactor.value(decision.body) as IDataObject;
		}
		if (decision.kind === 'refresh') {
			refreshed = true;
			if (!mayHaveCreated) await releaseAll(claims);
			const refresh = await refreshedSince(run, provider, connection, sentWith);
			if (refresh.refreshed) continue;
			// The refresh was refused: the 401 stands. A probe that could not reach RD says so instead.
			throw fail(refresh.outcome.kind === 'answer' ? outcome : refresh.outcome, mayHaveCreated, attempt);
		}
		if (decision.kind === 'retry' && attempt < run.policy.maxAttempts) {
			if (decision.rateLimited) connection.pacer.rateLimited(decision.waitMs);
			mayHaveCreated ||= decision.created;
			// Not held while waiting: a process killed during the wait must not leave it recorded as sent.
			if (!mayHaveCreated) await releaseAll(claims);
			if ((await wait(decision.waitMs, run.waitSignal)) !== 'aborted') continue;
			throw fail(stoppedNow(run), mayHaveCreated, attempt);
		}
		const possiblyCreated = (decision.kind === 'fail' && decision.possiblyCreated) || mayHaveCreated;
		const waitAskedMs = decision.kind === 'fail' ? decision.waitAskedMs : undefined;
		throw fail(outcome, possiblyCreated, attempt, waitAskedMs);
	}
}

/** An answer that is not a success, as the provider's error reading and the request's explanations see it. */
function apiFailureOf(provider: ApiProvider, request: ApiRequest, answer: Extract<Outcome, { kind: 'answer' }>): ApiFailure {
	const { status, headers, body, text } = answer;
	const parsed = provider.parseError(body);
	const excerpt = excerptOf(text);
	return {
		request,
		statusCode: status,
		message: parsed.message ?? (text.trim() ? `HTTP ${status}: ${excerpt}` : `HTTP ${status}`),
		code: parsed.code,
		requestId: header(headers, 'x-request-id'),
		retryAfterMs: retryAfterMs(header(headers, 'retry-after')),
	};
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
	/** A 429 the request says is a limit of its own (`ApiRequest.ownLimit`): its message. */
	ownLimit?: string,
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
			: outcome.why === 'halt'
				? 'Not sent: an earlier item failed, so the node sent nothing more (nothing was sent for this item).'
				: 'The execution was stopped before this item was sent: nothing was sent for it.';
		const error = mark(new NodeOperationError(node, message, { itemIndex: request.itemIndex }));
		if (!possiblyCreated) error.context.notSent = true;
		// Not a failure of its own: the item loop accounts for it among the items not sent.
		if (outcome.why === 'halt' && !possiblyCreated) error.context.halted = true;
		return error;
	}
	if (outcome.kind === 'notSent' && outcome.blockedBy === 'ssrf') {
		const { host, hostname } = connection.baseUrl!;
		// n8n checks IP addresses against its IP ranges, and names against its host names.
		const ipVersion = hostname.includes(':') ? 6 : /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) ? 4 : undefined;
		const allow = ipVersion
			? `N8N_SSRF_ALLOWED_IP_RANGES=${hostname}/${ipVersion === 6 ? 128 : 32}`
			: `N8N_SSRF_ALLOWED_HOSTNAMES=${hostname}`;
		const error = new NodeOperationError(
			node,
			`n8n blocked the request to ${name} (${host}): its SSRF protection does not allow this address, so nothing was sent.`,
			{
				itemIndex: request.itemIndex,
				description: `n8n's SSRF protection (N8N_SSRF_PROTECTION_ENABLED) refuses this destination. If ${host} is the right address, your n8n administrator can allow it with ${allow}; otherwise correct the Base URL of the "${provider.credentialName}" credential.`,
			},
		);
		error.context.notSent = true;
		return mark(error, 'SSRF_BLOCKED');
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
	const failure = apiFailureOf(provider, request, outcome);
	let message: string;
	if (ownLimit !== undefined) {
		message = ownLimit;
	} else if (waitAskedMs !== undefined) {
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
