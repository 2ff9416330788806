import type { IHttpRequestOptions } from 'n8n-workflow';

import type { ApiProvider, Connection, Headers, Outcome, Run } from './types';
import { wait } from './wait';

interface RawResponse {
	statusCode: number;
	headers: Headers;
	body: unknown;
}

interface Readable extends AsyncIterable<Buffer | string> {
	destroy(error?: Error): void;
}

/** Codes of failures that happen before a request reaches the server. */
const NOT_SENT_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_URL', 'ERR_INVALID_PROTOCOL'];
/** Codes of failures of the connection itself (not an answer of the server). */
const NETWORK_CODES = [...NOT_SENT_CODES, 'ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'ERR_CANCELED'];

export function header(headers: Headers | undefined, name: string): string | undefined {
	const value = headers?.[name] ?? headers?.[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

const isReadable = (value: unknown): value is Readable =>
	!!value && typeof value === 'object' && Symbol.asyncIterator in value && typeof (value as Readable).destroy === 'function';

class TooLarge extends Error {}

/** Reads an answer's body, refusing to hold more than `maxBytes`. */
async function readBody(body: unknown, maxBytes: number, onStream: (stream: Readable) => void): Promise<string> {
	if (!isReadable(body)) {
		// A helper that already buffered the answer (older n8n versions for empty bodies).
		const text = body === undefined || body === null ? '' : typeof body === 'string' ? body : JSON.stringify(body);
		if (Buffer.byteLength(text) > maxBytes) throw new TooLarge();
		return text;
	}
	onStream(body);
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of body) {
		const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
		size += buffer.length;
		if (size > maxBytes) {
			body.destroy();
			throw new TooLarge();
		}
		chunks.push(buffer);
	}
	return Buffer.concat(chunks).toString('utf8');
}

function parse(text: string): unknown {
	if (text.trim() === '') return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/**
 * A failure thrown by n8n's request helper, as far as it can be read. n8n
 * wraps the HTTP client's error in a NodeApiError; what survives depends on
 * the runtime: n8n-workflow 2.41 keeps the client's error as `cause`, while
 * 2.30 and 1.120 (n8n 1.123) wipe `cause` after construction (a class field)
 * and keep only the code, in `httpCode`, and the messages. Everything is
 * read from whichever of these the runtime left.
 */
interface HttpFailure {
	code?: unknown;
	httpCode?: unknown;
	message?: unknown;
	messages?: unknown;
	description?: unknown;
	name?: unknown;
	/** Node's ClientRequest, kept by axios on its errors (reachable only where `cause` survives). */
	request?: { writableFinished?: unknown };
	cause?: HttpFailure;
}

const ERROR_CODE = /^(E[A-Z0-9_]+|ERR_[A-Z0-9_]+)$/;

/** The network error code, wherever this runtime kept it (a numeric `httpCode` is a status, not a code). */
function codeOf(failure: HttpFailure): string {
	const candidates = [failure.cause?.code, failure.code, failure.httpCode, failure.cause?.cause?.code];
	const code = candidates.find((candidate) => typeof candidate === 'string' && ERROR_CODE.test(candidate));
	return typeof code === 'string' ? code : 'UNKNOWN';
}

/** Every text the failure carries, for recognising what n8n itself refused. */
function textsOf(failure: HttpFailure): string[] {
	const texts = [failure.message, failure.description, failure.name, failure.cause?.message, failure.cause?.name];
	if (Array.isArray(failure.messages)) texts.push(...(failure.messages as unknown[]));
	return texts.filter((text): text is string => typeof text === 'string');
}

/*
 * n8n's SSRF protection (`N8N_SSRF_PROTECTION_ENABLED`) refuses a
 * destination before connecting: SsrfBlockedIpError / SsrfBlockedHostnameError,
 * "The request was blocked because …".
 */
const SSRF_BLOCKED = /SsrfBlocked|request was blocked because/i;

/**
 * Whether the whole request left this machine. A server cannot act on a
 * body it did not fully receive, so a request that was not flushed whole
 * (refused, cut or stopped before its last byte) created nothing. Unknown
 * where the runtime does not keep the client's request (n8n 2.30, 1.123).
 */
function flushedWhole(failure: HttpFailure): boolean | undefined {
	const request = failure.request ?? failure.cause?.request;
	return typeof request?.writableFinished === 'boolean' ? request.writableFinished : undefined;
}

function failureOf(error: unknown, requestStarted: boolean): Outcome {
	const failure = (error ?? {}) as HttpFailure;
	const code = codeOf(failure);
	const message = String(failure.message ?? error);
	if (textsOf(failure).some((text) => SSRF_BLOCKED.test(text))) {
		return { kind: 'notSent', code: 'SSRF_BLOCKED', message, blockedBy: 'ssrf' };
	}
	// n8n's own idle timeout (a backstop behind the deadline) ends the same way as ours.
	if (code === 'ETIMEDOUT' || (code === 'ECONNABORTED' && /timeout/i.test(message))) return { kind: 'timeout' };
	const flushed = flushedWhole(failure);
	if (!requestStarted || NOT_SENT_CODES.includes(code) || flushed === false) {
		return { kind: 'notSent', code, message };
	}
	return { kind: 'lost', code, message };
}

/** How long, after Stop, an aborted exchange may take to say how it ended. */
const STOP_GRACE_MS = 500;
/**
 * How long, after Stop, a write already on its way may take to be answered:
 * its answer says whether it was recorded, which n8n (aborting it) could
 * not say in every runtime.
 */
const WRITE_STOP_GRACE_MS = 10_000;

/**
 * The node's context as n8n's request helper sees it, with this request's
 * own cancel signal in place of the execution's. n8n aborts every request of
 * the execution on Stop, a write that already left included, and then (n8n
 * 2.30 and 1.123, see `HttpFailure`) nothing tells whether it arrived: the
 * record would be "possibly created" and skipped on a re-run. With its own
 * signal, a write on its way at Stop finishes (within WRITE_STOP_GRACE_MS)
 * and says what happened; nothing new starts after Stop either way.
 */
const withCancelSignal = <T extends object>(context: T, signal: AbortSignal): T =>
	Object.create(context, { getExecutionCancelSignal: { value: () => signal } }) as T;

/**
 * Sends one request through n8n's credential helper and reads its answer.
 * Statuses never throw: every answer, of any status, comes back the same way
 * in every n8n version (see `HttpFailure` for why thrown answers cannot be
 * read everywhere). Redirects are not followed; the whole exchange, answer
 * included, must end within the run's timeout; an answer over the size cap
 * is dropped unread. Stop ends a read at once, and a write once it is
 * answered (at most WRITE_STOP_GRACE_MS later).
 */
export async function sendOnce(run: Run, provider: ApiProvider, options: IHttpRequestOptions): Promise<Outcome> {
	const { timeoutMs, maxResponseBytes } = run.policy;
	const signal = run.signal;
	const abort = new AbortController();
	const write = !['GET', 'HEAD'].includes(options.method ?? 'GET');
	let stream: Readable | undefined;
	let started = false;
	let settled = false;

	if (signal?.aborted) return { kind: 'stopped', sent: false, why: 'stop' };
	const exchange = (async (): Promise<Outcome> => {
		try {
			started = true;
			const response = (await run.context.helpers.httpRequestWithAuthentication.call(
				withCancelSignal(run.context, abort.signal),
				provider.credentialType,
				{ ...options, abortSignal: abort.signal },
			)) as RawResponse;
			try {
				const text = await readBody(response.body, maxResponseBytes, (opened) => (stream = opened));
				return { kind: 'answer', status: response.statusCode, headers: response.headers ?? {}, body: parse(text), text };
			} catch (error) {
				if (error instanceof TooLarge) return { kind: 'tooLarge', status: response.statusCode };
				return failureOf(error, true);
			}
		} catch (error) {
			return failureOf(error, started);
		} finally {
			settled = true;
		}
	})();
	const endedWithin = async (ms: number) => await Promise.race([exchange, wait(ms, undefined, () => settled)]);

	// The answer wins the race as soon as it is read; the wait only ends a stuck exchange.
	const deadline = Date.now() + timeoutMs;
	const ended = await Promise.race([exchange, wait(timeoutMs, signal, () => settled)]);
	if (typeof ended === 'object') return ended;
	if (ended === 'until') return await exchange;
	if (ended === 'aborted') {
		// Stop: a write on its way is let finish, to know whether it was recorded.
		if (write) {
			const answered = await endedWithin(Math.max(0, Math.min(WRITE_STOP_GRACE_MS, deadline - Date.now())));
			if (typeof answered === 'object') return answered;
		}
		abort.abort();
		const outcome = await endedWithin(STOP_GRACE_MS);
		if (typeof outcome === 'object' && outcome.kind === 'answer') return outcome;
		stream?.destroy();
		if (typeof outcome === 'object' && outcome.kind === 'notSent') return { kind: 'stopped', sent: false, why: 'stop' };
		return { kind: 'stopped', sent: started, why: 'stop' };
	}
	// Timed out: stop reading and end the request.
	abort.abort();
	stream?.destroy();
	void exchange.catch(() => undefined);
	return { kind: 'timeout' };
}

/**
 * Asks n8n to refresh an OAuth2 credential's access token: one request whose
 * 401 throws, which is when n8n refreshes (and sends it again). Resolves
 * when the token works now; otherwise says why not.
 */
export async function refreshAccess(
	run: Run,
	provider: ApiProvider,
	connection: Connection,
): Promise<{ refreshed: true } | { refreshed: false; outcome: Outcome }> {
	const options: IHttpRequestOptions = {
		...requestOptions(connection, provider.oauth2!.refreshProbe, run.policy.timeoutMs),
		// Only here do statuses throw: n8n refreshes on the 401 and tries once more.
		ignoreHttpStatusErrors: false,
	};
	try {
		const response = (await run.context.helpers.httpRequestWithAuthentication.call(run.context, provider.credentialType, {
			...options,
			abortSignal: run.signal,
		})) as RawResponse;
		// The probe's answer is not needed: it is not read.
		if (isReadable(response?.body)) response.body.destroy();
		return { refreshed: true };
	} catch (error) {
		const outcome = failureOf(error, true);
		// A network failure says nothing about the token; anything else means it was refused.
		const blocked = outcome.kind === 'notSent' && outcome.blockedBy !== undefined;
		if (blocked || NETWORK_CODES.includes(codeOf((error ?? {}) as HttpFailure))) return { refreshed: false, outcome };
		return { refreshed: false, outcome: { kind: 'answer', status: 401, headers: {}, body: undefined, text: '' } };
	}
}

/** The request options every attempt uses. */
export function requestOptions(
	connection: Connection,
	request: { method: IHttpRequestOptions['method']; path: string; body?: unknown; qs?: object },
	timeoutMs: number,
): IHttpRequestOptions {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: connection.baseUrl!.url + request.path,
		json: true,
		returnFullResponse: true,
		// Read as a stream so that the size cap and the deadline hold while the answer arrives.
		encoding: 'stream',
		// Statuses are decided by the transport, from the answer.
		ignoreHttpStatusErrors: true,
		// A redirect would turn a create into a GET, or carry the key to another host.
		disableFollowRedirect: true,
		// n8n's idle timeout, as a backstop that closes the socket after our deadline ended the wait.
		timeout: timeoutMs + 1000,
	};
	if (request.body !== undefined) options.body = request.body as IHttpRequestOptions['body'];
	if (request.qs !== undefined) options.qs = request.qs as IHttpRequestOptions['qs'];
	return options;
}
