/*
 * n8n's deduplication store in the engine harness: n8n's own
 * DeduplicationHelper (from the runtime's server package: read the node's
 * one row, change it, write it back, with no transaction or lock), over an
 * in-memory `processed_data` table in place of its database. Every table
 * call takes a database round trip (1–5 ms by default, like a local
 * PostgreSQL), so calls that overlap read the same row and the later write
 * wins, as in n8n. Inserting a row that another call inserted meanwhile
 * fails as PostgreSQL's unique key does.
 */
import path from 'node:path';

import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

import type { Runtime } from '../runtime/n8nRuntime';

interface ProcessedData {
	workflowId: string;
	context: string;
	value: { mode: string; data: unknown };
}

type Where = { workflowId: string; context: string };

/** The `processed_data` table as n8n's ProcessedDataRepository serves it (findOne, insert, update, delete). */
export class ProcessedDataTable {
	/** Row per `<workflow id>:<context>` (context `n:<node id>` for scope node): the stored hashes. */
	readonly rows = new Map<string, string[]>();

	private readonly modes = new Map<string, string>();

	/** One database round trip, in milliseconds (a random time between the two). */
	latencyMs: [number, number] = [1, 5];

	/** Runs when a read has returned: another process's call landing between this call's read and its write. */
	interleave?: (row: string) => void;

	/** The database goes away after this many writes: every later write fails, as a lost connection does. */
	failWritesAfter?: number;

	private writes = 0;

	private async write(): Promise<void> {
		await this.roundTrip();
		this.writes++;
		if (this.failWritesAfter !== undefined && this.writes > this.failWritesAfter) throw new Error('Connection terminated unexpectedly');
	}

	private async roundTrip(): Promise<void> {
		const [low, high] = this.latencyMs;
		await new Promise((resolve) => setTimeout(resolve, low + Math.random() * (high - low)));
	}

	private static key = ({ workflowId, context }: Where) => `${workflowId}:${context}`;

	async findOne({ where }: { where: Where }): Promise<ProcessedData | null> {
		const key = ProcessedDataTable.key(where);
		const data = this.rows.get(key);
		const found: ProcessedData | null = data ? { ...where, value: { mode: this.modes.get(key) ?? 'entries', data: [...data] } } : null;
		await this.roundTrip();
		this.interleave?.(key);
		return found;
	}

	async insert(row: ProcessedData): Promise<void> {
		await this.write();
		const key = ProcessedDataTable.key(row);
		if (this.rows.has(key)) throw new Error('duplicate key value violates unique constraint "PK_processed_data"');
		this.rows.set(key, [...(row.value.data as string[])]);
		this.modes.set(key, row.value.mode);
	}

	async update(where: Where, row: ProcessedData): Promise<void> {
		await this.write();
		const key = ProcessedDataTable.key(where);
		this.rows.set(key, [...(row.value.data as string[])]);
		this.modes.set(key, row.value.mode);
	}

	async delete(where: Where): Promise<void> {
		await this.roundTrip();
		this.rows.delete(ProcessedDataTable.key(where));
	}
}

/** What the tests use: the table, and n8n's store over it (as n8n-core's helpers call it). */
export class Deduplicator {
	readonly table = new ProcessedDataTable();

	private helper?: IDataDeduplicator;

	get rows() {
		return this.table.rows;
	}

	set interleave(hook: ((row: string) => void) | undefined) {
		this.table.interleave = hook;
	}

	get interleave() {
		return this.table.interleave;
	}

	/** n8n's DeduplicationHelper of `runtime`, its repository replaced by the table. */
	load(runtime: Runtime): IDataDeduplicator {
		if (this.helper) return this.helper;
		const from = (modulePath: string) =>
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			require(path.join(runtime.modules, modulePath)) as Record<string, unknown>;
		const { Container } = from('@n8n/di') as { Container: { set(type: unknown, instance: unknown): void } };
		const { ProcessedDataRepository } = from('@n8n/db');
		Container.set(ProcessedDataRepository, this.table);
		const { DeduplicationHelper } = from('n8n/dist/deduplication/deduplication-helper.js') as {
			DeduplicationHelper: new () => IDataDeduplicator;
		};
		this.helper = new DeduplicationHelper();
		return this.helper;
	}

	/** Another process's call on the store (queue-mode workers share it). */
	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		data: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		return await this.helper!.checkProcessedAndRecord(items, scope, data, options);
	}
}
