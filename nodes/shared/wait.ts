import { sleep } from 'n8n-workflow';

/*
 * n8n's `sleep` cannot be cancelled, and a node may not use timers of its
 * own; so a wait sleeps in short slices and looks at the cancel signal (and
 * at `until`) between them. The slice bounds how late a Stop is noticed.
 */
const SLICE_MS = 50;

export type WaitEnd = 'elapsed' | 'aborted' | 'until';

/** Waits `ms`, ending early when `signal` aborts or `until()` turns true. */
export async function wait(ms: number, signal?: AbortSignal, until?: () => boolean): Promise<WaitEnd> {
	const end = Date.now() + Math.max(0, ms);
	for (;;) {
		if (signal?.aborted) return 'aborted';
		if (until?.()) return 'until';
		const left = end - Date.now();
		if (left <= 0) return 'elapsed';
		await sleep(Math.min(SLICE_MS, left));
	}
}
