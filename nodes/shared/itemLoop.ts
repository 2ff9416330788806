import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Run } from './run';

/** Work for one input item: returns the output item(s) it produces. */
export type ItemOperation = (
	this: IExecuteFunctions,
	itemIndex: number,
	run: Run,
) => Promise<IDataObject | IDataObject[]>;

type NodeError = NodeApiError | NodeOperationError;

function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

/** What a failed item carries under "Continue On Fail": the message and what helps act on it. */
function errorItem(error: NodeError): IDataObject {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
	for (const key of ['code', 'requestId', 'possiblyCreated'] as const) {
		if (error.context[key] !== undefined) json[key] = error.context[key] as string | boolean;
	}
	return json;
}

/**
 * The one per-item loop all nodes share: runs `operation` for every input
 * item, up to `concurrency` at a time; output order and `pairedItem` follow
 * the input whatever order the answers come in. Every error carries its item
 * index; under "Continue On Fail" a failed item becomes `{ error }` while the
 * others go on, otherwise no new item starts after the first failure and the
 * earliest failed item's error is thrown. Items that needed more than one
 * attempt say how many (`attempts`).
 */
export async function runForEachItem(
	this: IExecuteFunctions,
	operation: ItemOperation,
	run: Run,
): Promise<INodeExecutionData[]> {
	const itemCount = this.getInputData().length;
	const continueOnFail = this.continueOnFail();
	const results: INodeExecutionData[][] = new Array(itemCount);
	let nextItem = 0;
	// Without "Continue On Fail": the earliest failed item, and its error.
	let failedAt = Infinity;
	let failure: NodeError | undefined;

	const withAttempts = (json: IDataObject, itemIndex: number) => {
		const attempts = run.attempts.get(itemIndex) ?? 1;
		return attempts > 1 ? { ...json, attempts } : json;
	};

	const worker = async () => {
		while (failedAt === Infinity && nextItem < itemCount) {
			const itemIndex = nextItem++;
			try {
				const result = await operation.call(this, itemIndex, run);
				results[itemIndex] = (Array.isArray(result) ? result : [result]).map((json) => ({
					json: withAttempts(json, itemIndex),
					pairedItem: { item: itemIndex },
				}));
			} catch (error) {
				const nodeError = asNodeError(this, error, itemIndex);
				if (!continueOnFail) {
					if (itemIndex < failedAt) {
						failedAt = itemIndex;
						failure = nodeError;
					}
					return;
				}
				results[itemIndex] = [{ json: withAttempts(errorItem(nodeError), itemIndex), pairedItem: { item: itemIndex } }];
			}
		}
	};

	const workers = Math.max(1, Math.min(run.policy.concurrency, itemCount));
	await Promise.all(Array.from({ length: workers }, worker));
	if (failure) throw failure;
	return results.flat();
}
