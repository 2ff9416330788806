import { createHash } from 'node:crypto';

import type { IExecuteFunctions } from 'n8n-workflow';

/*
 * The most keys n8n's deduplication store keeps for one node (oldest
 * forgotten first). n8n's Remove Duplicates node keeps 10,000 by default;
 * creates are fewer than the rows a dedup node sees, but runs of tens of
 * thousands happen, so ten times that.
 */
export const MAX_REMEMBERED = 100_000;

const STORE_OPTIONS = { mode: 'entries', maxEntries: MAX_REMEMBERED } as const;

/** A stable key for a prepared request: the same content gives the same key, whatever the key order. */
export function contentKey(value: unknown): string {
	const canonical = (entry: unknown): unknown => {
		if (Array.isArray(entry)) return entry.map(canonical);
		if (entry && typeof entry === 'object') {
			return Object.fromEntries(
				Object.keys(entry)
					.sort()
					.map((key) => [key, canonical((entry as Record<string, unknown>)[key])]),
			);
		}
		return entry;
	};
	return createHash('sha256').update(JSON.stringify(canonical(value))).digest('hex').slice(0, 32);
}

/**
 * "Skip Items Already Sent": each item's key is claimed in n8n's own
 * deduplication store (scope: this node, across executions) right before its
 * request goes out, and released again when nothing was created, so that a
 * re-run sends it. n8n's store reads and rewrites one record per node, so
 * claims are queued and sent one batch at a time: concurrent calls would
 * overwrite each other's keys.
 */
export class SkipStore {
	private readonly claimedInRun = new Set<string>();

	private pending: Array<{ key: string; resolve: (isNew: boolean) => void; reject: (error: unknown) => void }> = [];

	private chain: Promise<unknown> = Promise.resolve();

	constructor(private readonly context: IExecuteFunctions) {}

	/** True when the key was new (now recorded); false when an earlier run (or item) sent it. */
	async claim(key: string): Promise<boolean> {
		// The store treats two equal keys of one call both as new: repeated keys of a run are caught here.
		if (this.claimedInRun.has(key)) return false;
		this.claimedInRun.add(key);
		const answer = new Promise<boolean>((resolve, reject) => this.pending.push({ key, resolve, reject }));
		this.chain = this.chain.then(async () => await this.flush());
		return await answer;
	}

	/** Forgets a claimed key: its item created nothing, so a re-run must send it. */
	async release(key: string): Promise<void> {
		this.claimedInRun.delete(key);
		const done = this.chain.then(
			async () => await this.context.helpers.removeProcessed([key], 'node', STORE_OPTIONS),
		);
		this.chain = done.catch(() => undefined);
		await done;
	}

	private async flush(): Promise<void> {
		const batch = this.pending;
		this.pending = [];
		if (batch.length === 0) return;
		try {
			const result = await this.context.helpers.checkProcessedAndRecord(
				batch.map((entry) => entry.key),
				'node',
				STORE_OPTIONS,
			);
			const processed = new Set(result.processed.map(String));
			for (const entry of batch) entry.resolve(!processed.has(entry.key));
		} catch (error) {
			for (const entry of batch) entry.reject(error);
		}
	}
}
