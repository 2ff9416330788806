import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_CONCURRENCY, DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT_SECONDS } from './run';
import type { ResourceOperations } from './types';

/** The operation values that create a record (they name what they created): Skip Items Already Sent applies to them. */
function creatingOperations(resources: Record<string, ResourceOperations>): string[] {
	const names = Object.values(resources).flatMap((operations) =>
		Object.entries(operations)
			.filter(([, operation]) => operation.createdId !== undefined)
			.map(([name]) => name),
	);
	return [...new Set(names)].sort();
}

/**
 * The "Request Options" every node offers. `requestsPerMinute` is offered
 * with a default where the provider documents a limit (RD Station: 120);
 * `extra` adds a node's own options (Nexor: look up its own records).
 */
export function requestOptionsDescription({
	resources,
	defaultRequestsPerMinute,
	extra = [],
}: {
	resources: Record<string, ResourceOperations>;
	defaultRequestsPerMinute?: number;
	extra?: INodeProperties[];
}): INodeProperties {
	const writeOperations = creatingOperations(resources);
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
			// Saved as maxAttempts; named apart from n8n's own "Retry On Fail" / "Max Tries" (Settings), which re-run the whole node.
			displayName: 'Attempts per Request',
			name: 'maxAttempts',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 10 },
			default: DEFAULT_MAX_ATTEMPTS,
			description:
				'Tries of one request when the API asks to wait (429, 503 with Retry-After) or cannot be reached, with growing pauses in between. Only that request is sent again, never a create that may have been recorded — unlike n8n’s Retry On Fail (Settings), which runs the whole node again for every item.',
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
	options.push(
		{
			displayName: 'Requests per Minute',
			name: 'requestsPerMinute',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: defaultPace,
			description:
				defaultRequestsPerMinute === undefined
					? 'Pace of requests with this credential, if your plan has a known limit. 0 sends as fast as Concurrency allows and slows down at the first "too many requests" answer.'
					: `Pace of requests with this credential; ${defaultRequestsPerMinute} is the documented limit of most plans (raise it for larger plans)`,
		},
		{
			displayName: 'Skip Items Already Sent',
			name: 'skipAlreadySent',
			type: 'boolean',
			default: false,
			displayOptions: { show: { '/operation': writeOperations } },
			description:
				'Whether to remember each created item in n8n (this node, across executions) and skip it when a later run sends it again — after a failure, a retried execution or Retry On Fail. Skipped items come out as { skipped: true }. Exact within one n8n process; across queue-mode workers best effort (see the README).',
		},
		{
			displayName: 'Skip Key',
			name: 'skipKey',
			type: 'string',
			default: '',
			placeholder: '={{ $json.dealNumber }}',
			displayOptions: { show: { '/operation': writeOperations, skipAlreadySent: [true] } },
			description:
				'What identifies an item for Skip Items Already Sent, e.g. the ID of the row or deal it came from. Empty: the content of its request, so the same content is sent only once.',
		},
		{
			displayName: 'Timeout',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 600 },
			default: DEFAULT_TIMEOUT_SECONDS,
			description:
				'Seconds a request may take from sending to the end of the answer. A create that times out is reported as possibly recorded, not sent again.',
		},
		...extra,
	);
	return {
		displayName: 'Request Options',
		name: 'requestOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}
