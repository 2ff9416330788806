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

/** What one node's row of n8n's store records: how many keys it keeps, and what a failure to reach it tells the user. */
export interface StorePurpose {
	maxEntries: number;
	/** What the row is, in the user's words ("n8n's record of items already sent (Skip Items Already Sent)"). */
	record: string;
	/** What the failure meant for the item. */
	consequence: string;
}

export const SKIP_ITEMS_ALREADY_SENT: StorePurpose = {
	maxEntries: MAX_REMEMBERED,
	record: "n8n's record of items already sent (Skip Items Already Sent)",
	consequence: 'Nothing was sent for this item. Run it again when n8n’s database answers.',
};

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
 * The keys were recorded by an earlier run (in n8n's store, or `found` in the
 * provider's own records): their items are not sent.
 */
export class AlreadySent extends Error {
	constructor(
		readonly keys: string[],
		readonly found?: { id: unknown; foundIn: string },
	) {
		super('Already sent');
	}
}

/**
 * One item's key. Taken by the transport when the item's write is about to
 * leave (after its pacing turn), given back whenever the item certainly
 * created nothing (before waiting out a 429, a failure): a process killed at
 * any moment leaves recorded only keys whose request was on its way, so a
 * re-run neither sends a record twice nor skips one that never left (except
 * for the instant between recording and sending).
 */
export class ItemClaim {
	held = false;

	/** This claim gave its key back: if the store has it again, another process's stale write brought it back. */
	released = false;

	/**
	 * The provider's own records were searched for this key and do not have
	 * it (Nexor conversions carry their item's key): n8n's store having it
	 * then means a request that never left or never landed (a process killed
	 * in between, a stale write), unless a request of this process carrying
	 * it is on its way now.
	 */
	verifiedAbsent = false;

	constructor(
		readonly store: SkipStore,
		readonly key: string,
	) {}
}

/**
 * Records the keys of every claim not held yet, in one call to n8n's store.
 * Throws `AlreadySent` naming the keys an earlier run recorded (the others
 * are now held), or the store's failure (nothing is then sent).
 */
export async function takeAll(claims: ItemClaim[]): Promise<void> {
	const wanted = claims.filter((claim) => !claim.held);
	if (wanted.length === 0) return;
	const store = wanted[0].store;
	const known = await store.record(wanted.map((claim) => claim.key));
	const sentBefore: string[] = [];
	for (const claim of wanted) {
		/*
		 * A key this claim gave back and now finds recorded again: another
		 * process's write (made from what it read before ours) brought it back.
		 * Treated as this item's own: sending is right unless another process
		 * sent the same item meanwhile, which is rarer than a stale write.
		 */
		const own = claim.released || (claim.verifiedAbsent && !store.inFlight.has(claim.key));
		if (known.has(claim.key) && !own) sentBefore.push(claim.key);
		else {
			claim.held = true;
			store.inFlight.add(claim.key);
		}
	}
	if (sentBefore.length) throw new AlreadySent(sentBefore);
}

/** The requests of these claims have ended (answered or failed): their keys stay as they are, no longer on their way. */
export function landed(claims: ItemClaim[]): void {
	for (const claim of claims) if (claim.held) claim.store.inFlight.delete(claim.key);
}

/** Gives back the keys of held claims: their items created nothing, so a re-run must send them. */
export async function releaseAll(claims: ItemClaim[]): Promise<void> {
	const held = claims.filter((claim) => claim.held);
	if (held.length === 0) return;
	for (const claim of held) {
		claim.held = false;
		claim.released = true;
		claim.store.inFlight.delete(claim.key);
	}
	await held[0].store.remove(held.map((claim) => claim.key));
}

/*
 * n8n's store keeps one row per node and rewrites it whole on every call
 * (read, change, write back), with no lock. Calls from this n8n process are
 * queued one at a time per row, for every run of that node (concurrent
 * executions included): within one process no call undoes another's.
 * Processes that share the database (queue-mode workers) cannot see each
 * other's queue, and n8n gives community nodes no atomic primitive to share:
 * across them the store is best effort (see README, "Skip Items Already Sent").
 */
const ROW_RETRY_MS = [100, 400];

/** One row of n8n's store (a workflow's node) as this process uses it: its calls, one at a time. */
class StoreRow {
	private chain: Promise<unknown> = Promise.resolve();

	/** Keys whose requests from this process are on their way now. */
	readonly inFlight = new Set<string>();

	/** Runs `call` after every call queued before it. */
	queue<T>(call: () => Promise<T>): Promise<T> {
		const started = this.chain.then(call);
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
 * This node's row of n8n's own deduplication store (scope: this node, across
 * executions), for "Skip Items Already Sent" or another `purpose` (the Nexor
 * Trigger's events): keys recorded and removed through this node's row
 * queue. Keys asked for while a call is under way go together in the next.
 */
export class SkipStore {
	private pending: Array<{ keys: string[]; resolve: (known: Set<string>) => void; reject: (error: unknown) => void }> = [];

	private readonly row: StoreRow;

	private readonly options: { mode: 'entries'; maxEntries: number };

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly purpose: StorePurpose = SKIP_ITEMS_ALREADY_SENT,
	) {
		this.row = rowOf(context);
		this.options = { mode: 'entries', maxEntries: purpose.maxEntries };
	}

	get inFlight(): Set<string> {
		return this.row.inFlight;
	}

	claim(key: string): ItemClaim {
		return new ItemClaim(this, key);
	}

	/** Records `keys`; returns those the store already had. */
	async record(keys: string[]): Promise<Set<string>> {
		const answer = new Promise<Set<string>>((resolve, reject) => this.pending.push({ keys, resolve, reject }));
		void this.row.queue(async () => await this.flush()).catch(() => undefined);
		return await answer;
	}

	async remove(keys: string[]): Promise<void> {
		await this.row.queue(async () => await this.tried(async () => await this.context.helpers.removeProcessed(keys, 'node', this.options)));
	}

	private async flush(): Promise<void> {
		const batch = this.pending;
		this.pending = [];
		if (batch.length === 0) return;
		try {
			const keys = [...new Set(batch.flatMap((entry) => entry.keys))];
			const result = await this.tried(async () => await this.context.helpers.checkProcessedAndRecord(keys, 'node', this.options));
			const known = new Set(result.processed.map(String));
			for (const entry of batch) entry.resolve(known);
		} catch (error) {
			for (const entry of batch) entry.reject(error);
		}
	}

	/*
	 * A call to n8n's store, tried again when it fails: a node's first call
	 * inserts its row, and two workers inserting it at once make one fail on
	 * the database's unique key; tried again, it finds the row. The last
	 * failure says what it was for: the item is then not sent.
	 */
	private async tried<T>(call: () => Promise<T>): Promise<T> {
		for (let attempt = 0; ; attempt++) {
			try {
				return await call();
			} catch (error) {
				if (attempt >= ROW_RETRY_MS.length) {
					const failure = new NodeOperationError(this.context.getNode(), `${this.purpose.record} could not be read or written: ${(error as Error).message}`, {
						description: this.purpose.consequence,
					});
					failure.context.notSent = true;
					throw failure;
				}
				await wait(ROW_RETRY_MS[attempt]);
			}
		}
	}
}
