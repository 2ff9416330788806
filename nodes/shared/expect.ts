import type { Expectation } from './types';

/*
 * What a 2xx must carry for each kind of operation. An answer that does not
 * fit (empty, text, an HTML page, `null`, `{}`, `{ success: false }`) fails
 * the item instead of becoming an empty or half-filled one.
 */

const isObject = (value: unknown): value is Record<string, unknown> =>
	!!value && typeof value === 'object' && !Array.isArray(value);

const hasId = (value: unknown) =>
	isObject(value) && ((typeof value.id === 'string' && value.id !== '') || typeof value.id === 'number');

/** An envelope that does not say it failed. */
const notFailed = (body: Record<string, unknown>) => body.success !== false;

/** `{ <key>: { id, … } }`: a created or read record. */
export const recordAt = (key: string, what: string): Expectation => ({
	what,
	accepts: (body) => isObject(body) && notFailed(body) && hasId(body[key]),
});

/** `{ <key>: [ … ] }`, or a bare array where the provider's shape is unconfirmed. */
export const listAt = (key: string, what: string, bareArrayToo = false): Expectation => ({
	what,
	accepts: (body) =>
		(bareArrayToo && Array.isArray(body)) || (isObject(body) && notFailed(body) && Array.isArray(body[key])),
});

/** `{ <key>: "<non-empty text>" }`: an event's id. */
export const textAt = (key: string, what: string): Expectation => ({
	what,
	accepts: (body) => isObject(body) && typeof body[key] === 'string' && body[key] !== '',
});
