import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** Work for one input item: returns the output item(s) it produces. */
export type ItemOperation = (
	this: IExecuteFunctions,
	itemIndex: number,
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
	if (error.context.code) json.code = error.context.code as string;
	if (error.context.requestId) json.requestId = error.context.requestId as string;
	return json;
}

/**
 * The one per-item loop all nodes share: runs `operation` for every input item,
 * pairs every output with its input (`pairedItem`), puts the item index on every
 * error, and under "Continue On Fail" turns a failed item into `{ error }` while
 * the others go on.
 */
export async function runForEachItem(
	this: IExecuteFunctions,
	operation: ItemOperation,
): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await operation.call(this, itemIndex);
			for (const json of Array.isArray(result) ? result : [result]) {
				output.push({ json, pairedItem: { item: itemIndex } });
			}
		} catch (error) {
			const nodeError = asNodeError(this, error, itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			output.push({ json: errorItem(nodeError), pairedItem: { item: itemIndex } });
		}
	}
	return output;
}
