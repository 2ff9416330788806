import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { OperationModule } from './router';
import type { Run } from './run';
import { AlreadySent, contentKey, ItemClaim, SkipStore } from './skipStore';

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
	for (const key of ['code', 'requestId', 'possiblyCreated', 'notSent'] as const) {
		if (error.context[key] !== undefined) json[key] = error.context[key] as string | boolean;
	}
	return json;
}

/** "3, 5–9, 12": item indexes, runs folded. */
export function itemList(indexes: number[]): string {
	const runs: string[] = [];
	for (let start = 0; start < indexes.length; ) {
		let end = start;
		while (end + 1 < indexes.length && indexes[end + 1] === indexes[end] + 1) end++;
		runs.push(end === start ? `${indexes[start]}` : `${indexes[start]}–${indexes[end]}`);
		start = end + 1;
	}
	return runs.join(', ');
}

const MAX_LISTED = 50;

/** What a run did with every item, kept to say it when the run ends early. */
interface Ledger {
	created: Array<{ itemIndex: number; id?: unknown }>;
	/** Failed after their request may have been received. */
	possiblyCreated: number[];
	/** Failed without creating anything (besides the item whose error is thrown). */
	failed: number[];
	notSent: number[];
}

function ledgerText({ created, possiblyCreated, failed, notSent }: Ledger): string {
	const createdText = created.length
		? `Created before it stopped (${created.length}): ${created
				.slice(0, MAX_LISTED)
				.map(({ itemIndex, id }) => (id === undefined ? `item ${itemIndex}` : `item ${itemIndex} (${String(id)})`))
				.join(', ')}${created.length > MAX_LISTED ? `, and ${created.length - MAX_LISTED} more` : ''}.`
		: 'Nothing was created.';
	const lists: Array<[string, number[]]> = [
		['May have been recorded', possiblyCreated],
		['Also failed', failed],
		['Not sent', notSent],
	];
	return (
		createdText +
		lists
			.filter(([, indexes]) => indexes.length)
			.map(([label, indexes]) => ` ${label} (${indexes.length}): items ${itemList(indexes)}.`)
			.join('')
	);
}

const stoppedBeforeSending = (context: IExecuteFunctions, itemIndex: number) => {
	const error = new NodeOperationError(
		context.getNode(),
		'The execution was stopped before this item was sent: nothing was sent for it.',
		{ itemIndex },
	);
	error.context.notSent = true;
	return error;
};

/**
 * The one per-item loop all nodes share, in two phases.
 *
 * Prepare: every item's parameters are read and checked first. Without
 * "Continue On Fail", one bad item stops the run before anything is sent.
 *
 * Send: up to Concurrency items at a time; output order and `pairedItem`
 * follow the input. Without "Continue On Fail" no new item starts after the
 * first failure, and the error says which items were created and which were
 * not sent. Stop (the execution's cancel signal) starts nothing new; items
 * never sent say so. With "Skip Items Already Sent", an item whose key an
 * earlier run recorded is output as `{ skipped: true }` instead of sent.
 */
export async function runOperation(
	this: IExecuteFunctions,
	operation: OperationModule,
	run: Run,
): Promise<INodeExecutionData[]> {
	const itemCount = this.getInputData().length;
	const continueOnFail = this.continueOnFail();
	const results: INodeExecutionData[][] = new Array(itemCount);
	const paired = (json: IDataObject, itemIndex: number): INodeExecutionData => {
		const attempts = run.attempts.get(itemIndex) ?? 1;
		return { json: attempts > 1 ? { ...json, attempts } : json, pairedItem: { item: itemIndex } };
	};
	const fail = (error: NodeError, itemIndex: number) => (results[itemIndex] = [paired(errorItem(error), itemIndex)]);

	// Phase 1: prepare every item.
	const prepared: unknown[] = new Array(itemCount);
	const invalid: Array<{ itemIndex: number; error: NodeError }> = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			prepared[itemIndex] = await operation.prepare.call(this, itemIndex, run);
		} catch (error) {
			invalid.push({ itemIndex, error: asNodeError(this, error, itemIndex) });
		}
	}
	if (invalid.length && !continueOnFail) {
		const [{ error }] = invalid;
		error.description = `Nothing was sent for any item: fix item${invalid.length > 1 ? 's' : ''} ${itemList(invalid.map((entry) => entry.itemIndex))} first.${
			error.description && error.description !== 'Nothing was sent for this item.' ? ` ${error.description}` : ''
		}`;
		throw error;
	}
	for (const { itemIndex, error } of invalid) fail(error, itemIndex);

	// Phase 2: send.
	const skip = operation.createdId !== undefined && run.policy.skipAlreadySent ? new SkipStore(this) : undefined;
	const ledger: Ledger = { created: [], possiblyCreated: [], failed: [], notSent: [] };
	// Without "Continue On Fail": every failed item; the earliest one's error is thrown.
	const failures = new Map<number, NodeError>();
	const stopped = () => run.signal?.aborted === true;

	const claims = new Map<number, ItemClaim>();
	/**
	 * Sets up the item's key. A single item's is handed to the transport,
	 * which records it as the item's write leaves (see `ItemClaim`); a batch
	 * records its items' keys itself, before its one request.
	 */
	const claimFor = (itemIndex: number, byTransport: boolean): ItemClaim | undefined => {
		if (!skip) return undefined;
		const claim = new ItemClaim(skip, run.skipKeyOf(itemIndex) ?? contentKey(prepared[itemIndex]));
		claims.set(itemIndex, claim);
		if (byTransport) run.claims.set(itemIndex, claim);
		return claim;
	};
	/** An item an earlier run sent: output as skipped instead of sent. */
	const skipped = (itemIndex: number, error: AlreadySent) =>
		(results[itemIndex] = [paired({ skipped: true, reason: SKIPPED_REASON, key: error.key }, itemIndex)]);
	const succeeded = (itemIndex: number, output: IDataObject | IDataObject[]) => {
		const outputs = Array.isArray(output) ? output : [output];
		results[itemIndex] = outputs.map((json) => paired(json, itemIndex));
		if (operation.createdId) ledger.created.push({ itemIndex, id: operation.createdId(outputs[0]) });
	};
	const failed = async (itemIndex: number, error: unknown) => {
		if (error instanceof AlreadySent) {
			skipped(itemIndex, error);
			return;
		}
		const nodeError = asNodeError(this, error, itemIndex);
		// Kept when the record may exist, so that a re-run does not send it twice.
		if (nodeError.context.possiblyCreated !== true) await claims.get(itemIndex)?.release();
		if (continueOnFail) fail(nodeError, itemIndex);
		else failures.set(itemIndex, nodeError);
	};

	const sendItem = async (itemIndex: number) => {
		claimFor(itemIndex, true);
		try {
			succeeded(itemIndex, await operation.send.call(this, prepared[itemIndex], itemIndex, run));
		} catch (error) {
			await failed(itemIndex, error);
		}
	};

	const batcher = operation.batch?.enabled.call(this, run) ? operation.batch : undefined;
	const sendBatch = async (itemIndexes: number[]) => {
		// One request carries them all: every key is recorded (in one write to the store) before it leaves.
		const takes = await Promise.allSettled(itemIndexes.map(async (itemIndex) => await claimFor(itemIndex, false)?.take()));
		const claimed: number[] = [];
		for (const [position, itemIndex] of itemIndexes.entries()) {
			const take = takes[position];
			if (take.status === 'fulfilled') claimed.push(itemIndex);
			else if (take.reason instanceof AlreadySent) skipped(itemIndex, take.reason);
			else throw take.reason;
		}
		if (claimed.length === 0) return;
		const items = claimed.map((itemIndex) => ({ itemIndex, prepared: prepared[itemIndex] }));
		let answers: Array<IDataObject | Error>;
		try {
			answers = await batcher!.send.call(this, items, run);
		} catch (error) {
			answers = claimed.map(() => error as Error);
		}
		for (const [position, itemIndex] of claimed.entries()) {
			const answer = answers[position];
			if (answer instanceof Error) await failed(itemIndex, answer);
			else succeeded(itemIndex, answer);
		}
	};

	// What the workers take, in input order: single items, or batches under the size cap.
	const units: number[][] = [];
	let lastSize = 0;
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		if (results[itemIndex]) continue;
		const size = batcher ? batcher.sizeOf(prepared[itemIndex]) : 0;
		if (batcher && units.length && lastSize + size <= batcher.maxBytes) {
			units[units.length - 1].push(itemIndex);
			lastSize += size;
		} else {
			units.push([itemIndex]);
			lastSize = size;
		}
	}
	let nextUnit = 0;
	const worker = async () => {
		while (failures.size === 0 && nextUnit < units.length && !stopped()) {
			const unit = units[nextUnit++];
			if (batcher) await sendBatch(unit);
			else await sendItem(unit[0]);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(run.policy.concurrency, units.length)) }, worker));
	// Every recorded key is in n8n's store before the node returns (see SkipStore).
	await skip?.settled();

	const firstFailure = Math.min(...failures.keys());
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		const failed = failures.get(itemIndex);
		if (itemIndex === firstFailure || (results[itemIndex] && !failed)) continue;
		if (failed) ledger[failed.context.possiblyCreated === true ? 'possiblyCreated' : 'failed'].push(itemIndex);
		else {
			ledger.notSent.push(itemIndex);
			if (continueOnFail) fail(stoppedBeforeSending(this, itemIndex), itemIndex);
		}
	}
	if (failures.size || (stopped() && !continueOnFail)) {
		ledger.created.sort((a, b) => a.itemIndex - b.itemIndex);
		const error = failures.get(firstFailure) ?? new NodeOperationError(this.getNode(), 'The execution was stopped');
		error.description = [error.description, ledgerText(ledger)].filter(Boolean).join(' ');
		error.context.createdItems = ledger.created.map(({ itemIndex, id }) => ({ itemIndex, id: id === undefined ? null : String(id) }));
		error.context.notSentItems = ledger.notSent;
		throw error;
	}
	return results.flat();
}

const SKIPPED_REASON =
	'Already sent by an earlier run of this node, or earlier in this run (Skip Items Already Sent): not sent again';
