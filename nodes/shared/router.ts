import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemOperation } from './itemLoop';
import { runForEachItem } from './itemLoop';
import { Run } from './run';

/** One operation file: its parameters and the work it does for one item. */
export interface OperationModule {
	/** The entry in the "Operation" dropdown (its value is the key it is listed under). */
	option: Omit<INodePropertyOptions, 'value'>;
	description: INodeProperties[];
	execute: ItemOperation;
}

export type ResourceOperations = Record<string, OperationModule>;

/**
 * Picks the operation the node is set to and runs it through the shared item
 * loop with the node's request options. Every node's `actions/router.ts` is
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
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of resource "${resource}" is not supported`,
		);
	}
	const run = Run.forExecution(this, defaultRequestsPerMinute);
	return [await runForEachItem.call(this, module.execute, run)];
}
