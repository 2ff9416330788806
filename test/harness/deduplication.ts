/*
 * n8n's deduplication store for the engine harness. n8n keeps it in its
 * database (DeduplicationHelper in n8n's CLI package, which the end-to-end
 * tests use through real n8n); this keeps the same model in memory: one
 * list of hashed entries per workflow and node, read and written back whole
 * by each call, with the oldest entries dropped past `maxEntries`. As in
 * n8n, a node's first call inserts its row: when another process inserted
 * it meanwhile, the insert fails as PostgreSQL's unique key does.
 */
import { createHash } from 'node:crypto';

import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

const contextOf = (scope: DeduplicationScope, data: ICheckProcessedContextData) =>
	`${data.workflow.id}:${scope === 'node' ? `n:${data.node?.id}` : ''}`;
const hash = (value: DeduplicationItemTypes) => createHash('md5').update(String(value)).digest('base64');
/** A database round trip: calls that overlap read the same list, as n8n's do. */
const roundTrip = async () => await new Promise((resolve) => setImmediate(resolve));

export class MemoryDeduplicator implements IDataDeduplicator {
	readonly rows = new Map<string, string[]>();

	/** Runs between a call's read and its write: another process's call landing in between. */
	interleave?: (context: string) => void;

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		data: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		const context = contextOf(scope, data);
		const existed = this.rows.has(context);
		const stored = [...(this.rows.get(context) ?? [])];
		await roundTrip();
		this.interleave?.(context);
		if (!existed && this.rows.has(context)) throw new Error('duplicate key value violates unique constraint "PK_processed_data"');
		const known = new Set(stored);
		const result: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) {
			if (known.has(hash(item))) result.processed.push(item);
			else {
				result.new.push(item);
				stored.push(hash(item));
			}
		}
		if (options.maxEntries) stored.splice(0, Math.max(0, stored.length - options.maxEntries));
		this.rows.set(context, stored);
		return result;
	}

	async removeProcessed(items: DeduplicationItemTypes[], scope: DeduplicationScope, data: ICheckProcessedContextData): Promise<void> {
		const context = contextOf(scope, data);
		const stored = this.rows.get(context) ?? [];
		await roundTrip();
		const removed = new Set(items.map(hash));
		this.rows.set(context, stored.filter((entry) => !removed.has(entry)));
	}

	async clearAllProcessedItems(scope: DeduplicationScope, data: ICheckProcessedContextData): Promise<void> {
		this.rows.delete(contextOf(scope, data));
	}

	async getProcessedDataCount(scope: DeduplicationScope, data: ICheckProcessedContextData): Promise<number> {
		return this.rows.get(contextOf(scope, data))?.length ?? 0;
	}
}
