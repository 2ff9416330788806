import { NodeApiError } from 'n8n-workflow';

import { AlreadySent } from './skipStore';
import type { BatchItem, BatchOutcome, NodeError, Run } from './types';

/** An error for one item of a batch, from an error the whole batch met. */
export function forItem(error: NodeError, itemIndex: number): NodeError {
	const copy = Object.create(Object.getPrototypeOf(error) as object) as NodeError;
	// Own properties, the non-enumerable message and stack included.
	for (const key of Object.getOwnPropertyNames(error)) {
		Object.defineProperty(copy, key, Object.getOwnPropertyDescriptor(error, key)!);
	}
	copy.context = { ...error.context, itemIndex };
	return copy;
}

/** The provider refused the request for its content or size (400, 413, 422): nothing of it was processed. */
export const isRefusal = (error: unknown) => error instanceof NodeApiError && ['400', '413', '422'].includes(error.httpCode ?? '');

/**
 * Sends a batch as one request (`send`), and:
 * - when the provider refuses the whole batch for its content, sends halves
 *   until each bad item stands alone (what one bad item does to a batch is
 *   undocumented for RD and Nexor): every good item is sent once, every bad
 *   one fails alone;
 * - when some items' keys turn out recorded by an earlier run as the request
 *   was about to leave (Skip Items Already Sent), hands those back as such
 *   and sends the rest.
 * Any other failure is every item's failure.
 */
export async function sendSplitting<Prepared>(
	run: Run,
	items: Array<BatchItem<Prepared>>,
	send: (items: Array<BatchItem<Prepared>>) => Promise<BatchOutcome[]>,
): Promise<BatchOutcome[]> {
	try {
		return await send(items);
	} catch (error) {
		if (error instanceof AlreadySent) {
			const sentBefore = new Set(error.keys);
			const keyOf = (item: BatchItem<Prepared>) => run.claims.get(item.itemIndex)?.key;
			const rest = items.filter((item) => !sentBefore.has(keyOf(item) ?? ''));
			const restOutcomes = rest.length ? await sendSplitting(run, rest, send) : [];
			let next = 0;
			return items.map((item) => (sentBefore.has(keyOf(item) ?? '') ? new AlreadySent([keyOf(item)!]) : restOutcomes[next++]));
		}
		if (isRefusal(error) && items.length > 1) {
			const half = Math.ceil(items.length / 2);
			const first = await sendSplitting(run, items.slice(0, half), send);
			return [...first, ...(await sendSplitting(run, items.slice(half), send))];
		}
		return items.map((item) => forItem(error as NodeError, item.itemIndex));
	}
}
