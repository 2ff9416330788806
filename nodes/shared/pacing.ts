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
 * The request budget of one credential in this n8n process, shared by every
 * run using it. Request starts are spaced by the strictest pace among the
 * runs active on it (each run's "Requests per Minute"; 0 = unpaced) and by a
 * pace learned from 429s. While the API asked to wait (Retry-After) every
 * request of the credential waits.
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
	private readonly leases = new Map<object, number>();

	/** The learned spacing, and when the last 429 episode set it. */
	private learned = { intervalMs: 0, at: 0 };

	private nextStart = 0;

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
		this.leases.delete(run);
		// Idle from now on: what the API accepted before says nothing about a share when sending resumes.
		if (this.leases.size === 0) this.recentSuccesses = [];
	}

	private get configuredMs(): number {
		return Math.max(0, ...this.leases.values());
	}

	/** The learned spacing now: recovered by the quiet time since the last 429, expired after ten minutes. */
	private get learnedMs(): number {
		const quiet = Date.now() - this.learned.at;
		if (this.learned.intervalMs === 0 || quiet > LEARNED_PACE_TTL_MS) return 0;
		return this.learned.intervalMs / RECOVERY ** Math.floor(quiet / RECOVERY_STEP_MS);
	}

	/** The spacing of request starts now: the strictest of the active runs' paces and the learned one. */
	get intervalMs(): number {
		return Math.max(this.learnedMs, this.configuredMs);
	}

	/**
	 * Waits for this request's turn, in the order requests asked; ends at
	 * once when the run is stopped (a stopped request takes no turn). Turns
	 * are spaced from the moment the previous one was actually taken, so a
	 * late wake-up never bunches two requests.
	 */
	async acquire(signal?: AbortSignal): Promise<'aborted' | undefined> {
		if (signal?.aborted) return 'aborted';
		const turn = this.turns.then(async () => {
			for (;;) {
				if (signal?.aborted) return 'aborted' as const;
				const now = Date.now();
				const start = Math.max(now, this.nextStart, this.blockedUntil);
				if (start <= now) {
					this.nextStart = now + this.intervalMs;
					return undefined;
				}
				// Another request may move `blockedUntil` while this one waits: check again after.
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
