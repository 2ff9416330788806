import { wait } from './wait';

/**
 * A request budget shared by every request made with one credential: spaces
 * request starts at least `minIntervalMs` apart (the configured pace; 0 for
 * providers without a documented limit) and holds them all while the API
 * asked to wait (429 / Retry-After). At the first 429 of a run that follows
 * accepted requests, the pace drops to 90 % of the rate the API was accepting;
 * later 429s only hold requests for their Retry-After, so that stray 429s
 * cannot slow a run to a crawl.
 */
export class Pacer {
	/** The run that last set the pace, and the run that last slowed it. */
	configuredBy?: object;

	private slowedBy?: object;

	minIntervalMs = 0;

	private nextStart = 0;

	private blockedUntil = 0;

	private firstStart = 0;

	/** When recent requests succeeded, to measure the rate the API accepts. */
	private recentSuccesses: number[] = [];

	configure(intervalMs: number, run: object): void {
		this.configuredBy = run;
		this.minIntervalMs = intervalMs;
		this.firstStart = 0;
		this.recentSuccesses = [];
	}

	/** Waits for this request's turn; ends at once when the run is stopped. */
	async acquire(signal?: AbortSignal): Promise<'aborted' | undefined> {
		for (;;) {
			const now = Date.now();
			const start = Math.max(now, this.nextStart, this.blockedUntil);
			if (start <= now) {
				this.nextStart = now + this.minIntervalMs;
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

	rateLimited(retryAfterMs: number): void {
		const now = Date.now();
		this.blockedUntil = Math.max(this.blockedUntil, now + retryAfterMs);
		if (this.slowedBy === this.configuredBy) return;
		// Requests per second the API accepted over the last second (or since the run began).
		const windowMs = Math.min(1000, Math.max(1, now - this.firstStart));
		const accepted = this.recentSuccesses.filter((at) => at > now - windowMs).length;
		// Nothing accepted yet says nothing about the limit: wait for a 429 that follows successes.
		if (accepted === 0) return;
		this.slowedBy = this.configuredBy;
		this.minIntervalMs = Math.max(this.minIntervalMs, 1000 / (((accepted * 1000) / windowMs) * 0.9));
	}
}

const pacers = new Map<string, Pacer>();

const PACE_MARGIN = 0.97;

/**
 * The pacer of one credential, shared by every run in this n8n process so
 * that two executions on the same account share its budget. The first request
 * of each run sets the pace that run was configured with (forgetting an
 * earlier run's slowdown); a Retry-After still in force is kept.
 */
export function pacerFor(key: string, requestsPerMinute: number | undefined, run: object): Pacer {
	let pacer = pacers.get(key);
	if (!pacer) {
		pacer = new Pacer();
		pacers.set(key, pacer);
	}
	if (pacer.configuredBy !== run) {
		// 3 % under the limit: arrival jitter would otherwise push some requests over a window's edge.
		pacer.configure(requestsPerMinute && requestsPerMinute > 0 ? 60_000 / (requestsPerMinute * PACE_MARGIN) : 0, run);
	}
	return pacer;
}
