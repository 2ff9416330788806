import type { IHttpRequestOptions } from 'n8n-workflow';

import type { Connection, Run } from './run';
import type { ApiProvider } from './transport';
import { wait } from './wait';

/**
 * One attempt of one request, as what happened to it: an answer (any
 * status, read whole and within the size cap), or the way it failed, and
 * whether anything may have reached the server.
 */
export type Outcome =
	| { kind: 'answer'; status: number; headers: Headers; body: unknown; text: string }
	/** Nothing reached the server: an unusable URL, connection refused, no such host. */
	| { kind: 'notSent'; code: string; message: string }
	/** The request went out and its answer was lost (connection reset, or dropped mid-answer). */
	| { kind: 'lost'; code: string; message: string }
	| { kind: 'timeout' }
	| { kind: 'tooLarge'; status: number }
	/** The user pressed Stop; `sent` says whether the request had started. */
	| { kind: 'stopped'; sent: boolean };

export type Headers = Record<string, string | string[] | undefined>;

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

interface HttpFailure {
	code?: unknown;
	message?: unknown;
	/** The answer, when the helper threw on its status (axios keeps it; n8n wraps axios' error as `cause`). */
	response?: { status?: unknown; headers?: Headers; data?: unknown };
	/** Node's ClientRequest, kept by axios on its errors (n8n wraps them as `cause`). */
	request?: { writableFinished?: unknown };
	cause?: HttpFailure;
}

/**
 * Whether the whole request left this machine. A server cannot act on a
 * body it did not fully receive, so a request that was not flushed whole
 * (refused, cut or stopped before its last byte) created nothing.
 */
function flushedWhole(failure: HttpFailure): boolean | undefined {
	const request = failure.request ?? failure.cause?.request;
	return typeof request?.writableFinished === 'boolean' ? request.writableFinished : undefined;
}

function failureOf(error: unknown, requestStarted: boolean): Outcome {
	const failure = (error ?? {}) as HttpFailure;
	const code = String(failure.cause?.code ?? failure.code ?? 'UNKNOWN');
	const message = String(failure.message ?? error);
	// n8n's own idle timeout (a backstop behind the deadline) ends the same way as ours.
	if (code === 'ETIMEDOUT' || (code === 'ECONNABORTED' && /timeout/i.test(message))) return { kind: 'timeout' };
	const flushed = flushedWhole(failure);
	// Cancelled (Stop) before axios even made the request: nothing left.
	const cancelledBeforeRequest = code === 'ERR_CANCELED' && flushed === undefined;
	if (!requestStarted || NOT_SENT_CODES.includes(code) || flushed === false || cancelledBeforeRequest) {
		return { kind: 'notSent', code, message };
	}
	return { kind: 'lost', code, message };
}

/** The answer carried by an error thrown for its HTTP status, if any. */
function thrownAnswer(error: unknown): RawResponse | undefined {
	const failure = (error ?? {}) as HttpFailure;
	const response = failure.response ?? failure.cause?.response;
	if (response && typeof response.status === 'number') {
		return { statusCode: response.status, headers: response.headers ?? {}, body: response.data };
	}
	// n8n's OAuth2 client failed to refresh an expired token (its code ESTATUS): the request itself met a 401.
	const refresh = failure.code === 'ESTATUS' ? failure : failure.cause?.code === 'ESTATUS' ? failure.cause : undefined;
	if (!refresh) return undefined;
	const status = (refresh as { status?: unknown }).status;
	return {
		statusCode: 401,
		headers: {},
		body: { errors: { error_type: 'UNAUTHORIZED', error_message: `the token could not be refreshed (HTTP ${String(status)})` } },
	};
}

/** How long, after Stop, an exchange n8n is aborting may take to say how it ended. */
const STOP_GRACE_MS = 500;

/**
 * Sends one request through n8n's credential helper and reads its answer.
 * Redirects are not followed; the whole exchange, answer included, must end
 * within the run's timeout; an answer over the size cap is dropped unread;
 * Stop ends the wait at once.
 */
export async function sendOnce(
	run: Run,
	provider: ApiProvider,
	connection: Connection,
	options: IHttpRequestOptions,
): Promise<Outcome> {
	const { timeoutMs, maxResponseBytes } = run.policy;
	const signal = run.signal;
	let stream: Readable | undefined;
	let started = false;
	let settled = false;

	if (signal?.aborted) return { kind: 'stopped', sent: false };
	const exchange = (async (): Promise<Outcome> => {
		try {
			started = true;
			const response = await run.context.helpers.httpRequestWithAuthentication
				.call(run.context, provider.credentialType, { ...options, abortSignal: signal })
				.then(
					(answer) => answer as RawResponse,
					(error: unknown) => thrownAnswer(error) ?? Promise.reject(error),
				);
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

	// The answer wins the race as soon as it is read; the wait only ends a stuck exchange.
	const ended = await Promise.race([exchange, wait(timeoutMs, signal, () => settled)]);
	if (typeof ended === 'object') return ended;
	if (ended === 'until') return await exchange;
	if (ended === 'aborted') {
		// n8n aborts the request on Stop: how it ended says whether it left (or even got its answer).
		const outcome = await Promise.race([exchange, wait(STOP_GRACE_MS, undefined, () => settled)]);
		if (typeof outcome === 'object' && outcome.kind === 'answer') return outcome;
		stream?.destroy();
		if (typeof outcome === 'object' && outcome.kind === 'notSent') return { kind: 'stopped', sent: false };
		return { kind: 'stopped', sent: started };
	}
	// Timed out: stop reading; the request itself ends with n8n's idle timeout.
	stream?.destroy();
	void exchange.catch(() => undefined);
	return { kind: 'timeout' };
}

/** The request options every attempt uses. */
export function requestOptions(
	connection: Connection,
	request: { method: IHttpRequestOptions['method']; path: string; body?: unknown; qs?: object },
	timeoutMs: number,
	statusesThrow: boolean,
): IHttpRequestOptions {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: connection.baseUrl!.url + request.path,
		json: true,
		returnFullResponse: true,
		// Read as a stream so that the size cap and the deadline hold while the answer arrives.
		encoding: 'stream',
		// Statuses are decided by the transport (from the answer, or from the error that carries it for OAuth2).
		ignoreHttpStatusErrors: !statusesThrow,
		// A redirect would turn a create into a GET, or carry the key to another host.
		disableFollowRedirect: true,
		// n8n's idle timeout, as a backstop that closes the socket after our deadline ended the wait.
		timeout: timeoutMs + 1000,
	};
	if (request.body !== undefined) options.body = request.body as IHttpRequestOptions['body'];
	if (request.qs !== undefined) options.qs = request.qs as IHttpRequestOptions['qs'];
	return options;
}
