import { createHash } from 'node:crypto';

import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

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
 * other's queue (queue-mode workers): so every key this process records
 * stays "unconfirmed" and goes again with each later call on the row (and
 * with a call of its own when none comes) until a call that started after
 * any overlapping call could have ended (a few times the usual call) finds
 * it there; a removed key is removed once more. A wiped key comes back at
 * the next call. This runs after the requests left, so it never delays a
 * send; a run returns once its keys are confirmed. A key this run removed
 * and claims again (after a 429) is its own, even if a stale write brought
 * it back.
 */
const SETTLE_MIN_MS = 50;
const SETTLE_MAX_MS = 1000;
const MAX_CONFIRM_ROUNDS = 10;
/*
 * A node's first call inserts its row: two workers inserting it at once make
 * one fail on the database's unique key. Tried again (after the other call's
 * overlap), it finds the row and updates it.
 */
const STORE_ATTEMPTS = 3;

/** One row of n8n's store (a workflow's node) as this process uses it. */
class StoreRow {
	private chain: Promise<unknown> = Promise.resolve();

	/** A recent call's duration (moving average), from which another process's overlap is judged. */
	private callMs = 0;

	/** Keys recorded by this process and not yet seen to stay, by when they were last written. */
	readonly unconfirmed = new Map<string, number>();

	/** How long after a write any call that read the row before it has ended. */
	get settleMs(): number {
		return Math.min(SETTLE_MAX_MS, Math.max(SETTLE_MIN_MS, 3 * this.callMs));
	}

	/** Runs `call` after every call queued before it. */
	queue<T>(call: () => Promise<T>): Promise<T> {
		const started = this.chain.then(async () => {
			const begin = Date.now();
			try {
				return await call();
			} finally {
				const took = Date.now() - begin;
				this.callMs = this.callMs === 0 ? took : 0.8 * this.callMs + 0.2 * took;
			}
		});
		this.chain = started.catch(() => undefined);
		return started;
	}

	/**
	 * What one call that started at `startedAt` says of the unconfirmed keys
	 * it carried: there long enough → confirmed; missing (wiped, now written
	 * again) → unconfirmed from now.
	 */
	confirm(carried: string[], processed: Set<string>, startedAt: number): void {
		for (const key of carried) {
			const written = this.unconfirmed.get(key);
			if (written === undefined) continue;
			if (!processed.has(key)) this.unconfirmed.set(key, Date.now());
			else if (startedAt - written >= this.settleMs) this.unconfirmed.delete(key);
		}
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

	/** Keys this run recorded, to wait for their confirmation before the node returns. */
	private readonly recorded = new Set<string>();

	private pending: Array<{ key: string; reclaimed: boolean; resolve: (isNew: boolean) => void; reject: (error: unknown) => void }> = [];

	private readonly removals: Array<Promise<void>> = [];

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
		this.recorded.delete(key);
		this.row.unconfirmed.delete(key);
		await this.row.queue(async () => await this.remove(key));
		this.removals.push(this.removeAgain(key).catch(() => undefined));
	}

	/**
	 * Waits until every key this run recorded is confirmed in the store (call
	 * before the node returns). A failing database leaves them as first
	 * recorded, as without this.
	 */
	async settled(): Promise<void> {
		await Promise.all(this.removals);
		for (let round = 0; round < MAX_CONFIRM_ROUNDS && [...this.recorded].some((key) => this.row.unconfirmed.has(key)); round++) {
			await wait(this.row.settleMs);
			try {
				await this.row.queue(async () => await this.recordWithDue(new Set()));
			} catch {
				return;
			}
		}
	}

	private async flush(): Promise<void> {
		const batch = this.pending;
		this.pending = [];
		if (batch.length === 0) return;
		try {
			const processed = await this.recordWithDue(new Set(batch.map((entry) => entry.key)));
			for (const entry of batch) {
				const isNew = entry.reclaimed || !processed.has(entry.key);
				if (isNew) {
					this.recorded.add(entry.key);
					this.row.unconfirmed.set(entry.key, Date.now());
				}
				entry.resolve(isNew);
			}
		} catch (error) {
			for (const entry of batch) entry.reject(error);
		}
	}

	/**
	 * Records `keys` together with the row's unconfirmed keys written long
	 * enough ago for this call to confirm them; returns the keys the store
	 * already had. (Released keys are never unconfirmed: `release` drops them.)
	 */
	private async recordWithDue(keys: Set<string>): Promise<Set<string>> {
		const due = Date.now() - this.row.settleMs;
		const carried = [...this.row.unconfirmed].filter(([key, written]) => written <= due && !keys.has(key)).map(([key]) => key);
		if (keys.size === 0 && carried.length === 0) return new Set();
		const startedAt = Date.now();
		const result = await this.tried(async () => await this.context.helpers.checkProcessedAndRecord([...keys, ...carried], 'node', STORE_OPTIONS));
		const processed = new Set(result.processed.map(String));
		this.row.confirm(carried, processed, startedAt);
		return processed;
	}

	/** Removes a released key once more, after any call that read it could have written it back. */
	private async removeAgain(key: string): Promise<void> {
		await wait(this.row.settleMs);
		await this.row.queue(async () => {
			if (this.released.has(key)) await this.remove(key);
		});
	}

	private async remove(key: string): Promise<void> {
		await this.tried(async () => await this.context.helpers.removeProcessed([key], 'node', STORE_OPTIONS));
	}

	/** A call to n8n's store, tried again when it fails; the last failure says what it was for. */
	private async tried<T>(call: () => Promise<T>): Promise<T> {
		for (let attempt = 1; ; attempt++) {
			try {
				return await call();
			} catch (error) {
				if (attempt >= STORE_ATTEMPTS) {
					throw new NodeOperationError(
						this.context.getNode(),
						`n8n's record of items already sent (Skip Items Already Sent) could not be read or written: ${(error as Error).message}`,
						{ description: 'An item whose key could not be recorded is not sent. Run it again when n8n’s database answers.' },
					);
				}
				await wait(this.row.settleMs);
			}
		}
	}
}
