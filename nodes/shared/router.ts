import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runOperation } from './itemLoop';
import { Run } from './run';

/**
 * One operation file: its parameters, and its work for one item in two
 * steps, so that every item is checked before any is sent.
 */
export interface OperationModule<Prepared = unknown> {
	/** Reads and validates the item's parameters into what `send` needs; throws for bad input. */
	prepare(this: IExecuteFunctions, itemIndex: number, run: Run): Prepared | Promise<Prepared>;
	/** Sends the prepared request and returns the output item(s). */
	send(this: IExecuteFunctions, prepared: Prepared, itemIndex: number, run: Run): Promise<IDataObject | IDataObject[]>;
	/** Creates only: the id the provider gave the record, named when a run stops early. */
	createdId?(output: IDataObject): unknown;
	/** Operations that can send many items in one request (RD's event batches). */
	batch?: BatchSender<Prepared>;
}

/** Sends items in batches: the loop groups them in input order under `maxBytes` and pairs each answer to its item. */
export interface BatchSender<Prepared> {
	/** Whether this run sends in batches (a node parameter). */
	enabled(this: IExecuteFunctions, run: Run): boolean;
	/** Bytes one item adds to a batch. */
	sizeOf(prepared: Prepared): number;
	maxBytes: number;
	/** Sends one batch; returns each item's output or error, in the items' order. */
	send(
		this: IExecuteFunctions,
		items: Array<{ itemIndex: number; prepared: Prepared }>,
		run: Run,
	): Promise<Array<IDataObject | Error>>;
}

/** A resource's operations by their saved `operation` value. */
export type ResourceOperations = Record<string, OperationModule>;

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
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of resource "${resource}" is not supported`,
		);
	}
	const run = Run.forExecution(this, defaultRequestsPerMinute);
	try {
		return [await runOperation.call(this, module, run)];
	} finally {
		run.close();
	}
}
