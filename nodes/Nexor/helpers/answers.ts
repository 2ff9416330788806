import type { IDataObject } from 'n8n-workflow';

import type { Expectation } from '../../shared/types';

/*
 * Readings of Nexor answers that several operations share
 * (docs/nexor-api.md §Errors for the envelope).
 */

export const isObject = (value: unknown): value is IDataObject => !!value && typeof value === 'object' && !Array.isArray(value);

/** An answer without its `success` flag: what the item outputs. */
export function withoutEnvelope(answer: IDataObject): IDataObject {
	const output: IDataObject = {};
	for (const [key, value] of Object.entries(answer)) if (key !== 'success') output[key] = value;
	return output;
}

/** Any JSON object that does not say it failed: for answers whose shape Nexor does not document. */
export const someObject = (what: string): Expectation => ({
	what,
	accepts: (body) => isObject(body) && body.success !== false,
});

/** A list under `key` (`{ <key>: [...] }`), or, where the shape is not documented, a bare list. */
export function listIn(body: unknown, key: string): IDataObject[] {
	const list = Array.isArray(body) ? body : isObject(body) ? body[key] : undefined;
	return Array.isArray(list) ? (list.filter(isObject) as IDataObject[]) : [];
}

/**
 * A created lead's output, the same whatever Nexor's answer carried and however it was sent (one
 * by one or in a batch): the lead, its workflow run and Nexor's warning (it created the lead but
 * could not assign the workflow), null when Nexor gave none — so the next node's expressions and a
 * spreadsheet's columns always find the same fields.
 */
export const createdLeadOutput = (lead: unknown, answer: IDataObject = {}): IDataObject => ({
	lead: lead as IDataObject,
	workflow_run: (answer.workflow_run as IDataObject | undefined) ?? null,
	warning: (answer.warning as string | undefined) ?? null,
});
