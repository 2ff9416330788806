/*
 * The types the shared layer and every operation speak, in one place: the
 * modules that implement them import from here and never from each other
 * for types, so no two shared modules depend on each other.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import type { BaseUrl } from './baseUrl';
import type { Pacer } from './pacing';
import type { Redactor } from './redact';
import type { ItemClaim } from './skipStore';

export type NodeError = NodeApiError | NodeOperationError;

export type Headers = Record<string, string | string[] | undefined>;

/**
 * One attempt of one request, as what happened to it: an answer (any
 * status, read whole and within the size cap), or the way it failed, and
 * whether anything may have reached the server.
 */
export type Outcome =
	| { kind: 'answer'; status: number; headers: Headers; body: unknown; text: string }
	/** Nothing reached the server: an unusable URL, connection refused, no such host, blocked by n8n. */
	| { kind: 'notSent'; code: string; message: string; blockedBy?: 'ssrf' }
	/** The request went out and its answer was lost (connection reset, or dropped mid-answer). */
	| { kind: 'lost'; code: string; message: string }
	| { kind: 'timeout' }
	| { kind: 'tooLarge'; status: number }
	/**
	 * The request did not go (or its wait ended): the user pressed Stop, or
	 * the node is going to fail ("halted", Continue On Fail off). `sent` says
	 * whether this attempt had started.
	 */
	| { kind: 'stopped'; sent: boolean; why: 'stop' | 'halt' };

/** How a node run sends its requests: set once per run from the node's "Request Options". */
export interface RequestPolicy {
	/** Items whose requests run at the same time. */
	concurrency: number;
	/** Re-send creates after a server error or a lost answer, accepting possible duplicates. */
	retryServerErrors: boolean;
	/** Tries per request, the first included. */
	maxAttempts: number;
	/** Pace per credential; undefined = unpaced until the API answers 429. */
	requestsPerMinute?: number;
	/** Whole-request deadline: from sending to the last byte of the answer. */
	timeoutMs: number;
	/** The longest any single wait may be (Retry-After, backoff); a server asking for more fails the item. */
	maxWaitMs: number;
	/** The largest answer read; a larger one fails the item. */
	maxResponseBytes: number;
	/** "Skip Items Already Sent": creates record their key in n8n's deduplication store. */
	skipAlreadySent: boolean;
}

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
	 * OAuth2: a 401 means the access token expired. n8n refreshes a token only
	 * when a request throws on its 401, so the transport then makes one such
	 * request (`refreshProbe`) and sends the refused request again.
	 */
	oauth2?: { refreshProbe: { method: IHttpRequestMethods; path: string } };
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
	/**
	 * Every input item a batch request carries (default: `itemIndex`): their
	 * keys for "Skip Items Already Sent" are recorded as it leaves.
	 */
	itemIndexes?: number[];
	/** A clearer message for a failure of this particular request (before the provider's own). */
	explain?: (failure: ApiFailure) => string | undefined;
	/**
	 * For a 429: the message when it is a limit of this request's own (RD's
	 * 24 updates per contact a day), not the account's pace. The item then
	 * fails at once, nothing is retried and the pace is left alone.
	 */
	ownLimit?: (failure: ApiFailure) => string | undefined;
}

export interface ApiFailure {
	request: ApiRequest;
	statusCode: number;
	message: string;
	code?: string;
	requestId?: string;
	/** The answer's Retry-After, in milliseconds. */
	retryAfterMs?: number;
}

/** One provider's credential as a run uses it: read, checked and prepared once. */
export interface Connection {
	credentials: IDataObject;
	baseUrl?: BaseUrl;
	/** Why the Base URL cannot be used; every request of the run fails with it, nothing is sent. */
	baseUrlProblem?: string;
	redactor: Redactor;
	pacer: Pacer;
}

export type NodeContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions;

/**
 * Everything one node execution (or one editor lookup) shares: its policy,
 * the credentials read once, Stop, and what each item took. Made once per
 * execution (`ExecutionRun`) and handed to operations and the transport.
 */
export interface Run {
	readonly context: NodeContext;
	readonly policy: RequestPolicy;
	/** n8n's Stop: aborted when the user stops the execution. */
	readonly signal: AbortSignal | undefined;
	/** What waits and new requests watch: Stop, or the node going to fail (`halt`). */
	readonly waitSignal: AbortSignal;
	/** The node is going to fail: no new request starts, waits end. */
	readonly halted: boolean;
	halt(): void;
	/** Attempts the requests of each item took (the most of any one request). */
	readonly attempts: Map<number, number>;
	recordAttempt(itemIndex: number | undefined, attempt: number): void;
	/** "Skip Items Already Sent": each item's key, recorded by the transport as the item's write leaves. */
	readonly claims: Map<number, ItemClaim>;
	/** The item's own key for "Skip Items Already Sent", when the user set one; undefined = a hash of its request. */
	skipKeyOf(itemIndex: number): string | undefined;
	/** A value read once per run (or per editor lookup), shared by everything that needs it. */
	memo<T>(key: string, read: () => Promise<T>): Promise<T>;
	connection(provider: ApiProvider): Promise<Connection>;
	/** The error for a credential whose Base URL cannot be used: names the field, says nothing was sent. */
	baseUrlError(provider: ApiProvider, connection: Connection, itemIndex?: number): NodeOperationError;
	/** The run is over: its pace no longer counts for the credentials it used. */
	close(): void;
}

/**
 * One operation file: its parameters, and its work in three steps, so that
 * every item is checked before any is sent.
 */
export interface OperationModule<Prepared = unknown, Loaded = unknown> {
	/**
	 * What every item needs from the API (a conversion type's fields, the
	 * account's fields), read once per run before any item is prepared. A
	 * failed read fails the run as the API error it is.
	 */
	load?(this: IExecuteFunctions, run: Run): Promise<Loaded>;
	/** Reads and validates the item's parameters into what `send` needs; throws for bad input. No requests. */
	prepare(this: IExecuteFunctions, itemIndex: number, loaded: Loaded): Prepared;
	/** Sends the prepared request and returns the output item(s). */
	send(this: IExecuteFunctions, prepared: Prepared, itemIndex: number, run: Run): Promise<IDataObject | IDataObject[]>;
	/** Creates only: the id the provider gave the record, named when a run stops early. */
	createdId?(output: IDataObject): unknown;
	/** Operations that can send many items in one request (RD's event batches, Nexor's bulk leads). */
	batch?: BatchSender<Prepared>;
}

export interface BatchItem<Prepared> {
	itemIndex: number;
	prepared: Prepared;
}

/** An item's outcome in a batch: its output, or its error (`AlreadySent` when an earlier run sent it). */
export type BatchOutcome = IDataObject | Error;

/** Sends items in batches: the loop groups them in input order and pairs each answer to its item. */
export interface BatchSender<Prepared> {
	/** Whether this run sends in batches (a node parameter). */
	enabled(this: IExecuteFunctions, run: Run): boolean;
	/** Bytes one item adds to a batch. */
	sizeOf(prepared: Prepared): number;
	maxBytes: number;
	/** The most items one request may carry (the provider's documented count limit). */
	maxItems?: number;
	/** Sends one batch; returns each item's outcome, in the items' order. */
	send(this: IExecuteFunctions, items: Array<BatchItem<Prepared>>, run: Run): Promise<BatchOutcome[]>;
}

/** A resource's operations by their saved `operation` value. */
export type ResourceOperations = Record<string, OperationModule>;
