import { wait } from './wait';

/** 3 % under the limit: arrival jitter would otherwise push some requests over a window's edge. */
const PACE_MARGIN = 0.97;

/** How long a pace learned from 429s outlives the last 429 that taught it. */
export const LEARNED_PACE_TTL_MS = 10 * 60_000;

/** Each new 429 episode cuts the learned rate to this share (multiplicative decrease). */
const DECREASE = 0.7;

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
 * The learned pace is additive-increase/multiplicative-decrease, so that
 * processes which cannot see each other (n8n's queue-mode workers on one
 * account) settle together near the account's limit: every 429 that comes
 * after the last wait ended (a new episode: the pace is still too fast)
 * cuts the rate to 70 %; every 30 s without one gives back 10 %. It is kept
 * for ten minutes after the last 429, across runs.
 */
export class Pacer {
	private readonly leases = new Map<object, number>();

	/** The learned spacing, and when the last 429 episode set it. */
	private learned = { intervalMs: 0, at: 0 };

	private nextStart = 0;

	private blockedUntil = 0;

	/** When recent requests succeeded, to measure the rate the API accepts. */
	private recentSuccesses: number[] = [];

	/** A run starts using the credential at its configured pace (undefined or 0: unpaced). */
	join(run: object, requestsPerMinute: number | undefined): void {
		this.leases.set(run, requestsPerMinute && requestsPerMinute > 0 ? 60_000 / (requestsPerMinute * PACE_MARGIN) : 0);
	}

	leave(run: object): void {
		this.leases.delete(run);
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

	/** Waits for this request's turn; ends at once when the run is stopped. */
	async acquire(signal?: AbortSignal): Promise<'aborted' | undefined> {
		for (;;) {
			const now = Date.now();
			const start = Math.max(now, this.nextStart, this.blockedUntil);
			if (start <= now) {
				this.nextStart = now + this.intervalMs;
				return undefined;
			}
			// Another request may move `blockedUntil` while this one waits: check again after.
			if ((await wait(start - now, signal)) === 'aborted') return 'aborted';
		}
	}

	succeeded(): void {
		this.recentSuccesses.push(Date.now());
		if (this.recentSuccesses.length > 1024) this.recentSuccesses.splice(0, 512);
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
		const current = this.intervalMs;
		if (current > 0) {
			this.learned = { intervalMs: Math.min(MAX_LEARNED_INTERVAL_MS, current / DECREASE), at: now };
			return;
		}
		// Unpaced so far: start from what the API accepted over the last second (nothing accepted says nothing).
		const accepted = this.recentSuccesses.filter((at) => at > now - 1000).length;
		if (accepted > 0) this.learned = { intervalMs: 1000 / (accepted * 0.9), at: now };
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
