import { wait } from './wait';

/** 3 % under the limit: arrival jitter would otherwise push some requests over a window's edge. */
const PACE_MARGIN = 0.97;

/** How long a pace learned from 429s outlives the run that learned it. */
export const LEARNED_PACE_TTL_MS = 10 * 60_000;

/**
 * The request budget of one credential in this n8n process, shared by every
 * run using it. Request starts are spaced by the strictest pace among the
 * runs active on it (each run's "Requests per Minute"; 0 = unpaced) and by
 * a pace learned from 429s, which is kept for ten minutes after it was
 * learned, across runs. While the API asked to wait (Retry-After) every
 * request of the credential waits.
 */
export class Pacer {
	private readonly leases = new Map<object, number>();

	private learned = { intervalMs: 0, until: 0 };

	/** Runs that already slowed the pace: later 429s of the same run only hold requests. */
	private readonly slowedBy = new WeakSet<object>();

	private nextStart = 0;

	private blockedUntil = 0;

	/** When recent requests succeeded, to measure the rate the API accepts. */
	private recentSuccesses: number[] = [];

	private firstStart = 0;

	/** A run starts using the credential at its configured pace (undefined or 0: unpaced). */
	join(run: object, requestsPerMinute: number | undefined): void {
		this.leases.set(run, requestsPerMinute && requestsPerMinute > 0 ? 60_000 / (requestsPerMinute * PACE_MARGIN) : 0);
	}

	leave(run: object): void {
		this.leases.delete(run);
		if (this.leases.size === 0) {
			this.firstStart = 0;
			this.recentSuccesses = [];
		}
	}

	/** The spacing of request starts now: the strictest of the active runs' paces and the learned one. */
	get intervalMs(): number {
		const learned = Date.now() < this.learned.until ? this.learned.intervalMs : 0;
		return Math.max(learned, ...this.leases.values());
	}

	/** Waits for this request's turn; ends at once when the run is stopped. */
	async acquire(signal?: AbortSignal): Promise<'aborted' | undefined> {
		for (;;) {
			const now = Date.now();
			const start = Math.max(now, this.nextStart, this.blockedUntil);
			if (start <= now) {
				this.nextStart = now + this.intervalMs;
				this.firstStart ||= now;
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
	 * The API answered 429: every request waits `retryAfterMs`; at the first
	 * 429 of a run that follows accepted requests, the pace drops to 90 % of
	 * the rate the API was accepting, so that stray 429s cannot slow a run
	 * to a crawl.
	 */
	rateLimited(run: object, retryAfterMs: number): void {
		const now = Date.now();
		this.blockedUntil = Math.max(this.blockedUntil, now + retryAfterMs);
		if (this.slowedBy.has(run)) return;
		// Requests per second the API accepted over the last second (or since requests began).
		const windowMs = Math.min(1000, Math.max(1, now - this.firstStart));
		const accepted = this.recentSuccesses.filter((at) => at > now - windowMs).length;
		// Nothing accepted yet says nothing about the limit: wait for a 429 that follows successes.
		if (accepted === 0) return;
		this.slowedBy.add(run);
		const intervalMs = Math.max(this.intervalMs, 1000 / (((accepted * 1000) / windowMs) * 0.9));
		this.learned = { intervalMs, until: now + LEARNED_PACE_TTL_MS };
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
