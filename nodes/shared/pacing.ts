import { wait } from './wait';

/** 3 % under the limit: arrival jitter would otherwise push some requests over a window's edge. */
const PACE_MARGIN = 0.97;

/** How long a pace learned from 429s outlives the last 429 that taught it. */
export const LEARNED_PACE_TTL_MS = 10 * 60_000;

/*
 * A new 429 episode paces this process at 95 % of what the API accepted from
 * it over the last minute (RD counts per minute), or of its current pace if
 * that is lower: processes sharing an account each keep about their share,
 * together just under the limit. When the API accepted nothing, the pace is
 * cut to 70 %.
 */
const SHARE = 0.95;
const DECREASE = 0.7;
const MEASURE_MS = 60_000;
/** The successes remembered to measure that rate (more than any limit here allows in a minute). */
const MAX_REMEMBERED_SUCCESSES = 20_000;

/** While no 429 comes, the learned rate grows back by this factor every RECOVERY_STEP_MS (up to the configured pace). */
const RECOVERY = 1.1;
const RECOVERY_STEP_MS = 30_000;

/** At most one decrease per second: stray 429s (Retry-After 0) must not compound into a crawl. */
const MIN_EPISODE_GAP_MS = 1000;

/** The slowest learned pace: one request a minute. */
const MAX_LEARNED_INTERVAL_MS = 60_000;

/**
 * The longest window an API here counts requests in (RD Station counts per
 * minute). A pace holds in every window up to this long, and a run's pace
 * stays in force this long after the run ends: its last requests still
 * count in the API's window.
 */
export const LONGEST_WINDOW_MS = 60_000;

/** A request start, and the spacing it was checked against (see `earliestStart`). */
interface Start {
	at: number;
	intervalMs: number;
}

/** Starts already out of every window kept before the record is compacted. */
const COMPACT_AFTER = 1024;

/**
 * The request budget of one credential in this n8n process, shared by every
 * run using it. Each request start is checked against the record of the
 * starts of the last minute: with I the spacing of the strictest pace in
 * force (each run's "Requests per Minute", 3 % under; 0 = unpaced), no
 * window of up to a minute ending at a start holds more than ⌈w / I⌉ starts.
 * A pace is in force while its run is active and for a minute after it ends,
 * so a run joining mid-run counts the requests other runs sent before it,
 * and a run ending does not hand over to a faster pace while its own
 * requests still fill the API's window. A pace learned from 429s counts as
 * one more. While the API asked to wait (Retry-After) every request of the
 * credential waits; those of a 429 count as starts like any other.
 *
 * The learned pace lets processes which cannot see each other (n8n's
 * queue-mode workers on one account) settle together near the account's
 * limit: every 429 that comes after the last wait ended (a new episode: the
 * pace is still too fast) sets the rate to 95 % of what the API accepted
 * from this process over the last minute, its share of the account (never
 * faster than the current pace); every 30 s without one gives back 10 %.
 * Measuring, rather than cutting by a fixed factor, keeps a limiter with a
 * sliding window (which answers many short Retry-Afters while it drains)
 * from compounding cuts into a crawl. It is kept for ten minutes after the
 * last 429, across runs.
 */
export class Pacer {
	/** The pace (spacing) of each active run. */
	private readonly leases = new Map<object, number>();

	/** Paces of runs that ended, in force until `until`. */
	private ended: Array<{ intervalMs: number; until: number }> = [];

	/** The learned spacing, and when the last 429 episode set it. */
	private learned = { intervalMs: 0, at: 0 };

	/** Request starts, oldest first; those before `live` are out of every window. */
	private starts: Start[] = [];

	private live = 0;

	/** The turns asked for so far, in order: each starts when the one before it was taken. */
	private turns: Promise<'aborted' | undefined> = Promise.resolve(undefined);

	private blockedUntil = 0;

	/** When recent requests succeeded, to measure the rate the API accepts from this process. */
	private recentSuccesses: number[] = [];

	/** Since when this process has been sending (waits included), since its runs on the credential last all ended. */
	private sendingSince = 0;

	/** A run starts using the credential at its configured pace (undefined or 0: unpaced). */
	join(run: object, requestsPerMinute: number | undefined): void {
		this.leases.set(run, requestsPerMinute && requestsPerMinute > 0 ? 60_000 / (requestsPerMinute * PACE_MARGIN) : 0);
	}

	leave(run: object): void {
		const intervalMs = this.leases.get(run);
		if (!this.leases.delete(run)) return;
		if (intervalMs) this.ended.push({ intervalMs, until: Date.now() + LONGEST_WINDOW_MS });
		// Idle from now on: what the API accepted before says nothing about a share when sending resumes.
		if (this.leases.size === 0) this.recentSuccesses = [];
	}

	private configuredMs(now: number): number {
		this.ended = this.ended.filter((pace) => pace.until > now);
		return Math.max(0, ...this.leases.values(), ...this.ended.map((pace) => pace.intervalMs));
	}

	/** The learned spacing now: recovered by the quiet time since the last 429, expired after ten minutes. */
	private learnedMs(now: number): number {
		const quiet = now - this.learned.at;
		if (this.learned.intervalMs === 0 || quiet > LEARNED_PACE_TTL_MS) return 0;
		return this.learned.intervalMs / RECOVERY ** Math.floor(quiet / RECOVERY_STEP_MS);
	}

	/** The spacing of request starts now: the strictest of the paces in force and the learned one. */
	get intervalMs(): number {
		const now = Date.now();
		return Math.max(this.learnedMs(now), this.configuredMs(now));
	}

	/**
	 * The earliest a request may start at spacing `intervalMs` (I): no window
	 * w ≤ LONGEST_WINDOW_MS ending then may hold more than ⌈w / I⌉ starts, this
	 * one included. With s(k) the k-th latest start, that is t − s(k) ≥ k·I for
	 * every s(k) still inside the longest window. A start that was itself
	 * checked against a spacing ≥ I already holds every older one to it, so
	 * the scan stops there (one step while the pace is unchanged); it also
	 * stops once k·I spans the longest window.
	 */
	private earliestStart(now: number, intervalMs: number): number {
		const starts = this.starts;
		while (this.live < starts.length && starts[this.live].at <= now - LONGEST_WINDOW_MS) this.live++;
		if (this.live > COMPACT_AFTER && this.live * 2 > starts.length) {
			this.starts = starts.slice(this.live);
			this.live = 0;
		}
		if (intervalMs <= 0) return now;
		let earliest = now;
		for (let k = 1; k <= this.starts.length - this.live; k++) {
			const start = this.starts[this.starts.length - k];
			const span = Math.min(k * intervalMs, LONGEST_WINDOW_MS);
			earliest = Math.max(earliest, start.at + span);
			if (start.intervalMs >= intervalMs || span === LONGEST_WINDOW_MS) break;
		}
		return earliest;
	}

	/**
	 * Waits for this request's turn, in the order requests asked; ends at
	 * once when the run is stopped (a stopped request takes no turn). A turn
	 * is taken when the record of starts leaves room for it at the pace in
	 * force then (see `earliestStart`), so a late wake-up never bunches two
	 * requests and a stricter run joining slows the next turn already.
	 */
	async acquire(signal?: AbortSignal): Promise<'aborted' | undefined> {
		if (signal?.aborted) return 'aborted';
		const turn = this.turns.then(async () => {
			for (;;) {
				if (signal?.aborted) return 'aborted' as const;
				const now = Date.now();
				const intervalMs = this.intervalMs;
				const start = Math.max(this.earliestStart(now, intervalMs), this.blockedUntil);
				if (start <= now) {
					this.starts.push({ at: now, intervalMs });
					return undefined;
				}
				// Another run may join, or a 429 move `blockedUntil`, while this one waits: check again after.
				if ((await wait(start - now, signal)) === 'aborted') return 'aborted' as const;
			}
		});
		this.turns = turn;
		if (!signal) return await turn;
		// A stopped request does not wait for the turns queued before it.
		let taken = false;
		void turn.then(() => (taken = true));
		const stopped = wait(Infinity, signal, () => taken).then((end) => (end === 'aborted' ? ('aborted' as const) : turn));
		return await Promise.race([turn, stopped]);
	}

	succeeded(): void {
		const now = Date.now();
		const last = this.recentSuccesses[this.recentSuccesses.length - 1];
		if (last === undefined || now - last > MEASURE_MS) this.sendingSince = now;
		this.recentSuccesses.push(now);
		if (this.recentSuccesses.length > MAX_REMEMBERED_SUCCESSES) this.recentSuccesses.splice(0, MAX_REMEMBERED_SUCCESSES / 2);
	}

	/**
	 * Requests per minute the API accepted from this process over the last
	 * minute (over the time it has been sending, when shorter: Retry-After
	 * waits count, as they do for the API's window); undefined when none.
	 */
	private acceptedPerMinute(now: number): number | undefined {
		this.recentSuccesses = this.recentSuccesses.filter((at) => at > now - MEASURE_MS);
		if (this.recentSuccesses.length === 0) return undefined;
		const spanMs = Math.max(1000, Math.min(MEASURE_MS, now - this.sendingSince));
		return (this.recentSuccesses.length * 60_000) / spanMs;
	}

	/**
	 * The API answered 429: every request waits `retryAfterMs`. A 429 that
	 * arrives after the last wait ended starts a new episode and cuts the pace;
	 * 429s of requests already on their way during a wait only extend it.
	 */
	rateLimited(retryAfterMs: number): void {
		// "Retry now" (Retry-After: 0) asks for no slower pace.
		if (retryAfterMs <= 0) return;
		const now = Date.now();
		const newEpisode = now >= this.blockedUntil && now - this.learned.at >= MIN_EPISODE_GAP_MS;
		this.blockedUntil = Math.max(this.blockedUntil, now + retryAfterMs);
		if (!newEpisode) return;
		const current = this.intervalMs > 0 ? 60_000 / this.intervalMs : Infinity;
		const accepted = this.acceptedPerMinute(now);
		const perMinute = accepted === undefined ? current * DECREASE : Math.min(current, accepted) * SHARE;
		// Unpaced and nothing accepted yet: nothing to learn from but the wait.
		if (!Number.isFinite(perMinute)) return;
		this.learned = { intervalMs: Math.min(MAX_LEARNED_INTERVAL_MS, 60_000 / perMinute), at: now };
	}
}

const pacers = new Map<string, Pacer>();

/** The pacer of one credential (type, id and Base URL), shared by every run in this n8n process. */
export function pacerFor(key: string): Pacer {
	let pacer = pacers.get(key);
	if (!pacer) {
		pacer = new Pacer();
		pacers.set(key, pacer);
	}
	return pacer;
}
