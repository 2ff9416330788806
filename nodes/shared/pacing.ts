import { sleep } from 'n8n-workflow';

/**
 * A request budget shared by every request made with one credential: spaces
 * request starts at least `minIntervalMs` apart and holds them all while the
 * API asked to wait (429 / Retry-After). Paced providers start with an
 * interval; unpaced ones start without and slow down at their first 429.
 */
export class Pacer {
	private nextStart = 0;

	private blockedUntil = 0;

	/** Start times of recent requests, to measure the rate that met a 429. */
	private recentStarts: number[] = [];

	constructor(public minIntervalMs = 0) {}

	/** Waits for this request's turn. */
	async acquire(): Promise<void> {
		for (;;) {
			const now = Date.now();
			const start = Math.max(now, this.nextStart, this.blockedUntil);
			if (start <= now) {
				this.nextStart = now + this.minIntervalMs;
				this.recentStarts.push(now);
				if (this.recentStarts.length > 256) this.recentStarts.splice(0, 128);
				return;
			}
			// Another request may move `blockedUntil` while this one sleeps: check again after.
			await sleep(start - now);
		}
	}

	/** The API answered 429: hold everyone until `retryAfterMs`, and send slower from now on. */
	rateLimited(retryAfterMs: number): void {
		const now = Date.now();
		this.blockedUntil = Math.max(this.blockedUntil, now + retryAfterMs);
		const lastSecond = this.recentStarts.filter((at) => at > now - 1000).length;
		// Slow to 80 % of the rate that met the limit, and never speed up again in this run.
		const measured = lastSecond > 0 ? 1000 / (lastSecond * 0.8) : 1000;
		this.minIntervalMs = Math.max(this.minIntervalMs * 1.25, measured);
	}
}

const pacers = new Map<string, Pacer>();

/**
 * The pacer of one credential, shared by every run in this n8n process so
 * that two executions on the same account share its budget. Each run sets the
 * pace it was configured with; a Retry-After still in force is kept.
 */
export function pacerFor(key: string, requestsPerMinute: number | undefined): Pacer {
	const interval = requestsPerMinute && requestsPerMinute > 0 ? 60_000 / requestsPerMinute : 0;
	let pacer = pacers.get(key);
	if (!pacer) {
		pacer = new Pacer(interval);
		pacers.set(key, pacer);
	}
	pacer.minIntervalMs = interval;
	return pacer;
}
