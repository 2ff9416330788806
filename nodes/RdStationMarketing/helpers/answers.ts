import type { Expectation } from '../../shared/types';

/*
 * What RD's 2xx answers must carry where the shared expectations
 * (shared/expect.ts) do not fit: answers with no content, and records whose
 * shape RD does not document.
 */

const isObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

/**
 * No content (204, or an empty body), or a JSON object that does not say it
 * failed: what RD's deletes answer. Text, an HTML page or a list is not it.
 */
export const emptyAnswer = (what: string): Expectation => ({
	what,
	accepts: (body) => body === undefined || (isObject(body) && body.success !== false && !('errors' in body)),
});

/** An object with `key` of the given type: a record RD returns (a funnel, a field). */
export const objectWith = (key: string, type: 'string' | 'boolean', what: string): Expectation => ({
	what,
	accepts: (body) => isObject(body) && typeof body[key] === type,
});

/** A custom field as RD answers a create or an update: an object naming it by UUID or API identifier. */
export const FIELD_ANSWER: Expectation = {
	what: 'the field ("uuid" or "api_identifier")',
	accepts: (body) => isObject(body) && (typeof body.uuid === 'string' || typeof body.api_identifier === 'string'),
};
