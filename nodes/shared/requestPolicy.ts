import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

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
}

export interface RunState {
	policy: RequestPolicy;
	/** Attempts the requests of each item took (the most of any one request). */
	attempts: Map<number, number>;
	/** Decrypted credentials by type, read once per run rather than once per request. */
	credentials: Map<string, Promise<IDataObject>>;
}

export const DEFAULT_CONCURRENCY = 10;
export const DEFAULT_MAX_ATTEMPTS = 5;

const runs = new WeakMap<object, RunState>();

/** The run state of an execution context; load-options calls get the defaults. */
export function runStateOf(context: object): RunState {
	let state = runs.get(context);
	if (!state) {
		state = {
			policy: { concurrency: 1, retryServerErrors: false, maxAttempts: DEFAULT_MAX_ATTEMPTS },
			attempts: new Map(),
			credentials: new Map(),
		};
		runs.set(context, state);
	}
	return state;
}

/** Reads the node's "Request Options" (once per run) into its run state. */
export function configureRun(context: IExecuteFunctions, defaultRequestsPerMinute?: number): RunState {
	const options = context.getNodeParameter('requestOptions', 0, {}) as {
		concurrency?: number;
		retryServerErrors?: boolean;
		maxAttempts?: number;
		requestsPerMinute?: number;
	};
	const state = runStateOf(context);
	state.policy = {
		concurrency: Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY)),
		retryServerErrors: options.retryServerErrors === true,
		maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)),
		requestsPerMinute: options.requestsPerMinute || defaultRequestsPerMinute,
	};
	return state;
}

/**
 * The "Request Options" every node offers. `requestsPerMinute` is offered
 * with a default where the provider documents a limit (RD Station: 120).
 */
export function requestOptionsDescription(defaultRequestsPerMinute?: number): INodeProperties {
	const options: INodeProperties[] = [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100 },
			default: DEFAULT_CONCURRENCY,
			description:
				'How many items’ requests to send at the same time, within the rate limit. 1 sends one at a time. Output order always follows the input.',
		},
		{
			displayName: 'Max Attempts',
			name: 'maxAttempts',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 10 },
			default: DEFAULT_MAX_ATTEMPTS,
			description:
				'Tries per request when the API asks to wait (429, 503 with Retry-After) or cannot be reached, with growing pauses in between',
		},
		{
			displayName: 'Retry Server Errors',
			name: 'retryServerErrors',
			type: 'boolean',
			default: false,
			description:
				'Whether to send a create again after a server error or a lost answer. Off, such an item fails with a message that the record may exist; on, it may be created twice.',
		},
	];
	const defaultPace = defaultRequestsPerMinute ?? 0;
	options.push({
		displayName: 'Requests per Minute',
		name: 'requestsPerMinute',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: defaultPace,
		description:
			defaultRequestsPerMinute === undefined
				? 'Pace of requests with this credential, if your plan has a known limit. 0 sends as fast as Concurrency allows and slows down at the first "too many requests" answer.'
				: `Pace of requests with this credential; ${defaultRequestsPerMinute} is the documented limit of most plans (raise it for larger plans)`,
	});
	return {
		displayName: 'Request Options',
		name: 'requestOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}
