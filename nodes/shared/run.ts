import type { IDataObject, IExecuteFunctions, IHookFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkBaseUrl } from './baseUrl';
import type { Pacer } from './pacing';
import { pacerFor } from './pacing';
import { credentialSecrets, Redactor } from './redact';
import type { ItemClaim } from './skipStore';
import type { ApiProvider, Connection, NodeContext, RequestPolicy, Run } from './types';

export const DEFAULT_CONCURRENCY = 10;
export const DEFAULT_MAX_ATTEMPTS = 5;
/*
 * 60 s: Nexor, Nateq and RD answer single records in well under a second;
 * a minute leaves room for a slow proxy and still ends a stuck request.
 */
export const DEFAULT_TIMEOUT_SECONDS = 60;
/*
 * 5 minutes: RD's limits are per minute (a Retry-After of at most 60 s), and
 * no provider documents longer pauses; a server asking for more than this is
 * better answered by running the items later than by an execution that hangs.
 */
export const MAX_WAIT_MS = 5 * 60_000;
/*
 * 10 MB: the largest answer here is a page of 200 conversion events (about
 * 200 KB); anything near 10 MB is not one of these APIs' answers.
 */
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/** The editor's dropdowns and field lists, webhook setup: quick answers or a clear failure, never a long wait. */
const EDITOR_POLICY: RequestPolicy = {
	concurrency: 1,
	retryServerErrors: false,
	maxAttempts: 2,
	timeoutMs: 20_000,
	maxWaitMs: 10_000,
	maxResponseBytes: MAX_RESPONSE_BYTES,
	skipAlreadySent: false,
};

/** One node execution (or one editor lookup): see `Run`. */
export class ExecutionRun implements Run {
	/** Attempts the requests of each item took (the most of any one request). */
	readonly attempts = new Map<number, number>();

	private readonly connections = new Map<string, Promise<Connection>>();

	private readonly memos = new Map<string, Promise<unknown>>();

	/** "Skip Items Already Sent": each item's key, taken by the transport just before the item's write leaves. */
	readonly claims = new Map<number, ItemClaim>();

	/** The pacers this run holds a lease on, released by `close`. */
	private readonly leases = new Set<Pacer>();

	private readonly haltController = new AbortController();

	private combined?: AbortSignal;

	constructor(
		readonly context: NodeContext,
		readonly policy: RequestPolicy,
		/** Whether this run's pace counts for the credential (executions do; editor lookups do not). */
		private readonly paced: boolean,
	) {}

	/** A run for an execution, with the node's "Request Options". */
	static forExecution(context: IExecuteFunctions, defaultRequestsPerMinute?: number): Run {
		return new ExecutionRun(context, policyFrom(context, defaultRequestsPerMinute), true);
	}

	/** A run for the editor's dropdowns and field lists, and for a trigger's webhook setup. */
	static forLookup(context: ILoadOptionsFunctions | IHookFunctions): Run {
		return new ExecutionRun(context, EDITOR_POLICY, false);
	}

	/** The run is over: its pace no longer counts for the credentials it used. */
	close(): void {
		for (const pacer of this.leases) pacer.leave(this);
		this.leases.clear();
	}

	get signal(): AbortSignal | undefined {
		const context = this.context as Partial<IExecuteFunctions>;
		return typeof context.getExecutionCancelSignal === 'function' ? context.getExecutionCancelSignal() : undefined;
	}

	get waitSignal(): AbortSignal {
		const stop = this.signal;
		this.combined ??= stop ? AbortSignal.any([stop, this.haltController.signal]) : this.haltController.signal;
		return this.combined;
	}

	get halted(): boolean {
		return this.haltController.signal.aborted;
	}

	halt(): void {
		this.haltController.abort();
	}

	/** A value read once per run (e.g. a conversion type's fields), shared by every item that needs it. */
	async memo<T>(key: string, read: () => Promise<T>): Promise<T> {
		let value = this.memos.get(key) as Promise<T> | undefined;
		if (!value) {
			value = read();
			this.memos.set(key, value);
		}
		return await value;
	}

	/** The item's own key for "Skip Items Already Sent", when the user set one; undefined = a hash of its request. */
	skipKeyOf(itemIndex: number): string | undefined {
		const key = (this.context as IExecuteFunctions).getNodeParameter('requestOptions.skipKey', itemIndex, '');
		return key === '' || key === null || key === undefined ? undefined : `key:${typeof key === 'string' ? key : JSON.stringify(key)}`;
	}

	recordAttempt(itemIndex: number | undefined, attempt: number): void {
		if (itemIndex === undefined) return;
		this.attempts.set(itemIndex, Math.max(this.attempts.get(itemIndex) ?? 0, attempt));
	}

	connection(provider: ApiProvider): Promise<Connection> {
		let connection = this.connections.get(provider.credentialType);
		if (!connection) {
			connection = this.connect(provider);
			this.connections.set(provider.credentialType, connection);
		}
		return connection;
	}

	private async connect(provider: ApiProvider): Promise<Connection> {
		const credentials = (await this.context.getCredentials(provider.credentialType)) as IDataObject;
		const check = checkBaseUrl(credentials.baseUrl, provider.defaultBaseUrl, credentials.allowUnencryptedHttp === true);
		const urlSecrets = check.ok ? check.baseUrl.secrets : [];
		const redactor = new Redactor([...credentialSecrets(credentials), ...urlSecrets], provider.secretQueryParameters);
		const credentialId = this.context.getNode().credentials?.[provider.credentialType]?.id ?? '';
		const pacer = pacerFor(`${provider.credentialType}:${credentialId}:${check.ok ? check.baseUrl.url : ''}`);
		if (this.paced) {
			pacer.join(this, this.policy.requestsPerMinute);
			this.leases.add(pacer);
		}
		return {
			credentials,
			baseUrl: check.ok ? check.baseUrl : undefined,
			baseUrlProblem: check.ok ? undefined : check.problem,
			redactor,
			pacer,
		};
	}

	/** The error for a credential whose Base URL cannot be used: names the field, says nothing was sent. */
	baseUrlError(provider: ApiProvider, connection: Connection, itemIndex?: number): NodeOperationError {
		const given = connection.redactor.text(String(connection.credentials.baseUrl ?? ''));
		return new NodeOperationError(
			this.context.getNode(),
			`Base URL of the "${provider.credentialName}" credential: ${connection.baseUrlProblem}, got ${JSON.stringify(given)}`,
			{ itemIndex, description: 'Nothing was sent. Correct the Base URL in the credential, or leave it empty for the default.' },
		);
	}
}

function policyFrom(context: IExecuteFunctions, defaultRequestsPerMinute?: number): RequestPolicy {
	const options = context.getNodeParameter('requestOptions', 0, {}) as {
		concurrency?: number;
		retryServerErrors?: boolean;
		maxAttempts?: number;
		requestsPerMinute?: number;
		timeout?: number;
		skipAlreadySent?: boolean;
	};
	const timeoutSeconds = options.timeout && options.timeout > 0 ? options.timeout : DEFAULT_TIMEOUT_SECONDS;
	return {
		concurrency: Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY)),
		retryServerErrors: options.retryServerErrors === true,
		maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)),
		// 0 is the user's "unpaced"; only an unset option takes the provider's documented limit.
		requestsPerMinute: options.requestsPerMinute ?? defaultRequestsPerMinute,
		timeoutMs: timeoutSeconds * 1000,
		maxWaitMs: MAX_WAIT_MS,
		maxResponseBytes: MAX_RESPONSE_BYTES,
		skipAlreadySent: options.skipAlreadySent === true,
	};
}
