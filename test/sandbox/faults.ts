import type { ProviderName } from './types';

/**
 * Faults the sandbox injects, deterministic for a given seed. Rates are
 * shares of the requests that reach a faulted provider (0.05 = 5 %).
 */
export interface FaultConfig {
	seed?: number;
	/** Which providers (default: all) and methods (default: all) are faulted. */
	providers?: ProviderName[];
	methods?: string[];
	/** Answer 429 with Retry-After before processing. */
	rate429?: number;
	/** Answer 503 with Retry-After before processing. */
	rate503?: number;
	/** Close the connection before processing. */
	rateReset?: number;
	/** Process the request (the record exists), then answer 500. */
	rateProcessedThen500?: number;
	/** Seconds sent in Retry-After. */
	retryAfterSeconds?: number;
	/** A per-key limit: more than `requests` within any `windowMs` get 429 (sliding window). */
	rateLimit?: { requests: number; windowMs: number };
}

export type FaultDecision = 'none' | '429' | '503' | 'reset' | 'processedThen500';

/** mulberry32: a small seeded PRNG, so a seed gives the same faults every run. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export class FaultInjector {
	private readonly next: () => number;

	private readonly windows = new Map<string, number[]>();

	/** How many of each fault were injected. */
	readonly counts: Record<FaultDecision | 'rateLimited', number> = {
		none: 0,
		'429': 0,
		'503': 0,
		reset: 0,
		processedThen500: 0,
		rateLimited: 0,
	};

	constructor(readonly config: FaultConfig) {
		this.next = random(config.seed ?? 1);
	}

	applies(provider: ProviderName, method: string): boolean {
		return (
			(this.config.providers === undefined || this.config.providers.includes(provider)) &&
			(this.config.methods === undefined || this.config.methods.includes(method))
		);
	}

	/**
	 * Whether `key` is over its rate limit now (and records the request). When
	 * it is, the seconds until the window has room again, as a real limiter's
	 * Retry-After says.
	 */
	overRateLimit(key: string, now = Date.now()): number | undefined {
		const limit = this.config.rateLimit;
		if (!limit) return undefined;
		const window = (this.windows.get(key) ?? []).filter((at) => at > now - limit.windowMs);
		this.windows.set(key, window);
		if (window.length < limit.requests) {
			window.push(now);
			return undefined;
		}
		this.counts.rateLimited++;
		return Math.max(1, Math.ceil((window[0] + limit.windowMs - now) / 1000));
	}

	decide(): FaultDecision {
		const roll = this.next();
		const { rate429 = 0, rate503 = 0, rateReset = 0, rateProcessedThen500 = 0 } = this.config;
		let decision: FaultDecision = 'none';
		if (roll < rate429) decision = '429';
		else if (roll < rate429 + rate503) decision = '503';
		else if (roll < rate429 + rate503 + rateReset) decision = 'reset';
		else if (roll < rate429 + rate503 + rateReset + rateProcessedThen500) decision = 'processedThen500';
		this.counts[decision]++;
		return decision;
	}
}
