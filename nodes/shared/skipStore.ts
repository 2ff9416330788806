import { createHash } from 'node:crypto';

import type { IExecuteFunctions } from 'n8n-workflow';

import { wait } from './wait';

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

/** The item's key was recorded by an earlier run (or an earlier item of this one): it is not sent. */
export class AlreadySent extends Error {
	constructor(readonly key: string) {
		super('Already sent');
	}
}

/**
 * One item's key. Taken by the transport when the item's write is about to
 * leave (after its pacing turn), given back whenever the item certainly
 * created nothing (a 429 before waiting out its Retry-After, a failure): a
 * process killed at any moment leaves recorded only keys whose request was
 * on its way, so a re-run neither sends a record twice nor skips one that
 * never left (except for the instant between recording and sending).
 */
export class ItemClaim {
	private held = false;

	constructor(
		private readonly store: SkipStore,
		readonly key: string,
	) {}

	/** Records the key; throws `AlreadySent` when an earlier run (or item) recorded it. */
	async take(): Promise<void> {
		if (this.held) return;
		if (!(await this.store.claim(this.key))) throw new AlreadySent(this.key);
		this.held = true;
	}

	async release(): Promise<void> {
		if (!this.held) return;
		this.held = false;
		await this.store.release(this.key);
	}
}

/*
 * n8n's store keeps one row per node and rewrites it whole on every call
 * (read, change, write back), with no lock: a call that overlaps ours writes
 * back what it read, wiping keys we added and bringing back keys we removed.
 * Calls from one process are queued one at a time per row, for every run of
 * that node (concurrent executions included). Processes cannot see each
 * other's queue (queue-mode workers), so after any call that read the row
 * before ours could have written it back (a few times the longest call),
 * each batch of new keys is recorded again until a round finds them all
 * there, and a removed key is removed once more. This runs after the
 * requests left, so that it never delays a send; the node returns after it.
 * A key this run removed and claims again (after a 429) is its own, even if
 * a stale write brought it back.
 */
const SETTLE_MIN_MS = 50;
const MAX_VERIFY_ROUNDS = 5;

/** The queue of calls to one row of n8n's store (a workflow's node) in this process. */
class StoreRow {
	private chain: Promise<unknown> = Promise.resolve();

	/** The longest call seen, which sets how long another process's call may overlap ours. */
	longestCallMs = 0;

	/** Runs `call` after every call queued before it. */
	queue<T>(call: () => Promise<T>): Promise<T> {
		const started = this.chain.then(async () => {
			const begin = Date.now();
			try {
				return await call();
			} finally {
				this.longestCallMs = Math.max(this.longestCallMs, Date.now() - begin);
			}
		});
		this.chain = started.catch(() => undefined);
		return started;
	}
}

const rows = new Map<string, StoreRow>();

function rowOf(context: IExecuteFunctions): StoreRow {
	const key = `${context.getWorkflow().id ?? ''}\u0000${context.getNode().id}`;
	let row = rows.get(key);
	if (!row) {
		row = new StoreRow();
		rows.set(key, row);
	}
	return row;
}

/**
 * "Skip Items Already Sent": each item's key is claimed in n8n's own
 * deduplication store (scope: this node, across executions) right before its
 * request goes out (see `ItemClaim`), and released again when nothing was
 * created, so that a re-run sends it. Claims made while a call is under way
 * go together in the next one.
 */
export class SkipStore {
	private readonly claimedInRun = new Set<string>();

	private readonly released = new Set<string>();

	private pending: Array<{ key: string; reclaimed: boolean; resolve: (isNew: boolean) => void; reject: (error: unknown) => void }> = [];

	private readonly verifications: Array<Promise<void>> = [];

	private readonly row: StoreRow;

	constructor(private readonly context: IExecuteFunctions) {
		this.row = rowOf(context);
	}

	/** True when the key was new (now recorded); false when an earlier run (or item) sent it. */
	async claim(key: string): Promise<boolean> {
		// The store treats two equal keys of one call both as new: repeated keys of a run are caught here.
		if (this.claimedInRun.has(key)) return false;
		this.claimedInRun.add(key);
		const reclaimed = this.released.delete(key);
		const answer = new Promise<boolean>((resolve, reject) => this.pending.push({ key, reclaimed, resolve, reject }));
		void this.row.queue(async () => await this.flush()).catch(() => undefined);
		return await answer;
	}

	/** Forgets a claimed key: its item created nothing, so a re-run must send it. */
	async release(key: string): Promise<void> {
		this.claimedInRun.delete(key);
		this.released.add(key);
		await this.row.queue(async () => await this.remove(key));
		this.verifications.push(this.verifyRemoved(key).catch(() => undefined));
	}

	/** Every key this run recorded is checked to be in the store (call before the node returns). */
	async settled(): Promise<void> {
		await Promise.all(this.verifications);
	}

	private async flush(): Promise<void> {
		const batch = this.pending;
		this.pending = [];
		if (batch.length === 0) return;
		try {
			const result = await this.record(batch.map((entry) => entry.key));
			const processed = new Set(result.processed.map(String));
			const recorded = batch.filter((entry) => entry.reclaimed || !processed.has(entry.key));
			for (const entry of batch) entry.resolve(recorded.includes(entry));
			// A check that fails (the database away) leaves the first record as it is, as without the check.
			if (recorded.length) this.verifications.push(this.verify(recorded.map((entry) => entry.key)).catch(() => undefined));
		} catch (error) {
			for (const entry of batch) entry.reject(error);
		}
	}

	private async settle(): Promise<void> {
		await wait(Math.max(SETTLE_MIN_MS, 3 * this.row.longestCallMs));
	}

	/** Removes a released key once more, after any call that read it could have written it back. */
	private async verifyRemoved(key: string): Promise<void> {
		await this.settle();
		await this.row.queue(async () => {
			if (this.released.has(key)) await this.remove(key);
		});
	}

	/** Records the keys again after other processes' overlapping calls, until a round finds them all there. */
	private async verify(keys: string[]): Promise<void> {
		let missing = keys;
		for (let round = 0; round < MAX_VERIFY_ROUNDS && missing.length; round++) {
			await this.settle();
			const current = missing.filter((key) => !this.released.has(key));
			if (current.length === 0) return;
			const result = await this.row.queue(async () => await this.record(current.filter((key) => !this.released.has(key))));
			missing = result.new.map(String);
		}
	}

	private async remove(key: string): Promise<void> {
		await this.context.helpers.removeProcessed([key], 'node', STORE_OPTIONS);
	}

	private async record(keys: string[]) {
		if (keys.length === 0) return { new: [], processed: [] };
		return await this.context.helpers.checkProcessedAndRecord(keys, 'node', STORE_OPTIONS);
	}
}
