import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ItemClaim } from './skipStore';
import { AlreadySent, contentKey, releaseAll, SkipStore } from './skipStore';
import { listNote, recordToolFailure, runsAsTool, toolErrorItem } from './toolMode';
import type { BatchOutcome, NodeError, OperationModule, Run } from './types';

function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex?: number): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (itemIndex !== undefined) error.context.itemIndex ??= itemIndex;
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

/**
 * The account of the items other than the one whose error is thrown (that error says what happened to
 * its own item: a create that may have been recorded says so there). Only operations that create say
 * what was created; with several items, that none other was.
 */
function ledgerText({ created, possiblyCreated, failed, notSent }: Ledger, creates: boolean, itemCount: number): string {
	const createdText = !creates
		? ''
		: created.length
			? `Created before it stopped (${created.length}): ${created
					.slice(0, MAX_LISTED)
					.map(({ itemIndex, id }) => (id === undefined ? `item ${itemIndex}` : `item ${itemIndex} (${String(id)})`))
					.join(', ')}${created.length > MAX_LISTED ? `, and ${created.length - MAX_LISTED} more` : ''}.`
			: itemCount > 1
				? 'No other item was created.'
				: '';
	const lists: Array<[string, number[]]> = [
		['May have been recorded', possiblyCreated],
		['Also failed', failed],
		['Not sent', notSent],
	];
	return [createdText, ...lists.filter(([, indexes]) => indexes.length).map(([label, indexes]) => `${label} (${indexes.length}): items ${itemList(indexes)}.`)]
		.filter(Boolean)
		.join(' ');
}

const notSentError = (context: IExecuteFunctions, itemIndex: number, message: string) => {
	const error = new NodeOperationError(context.getNode(), message, { itemIndex });
	error.context.notSent = true;
	return error;
};

const STOPPED_BEFORE_SENDING = 'The execution was stopped before this item was sent: nothing was sent for it.';

/** The error of a run stopped (Stop) before anything was sent: no item went out. */
function stoppedBeforeAnything(context: IExecuteFunctions): NodeOperationError {
	return new NodeOperationError(context.getNode(), 'The execution was stopped', { description: 'Nothing was sent for any item.' });
}

/**
 * The items of one run in the order they go out: single items, or batches
 * (under the batch's size and count limits, and never two items with the
 * same key in one batch: the second waits for the first's outcome).
 */
function unitsOf(
	itemIndexes: number[],
	batcher: OperationModule['batch'] | undefined,
	sizeOf: (itemIndex: number) => number,
	keyOf: (itemIndex: number) => string | undefined,
): number[][] {
	const units: number[][] = [];
	let size = 0;
	let keys = new Set<string>();
	for (const itemIndex of itemIndexes) {
		const itemSize = batcher ? sizeOf(itemIndex) : 0;
		const key = keyOf(itemIndex);
		const last = units[units.length - 1];
		const fits =
			batcher &&
			last &&
			size + itemSize <= batcher.maxBytes &&
			last.length < (batcher.maxItems ?? Infinity) &&
			(key === undefined || !keys.has(key));
		if (fits) {
			last.push(itemIndex);
			size += itemSize;
		} else {
			units.push([itemIndex]);
			size = itemSize;
			keys = new Set();
		}
		if (key !== undefined) keys.add(key);
	}
	return units;
}

/**
 * The one per-item loop all nodes share, in three steps.
 *
 * Load: what every item needs from the API is read once (a failure fails the
 * run as the API error it is; Stop is honoured).
 *
 * Prepare: every item's parameters are read and checked, without requests.
 * Without "Continue On Fail", one bad item stops the run before anything is sent.
 *
 * Send: up to Concurrency items (or batches) at a time; output order and
 * `pairedItem` follow the input. Once the node is going to fail (an item
 * failed without "Continue On Fail", or Stop), no new request starts and
 * waits end; the error accounts for every item: created, may have been
 * recorded, failed, not sent. With "Skip Items Already Sent", an item whose
 * key an earlier run recorded is output as `{ skipped: true }`, and an item
 * whose key an earlier item of this run holds waits for that one's outcome.
 *
 * As a tool of n8n's AI Agent, a failed item is answered to the model
 * instead (toolMode.ts): its output is `{ error: <text for the model> }`, as
 * under "Continue On Fail", and the run carries the error where n8n allows.
 */
export async function runOperation(this: IExecuteFunctions, operation: OperationModule, run: Run): Promise<INodeExecutionData[]> {
	const asTool = runsAsTool(this);
	const toolFailures: Array<{ error: NodeError; itemIndex: number }> = [];
	const outcome = await runItems.call(this, operation, run, asTool ? toolFailures : undefined);
	if (toolFailures.length) {
		const [first] = toolFailures.sort((a, b) => a.itemIndex - b.itemIndex);
		recordToolFailure(this, first.error, first.itemIndex);
	}
	return outcome;
}

/** `runOperation`'s loop; `toolFailures` (tool mode) collects the failed items answered to the model. */
async function runItems(
	this: IExecuteFunctions,
	operation: OperationModule,
	run: Run,
	toolFailures?: Array<{ error: NodeError; itemIndex: number }>,
): Promise<INodeExecutionData[]> {
	const itemCount = this.getInputData().length;
	const continueOnFail = toolFailures !== undefined || this.continueOnFail();
	const errorOutput = toolFailures === undefined && this.getNode().onError === 'continueErrorOutput';
	const results: INodeExecutionData[][] = new Array(itemCount);
	// An output item's keys are the operation's, whatever happened on the wire: retries are told only in an error.
	const paired = (json: IDataObject, itemIndex: number): INodeExecutionData => ({ json, pairedItem: { item: itemIndex } });
	const fail = (error: NodeError, itemIndex: number) => {
		if (toolFailures) {
			toolFailures.push({ error, itemIndex });
			return (results[itemIndex] = [paired(toolErrorItem(error), itemIndex)]);
		}
		// "Continue (using error output)": n8n routes an item carrying its error there, the message as `error` and the
		// error itself (description, code, possiblyCreated…) on the item; every runtime does so (json of more keys it would not),
		// and every runtime then writes that item's json as `{ error: <message> }` (WorkflowExecute's normalizeNodeErrors).
		if (errorOutput) return (results[itemIndex] = [{ ...paired({ error: error.message }, itemIndex), error }]);
		const attempts = run.attempts.get(itemIndex) ?? 1;
		return (results[itemIndex] = [paired(attempts > 1 ? { ...errorItem(error), attempts } : errorItem(error), itemIndex)]);
	};
	const stopped = () => run.signal?.aborted === true;

	// Step 1: what every item needs, read once.
	let loaded: unknown;
	if (operation.load) {
		try {
			loaded = await operation.load.call(this, run);
		} catch (error) {
			const nodeError = asNodeError(this, error);
			if (!continueOnFail || stopped()) throw nodeError;
			// Said to a model: no item's request went out.
			if (toolFailures) nodeError.context.notSent = true;
			for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) fail(nodeError, itemIndex);
			return results.flat();
		}
	}
	if (stopped()) throw stoppedBeforeAnything(this);

	// Step 2: prepare every item.
	const prepared: unknown[] = new Array(itemCount);
	const invalid: Array<{ itemIndex: number; error: NodeError }> = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			prepared[itemIndex] = operation.prepare.call(this, itemIndex, loaded);
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
	for (const { itemIndex, error } of invalid) {
		// Said to a model: refused before anything was sent (the editor's message already says so in its description).
		if (toolFailures) error.context.notSent = true;
		fail(error, itemIndex);
	}

	// Step 3: send.
	const skip = operation.createdId !== undefined && run.policy.skipAlreadySent ? new SkipStore(this) : undefined;
	const ledger: Ledger = { created: [], possiblyCreated: [], failed: [], notSent: [] };
	// Without "Continue On Fail": every failed item; the earliest one's error is thrown.
	const failures = new Map<number, NodeError>();
	const toSend = Array.from({ length: itemCount }, (_, itemIndex) => itemIndex).filter((itemIndex) => !results[itemIndex]);

	const keys = new Map<number, string>();
	for (const itemIndex of skip ? toSend : []) keys.set(itemIndex, run.skipKeyOf(itemIndex) ?? contentKey(prepared[itemIndex]));
	/** Each key's latest item so far: an item with the same key waits for that one's outcome. */
	const holders = new Map<string, Promise<'kept' | 'released'>>();
	const outcomes = new Map<number, (outcome: 'kept' | 'released') => void>();
	const predecessor = new Map<number, Promise<'kept' | 'released'>>();
	for (const itemIndex of toSend) {
		const key = keys.get(itemIndex);
		if (key === undefined) continue;
		const before = holders.get(key);
		if (before) predecessor.set(itemIndex, before);
		holders.set(key, new Promise((resolve) => outcomes.set(itemIndex, resolve)));
		// Handed to the transport, which records the key as the item's write leaves.
		run.claims.set(itemIndex, skip!.claim(key));
	}
	const claimOf = (itemIndex: number): ItemClaim[] => {
		const claim = run.claims.get(itemIndex);
		return claim ? [claim] : [];
	};

	/** An item an earlier run (or an earlier item of this run) sent: output as skipped instead of sent. */
	const skipped = (itemIndex: number, found?: AlreadySent['found']) => {
		const json: IDataObject = { skipped: true, reason: SKIPPED_REASON, key: keys.get(itemIndex) ?? null };
		if (found) {
			json.reason = `Found in ${found.foundIn}: a record made by an earlier run carries this item's key (Skip Items Already Sent); not sent again`;
			json.id = found.id === undefined ? null : String(found.id);
		}
		results[itemIndex] = [paired(json, itemIndex)];
		outcomes.get(itemIndex)?.('kept');
	};
	const succeeded = (itemIndex: number, output: IDataObject | IDataObject[]) => {
		const outputs = Array.isArray(output) ? output : [output];
		const note = toolFailures ? listNote(output) : undefined;
		results[itemIndex] = [...outputs, ...(note ? [note] : [])].map((json) => paired(json, itemIndex));
		if (operation.createdId) ledger.created.push({ itemIndex, id: operation.createdId(outputs[0]) });
		outcomes.get(itemIndex)?.('kept');
	};
	/** An item that was not sent because the node is going to fail: accounted for as not sent. */
	const notSent = (itemIndex: number) => outcomes.get(itemIndex)?.('released');
	const failed = async (itemIndex: number, error: unknown) => {
		if (error instanceof AlreadySent) return skipped(itemIndex, error.found);
		const nodeError = asNodeError(this, error, itemIndex);
		if (nodeError.context.halted === true) return notSent(itemIndex);
		const kept = nodeError.context.possiblyCreated === true;
		// Kept when the record may exist, so that a re-run does not send it twice.
		if (!kept) {
			try {
				await releaseAll(claimOf(itemIndex));
			} catch (storeError) {
				nodeError.description = [
					nodeError.description,
					`Its key could not be removed from n8n's record of items already sent (${(storeError as Error).message}): a re-run with Skip Items Already Sent would skip it.`,
				]
					.filter(Boolean)
					.join(' ');
			}
		}
		outcomes.get(itemIndex)?.(kept ? 'kept' : 'released');
		if (continueOnFail) fail(nodeError, itemIndex);
		else {
			failures.set(itemIndex, nodeError);
			// No new request starts: waits end, in-flight requests finish and are accounted for.
			run.halt();
		}
	};

	/** Whether an earlier item of this run with the same key was sent (or may have been): then this one is not. */
	const afterPredecessor = async (itemIndex: number): Promise<boolean> => {
		const before = predecessor.get(itemIndex);
		if (!before) return true;
		if ((await before) === 'released') return true;
		skipped(itemIndex);
		return false;
	};

	const sendItem = async (itemIndex: number) => {
		if (!(await afterPredecessor(itemIndex))) return;
		if (run.halted) return notSent(itemIndex);
		try {
			succeeded(itemIndex, await operation.send.call(this, prepared[itemIndex], itemIndex, run));
		} catch (error) {
			await failed(itemIndex, error);
		}
	};

	const batcher = operation.batch?.enabled.call(this, run) ? operation.batch : undefined;
	const sendBatch = async (unit: number[]) => {
		const ready: number[] = [];
		for (const itemIndex of unit) if (await afterPredecessor(itemIndex)) ready.push(itemIndex);
		if (run.halted) return ready.forEach(notSent);
		if (ready.length === 0) return;
		const items = ready.map((itemIndex) => ({ itemIndex, prepared: prepared[itemIndex] }));
		let answers: BatchOutcome[];
		try {
			answers = await batcher!.send.call(this, items, run);
		} catch (error) {
			answers = ready.map(() => error as Error);
		}
		for (const [position, itemIndex] of ready.entries()) {
			const answer = answers[position];
			if (answer instanceof Error) await failed(itemIndex, answer);
			else succeeded(itemIndex, answer);
		}
	};

	const units = unitsOf(toSend, batcher, (itemIndex) => batcher!.sizeOf(prepared[itemIndex]), (itemIndex) => keys.get(itemIndex));
	let nextUnit = 0;
	const worker = async () => {
		while (!run.halted && nextUnit < units.length && !stopped()) {
			const unit = units[nextUnit++];
			try {
				if (batcher) await sendBatch(unit);
				else await sendItem(unit[0]);
			} catch (error) {
				// Never leave an item unaccounted for (a failure of the store while failing an item).
				for (const itemIndex of unit) if (!results[itemIndex] && !failures.has(itemIndex)) await failed(itemIndex, error).catch(() => undefined);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(run.policy.concurrency, units.length)) }, worker));

	const firstFailure = Math.min(...failures.keys());
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		const failure = failures.get(itemIndex);
		if (itemIndex === firstFailure || (results[itemIndex] && !failure)) continue;
		if (failure?.context.possiblyCreated === true) ledger.possiblyCreated.push(itemIndex);
		else if (failure && failure.context.notSent !== true) ledger.failed.push(itemIndex);
		else {
			ledger.notSent.push(itemIndex);
			if (continueOnFail && !failure) fail(notSentError(this, itemIndex, STOPPED_BEFORE_SENDING), itemIndex);
		}
	}
	if (failures.size || (stopped() && !continueOnFail)) {
		ledger.created.sort((a, b) => a.itemIndex - b.itemIndex);
		const error = failures.get(firstFailure) ?? new NodeOperationError(this.getNode(), 'The execution was stopped');
		error.description = [error.description, ledgerText(ledger, operation.createdId !== undefined, itemCount)].filter(Boolean).join(' ');
		error.context.createdItems = ledger.created.map(({ itemIndex, id }) => ({ itemIndex, id: id === undefined ? null : String(id) }));
		error.context.possiblyCreatedItems = ledger.possiblyCreated;
		error.context.notSentItems = ledger.notSent;
		throw error;
	}
	return results.flat();
}

const SKIPPED_REASON =
	'Already sent by an earlier run of this node, or earlier in this run (Skip Items Already Sent): not sent again';
