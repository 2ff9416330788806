import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { BatchOutcome } from '../../shared/types';
import { rdErrorList } from '../provider';

/*
 * What RD answers to a batch with bad events in it is not documented
 * (docs/rdstation-api.md §Batch): every item's outcome is read from whatever
 * the answer says, and an item it says nothing certain about is reported as
 * such, never guessed. The readings handled:
 *
 *  1. One answer per event, in order: `events` as long as the batch, each
 *     `{ event_uuid }` (kept) or `{ errors }` (refused).
 *  2. The kept events' ids only, in order, under `events`, and the refused
 *     ones' errors naming their position (`errors`, path `$[3]…`): when the
 *     ids and the refused positions add up to the batch, the ids go to the
 *     other positions in order.
 *  3. Anything else (errors without a position, counts that do not add up,
 *     no `events`): the refused positions fail with their errors, and every
 *     other event "may have been recorded".
 *
 * A 400/422 is read the same way when it still names a kept event; without
 * one, nothing was kept and the batch is halved until each bad event stands
 * alone (shared/batch.ts).
 */

interface RdError {
	error_type?: unknown;
	error_message?: unknown;
	path?: unknown;
}

/** What an accepted event outputs, from its body and RD's id. */
export type OutputOf = (prepared: IDataObject, eventUuid: string) => IDataObject;

export interface BatchRead {
	context: IExecuteFunctions;
	events: IDataObject[];
	itemIndexes: number[];
	answer: unknown;
}

const isObject = (value: unknown): value is IDataObject => !!value && typeof value === 'object' && !Array.isArray(value);

const POSITION = /^\$(?:\.body)?\[(\d+)\]/;

/** The position in the batch an RD error's JSON path names (`$[3].payload.x`, `$.body[3]…`). */
const positionOf = (error: RdError): number | undefined => {
	const match = typeof error.path === 'string' ? POSITION.exec(error.path) : null;
	return match ? Number(match[1]) : undefined;
};

/**
 * An RD path inside a batch as the event's own field: `$[3].payload.funnel_name`
 * → `funnel_name`, `$[3].event_type` → `event_type`, `$[3]` → `event`. A
 * position counts within one request (a split batch's halves count from 0
 * again) and says nothing to the user; the item's own index is on the error.
 */
function ownPath(path: unknown): unknown {
	if (typeof path !== 'string' || !POSITION.test(path)) return path;
	const rest = path.replace(POSITION, '');
	if (rest === '') return 'event';
	return rest.startsWith('.payload.') ? rest.slice('.payload.'.length) : rest.replace(/^\./, '');
}

/** RD's errors as a list (`errors` in any of RD's shapes: a list, one error, or by field). */
function errorList(errors: unknown): RdError[] {
	if (Array.isArray(errors)) return errors.filter(isObject) as RdError[];
	if (!isObject(errors)) return [];
	if ('error_type' in errors || 'error_message' in errors) return [errors as RdError];
	return Object.entries(errors).flatMap(([field, list]) =>
		(Array.isArray(list) ? list : [list]).filter(isObject).map((error) => ({ path: field, ...(error as RdError) })),
	);
}

/** "funnel_name: Funnel not found. (INVALID_OPTION)", the paths made the event's own. */
export const reasonsOf = (errors: RdError[]): string =>
	rdErrorList({ errors: errors.map((error) => ({ ...error, path: ownPath(error.path) })) })
		.map((reason) => reason.text)
		.join('; ');

const excerpt = (value: unknown) => {
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 160 ? `${text.slice(0, 160)}…` : text;
};

function refused({ context, itemIndexes }: BatchRead, position: number, errors: RdError[], httpCode: string): NodeApiError {
	return new NodeApiError(context.getNode(), { errors } as unknown as JsonObject, {
		message: `RD Station refused this event: ${reasonsOf(errors) || 'no reason given'}`,
		description: 'RD Station named this event of the batch as refused: nothing was recorded for it. The batch’s other events have their own outcomes.',
		httpCode,
		itemIndex: itemIndexes[position],
	});
}

/** An event the answer says nothing certain about: it may be recorded now. */
function unknownOutcome({ context, itemIndexes, answer }: BatchRead, position: number): NodeApiError {
	const error = new NodeApiError(context.getNode(), { answer: excerpt(answer) } as JsonObject, {
		message:
			'RD Station’s answer to the batch does not say what became of this event: it may have been recorded. Check in RD Station before running this item again, or send it without "Send in Batches".',
		description: `RD Station's answer to the batch: ${excerpt(answer)}`,
		itemIndex: itemIndexes[position],
	});
	error.context.possiblyCreated = true;
	return error;
}

const idOf = (entry: unknown) => (isObject(entry) && typeof entry.event_uuid === 'string' && entry.event_uuid !== '' ? entry.event_uuid : undefined);

/**
 * Every event's outcome from RD's answer to a batch (readings above), with
 * whether the answer names any kept event; undefined when it has no `events`
 * list at all.
 */
export function readBatchAnswer(read: BatchRead, outputOf: OutputOf, httpCode = '400'): { outcomes: BatchOutcome[]; keptAny: boolean } | undefined {
	const { answer, events } = read;
	const listed = isObject(answer) && Array.isArray(answer.events) ? (answer.events as unknown[]) : undefined;
	if (!listed) return undefined;
	const keptAny = listed.some((entry) => idOf(entry) !== undefined);
	const accepted = (position: number, id: string) => outputOf(events[position], id);

	// Errors that name a position in the batch, from the answer's `errors` and from its entries.
	const placed = new Map<number, RdError[]>();
	let unplaced = 0;
	const placeAt = (position: number, error: RdError) => placed.set(position, [...(placed.get(position) ?? []), error]);
	const place = (error: RdError) => {
		const position = positionOf(error);
		if (position === undefined || position >= events.length) unplaced++;
		else placeAt(position, error);
	};
	for (const error of errorList(isObject(answer) ? answer.errors : undefined)) place(error);

	if (listed.length === events.length) {
		// Reading 1: an entry per event, in order; an entry's own errors are its event's, whatever path they give.
		listed.forEach((entry, position) => (isObject(entry) ? errorList(entry.errors) : []).forEach((error) => placeAt(position, error)));
		const outcomes = listed.map((entry, position) => {
			const id = idOf(entry);
			const errors = placed.get(position);
			if (id !== undefined && !errors) return accepted(position, id);
			if (id === undefined && errors) return refused(read, position, errors, httpCode);
			return unknownOutcome(read, position);
		});
		return { outcomes, keptAny };
	}

	// Reading 2: the kept events' ids in order, beside the refused ones' errors by position.
	const ids: string[] = [];
	for (const entry of listed) {
		const id = idOf(entry);
		if (id !== undefined) ids.push(id);
		else if (isObject(entry) && entry.errors) errorList(entry.errors).forEach((error) => place(error));
		else unplaced++;
	}
	const addsUp = unplaced === 0 && ids.length + placed.size === events.length;
	let next = 0;
	const outcomes = events.map((_, position) => {
		const errors = placed.get(position);
		if (errors) return refused(read, position, errors, httpCode);
		return addsUp ? accepted(position, ids[next++]) : unknownOutcome(read, position);
	});
	return { outcomes, keptAny };
}

/**
 * A batch of one event refused whole (400/422): RD's error, its paths made
 * the event's own (`$[0].payload.funnel_name` → `funnel_name`: the 0 is its
 * place in the last half of a split batch, not the item's).
 */
export function ownRefusal(error: NodeApiError): NodeApiError {
	const reasons = reasonsOf(errorList((error.errorResponse as IDataObject | undefined)?.errors));
	if (reasons) error.message = `RD Station refused this event: ${reasons}`;
	return error;
}

/** Every event's outcome from a 2xx answer: an answer without an `events` list says nothing certain of any. */
export const batchOutcomes = (read: BatchRead, outputOf: OutputOf): BatchOutcome[] =>
	readBatchAnswer(read, outputOf)?.outcomes ?? read.events.map((_, position) => unknownOutcome(read, position));
