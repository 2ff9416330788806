import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runOperation } from './itemLoop';
import { ExecutionRun } from './run';
import type { ResourceOperations } from './types';

/**
 * Picks the operation the node is set to and runs it through the shared item
 * loop with one Run for this execution. Every node's `actions/router.ts` is
 * this with its own resources (and, where the provider documents one, its
 * rate limit as the default pace).
 */
export async function routeToOperation(
	this: IExecuteFunctions,
	resources: Record<string, ResourceOperations>,
	defaultRequestsPerMinute?: number,
): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const module = resources[resource]?.[operation];
	if (!module) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of resource "${resource}" is not supported`);
	}
	const run = ExecutionRun.forExecution(this, defaultRequestsPerMinute);
	try {
		return [await runOperation.call(this, module, run)];
	} finally {
		run.close();
	}
}
