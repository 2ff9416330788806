import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { isRefusal, sendSplitting } from '../../shared/batch';
import { apiRequest } from '../../shared/transport';
import type { ApiRequest, BatchItem, BatchOutcome, BatchSender, Expectation, Run } from '../../shared/types';
import { nexorApi } from '../provider';
import { isObject } from './answers';

/*
 * Many leads in one request: POST /leads and POST /processors/{id}/leads take
 * an array of up to 1,000 leads and create the valid ones even when others
 * fail (docs/nexor-api.md §Leads.Bulk). What the answer to an array looks
 * like is not documented, so every item's outcome is read from whatever the
 * answer gives, and an answer that does not say what became of an item is
 * reported as such for that item, never guessed. The readings handled:
 *
 *  1. Per position: a list as long as the batch (the body itself, or under
 *     "results", "items", "data" or "leads"), each entry the single-lead
 *     answer ({ success, lead, workflow_run, warning }), a bare lead, or an
 *     error ({ error, message } / { success: false } / a status ≥ 400).
 *     Where an item has an e-mail or phone, its entry must carry the same,
 *     or the list is not taken as positional.
 *  2. Errors with an index ("errors", "failed" or "failures": { index | path
 *     "$[3]", error, message }, 0-based, as JSON paths count) beside the
 *     created leads ("created", "leads", "results", "data"): an errored item
 *     fails with its message; the others are matched to a created lead by the
 *     lead's own "index", else by e-mail, else by phone.
 *  3. Anything else (counts only, an empty body, leads that match no item):
 *     those items fail with "may have been created" (possiblyCreated), so that
 *     nothing is sent twice by a re-run with Skip Items Already Sent.
 *
 * A batch refused whole (400, 422) with no created lead in its answer is
 * halved until each bad lead stands alone (shared/batch.ts; a 413, too
 * large, too); one lead alone goes as the documented single object.
 */

export const MAX_LEADS_PER_REQUEST = 1000;

/*
 * Nexor documents a count (1,000), not a size. 1,000 leads with a few
 * metadata values are about 0.3 MB; 4 MB leaves room for long metadata and a
 * 413 is halved anyway.
 */
export const MAX_BULK_BYTES = 4 * 1024 * 1024;

export const sendInBatchesProperty: INodeProperties = {
	displayName: 'Send in Batches',
	name: 'sendInBatches',
	type: 'boolean',
	default: false,
	description:
		'Whether to send up to 1,000 leads per request instead of one request per item: far fewer requests for a spreadsheet or a CRM export. Valid leads are created even when others of the batch fail; each item gets its own outcome.',
};

const isLead = (value: unknown): value is IDataObject =>
	isObject(value) && ((typeof value.id === 'string' && value.id !== '') || typeof value.id === 'number');

/** The lead an entry carries: `{ lead: {…} }` or the lead itself. */
const leadOf = (entry: unknown): IDataObject | undefined =>
	isObject(entry) && isLead(entry.lead) ? entry.lead : isLead(entry) ? entry : undefined;

const isErrorEntry = (entry: IDataObject) =>
	entry.success === false ||
	typeof entry.error === 'string' ||
	(typeof entry.status === 'number' && entry.status >= 400) ||
	(typeof entry.statusCode === 'number' && entry.statusCode >= 400);

/** The keys a batch answer adds to an entry (its status, its place): not the lead's. */
const BATCH_KEYS = ['success', 'status', 'statusCode', 'index'];

/** An entry of a batch answer as its item's output: the lead, and the rest of the entry as the single answer would carry it. */
const outputOf = ({ writes }: Context, entry: unknown): IDataObject => {
	const lead = leadOf(entry)!;
	const rest = isObject(entry) && entry !== lead ? Object.fromEntries(Object.entries(entry).filter(([key]) => !BATCH_KEYS.includes(key))) : {};
	return writes.outputOf(lead, rest as IDataObject);
};

const normalEmail = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim().toLowerCase() : undefined);
const normalPhone = (value: unknown) => {
	const digits = typeof value === 'string' ? value.replace(/\D/g, '') : '';
	return digits.length >= 6 ? digits : undefined;
};

/** The index an error entry names: `index`, or the first `[n]` of its `path`. */
function indexOf(entry: unknown): number | undefined {
	if (!isObject(entry)) return undefined;
	if (typeof entry.index === 'number' && Number.isInteger(entry.index)) return entry.index;
	const fromPath = typeof entry.path === 'string' ? /\[(\d+)\]/.exec(entry.path)?.[1] : undefined;
	return fromPath === undefined ? undefined : Number(fromPath);
}

const excerpt = (body: unknown) => {
	const text = JSON.stringify(body) ?? String(body);
	return text.length > 160 ? `${text.slice(0, 160)}…` : text;
};

interface Context {
	context: IExecuteFunctions;
	bodies: IDataObject[];
	itemIndexes: number[];
	answer: unknown;
	writes: Pick<LeadWrites<unknown>, 'outputOf'>;
}

function refused({ context, itemIndexes }: Context, position: number, entry: IDataObject): NodeApiError {
	const reason = [entry.message, entry.error].find((text) => typeof text === 'string' && text !== '') ?? excerpt(entry);
	const status = typeof entry.status === 'number' ? entry.status : typeof entry.statusCode === 'number' ? entry.statusCode : 400;
	return new NodeApiError(context.getNode(), entry as JsonObject, {
		message: `Nexor refused this lead of the batch: ${String(reason)}`,
		description: 'The other leads of the batch were sent on their own account.',
		httpCode: String(status),
		itemIndex: itemIndexes[position],
	});
}

/** An item the answer says nothing usable about: it may exist now. */
function unknownOutcome({ context, itemIndexes, answer }: Context, position: number): NodeApiError {
	const error = new NodeApiError(context.getNode(), { answer: excerpt(answer) } as JsonObject, {
		message:
			'Nexor accepted the batch but its answer does not say what became of this lead: it may have been created. Check in Nexor before sending it again, or send without "Send in Batches".',
		description: `Nexor's answer to the batch: ${excerpt(answer)}`,
		itemIndex: itemIndexes[position],
	});
	error.context.possiblyCreated = true;
	return error;
}

/** Reading 1: one entry per item, in order, confirmed by e-mail or phone where the item has one. */
function byPosition(read: Context): BatchOutcome[] | undefined {
	const { answer, bodies } = read;
	const candidates = Array.isArray(answer)
		? [answer]
		: isObject(answer)
			? ['results', 'items', 'data', 'leads'].map((key) => answer[key]).filter(Array.isArray)
			: [];
	for (const list of candidates as unknown[][]) {
		if (list.length !== bodies.length) continue;
		const readable = list.every((entry) => isObject(entry) && (leadOf(entry) !== undefined || isErrorEntry(entry)));
		const agrees = list.every((entry, position) => {
			const lead = leadOf(entry);
			if (!lead) return true;
			const email = normalEmail(bodies[position].email);
			const phone = normalPhone(bodies[position].phone);
			if (email && normalEmail(lead.email)) return email === normalEmail(lead.email);
			if (phone && normalPhone(lead.phone)) return phone === normalPhone(lead.phone);
			return true;
		});
		if (readable && agrees) {
			return list.map((entry, position) =>
				leadOf(entry) !== undefined && !isErrorEntry(entry as IDataObject) ? outputOf(read, entry) : refused(read, position, entry as IDataObject),
			);
		}
	}
	return undefined;
}

/** Reading 2: errors with an index, and created leads matched by their index, e-mail or phone. */
function byIndexAndMatch(read: Context): { outcomes: BatchOutcome[]; createdAny: boolean } | undefined {
	const { answer, bodies } = read;
	if (!isObject(answer)) return undefined;
	const errors = ['errors', 'failed', 'failures'].map((key) => answer[key]).find(Array.isArray) as unknown[] | undefined;
	const created = (['created', 'leads', 'results', 'data'].map((key) => answer[key]).find(Array.isArray) as unknown[] | undefined)?.filter(
		(entry) => leadOf(entry) !== undefined && !(isObject(entry) && isErrorEntry(entry)),
	);
	if (!errors && !created) return undefined;
	const errorAt = new Map<number, IDataObject>();
	for (const entry of errors ?? []) {
		const index = indexOf(entry);
		// An index outside the batch: the answer counts differently than we read it; nothing is guessed.
		if (index === undefined || index < 0 || index >= bodies.length) return undefined;
		errorAt.set(index, entry as IDataObject);
	}
	const createdAt = new Map<number, unknown>();
	const byEmail = new Map<string, unknown>();
	const byPhone = new Map<string, unknown>();
	for (const entry of created ?? []) {
		const index = indexOf(entry) ?? indexOf(leadOf(entry));
		if (index !== undefined && index >= 0 && index < bodies.length) createdAt.set(index, entry);
		const lead = leadOf(entry)!;
		const email = normalEmail(lead.email);
		const phone = normalPhone(lead.phone);
		if (email) byEmail.set(email, entry);
		if (phone) byPhone.set(phone, entry);
	}
	const outcomes = bodies.map((body, position): BatchOutcome => {
		const error = errorAt.get(position);
		if (error) return refused(read, position, error);
		const email = normalEmail(body.email);
		const phone = normalPhone(body.phone);
		const match = createdAt.get(position) ?? (email ? byEmail.get(email) : undefined) ?? (phone ? byPhone.get(phone) : undefined);
		return match ? outputOf(read, match) : unknownOutcome(read, position);
	});
	return { outcomes, createdAny: (created ?? []).length > 0 };
}

/** Every item's outcome from Nexor's answer to a batch (see the readings above). */
function batchOutcomes(read: Context): BatchOutcome[] {
	return byPosition(read) ?? byIndexAndMatch(read)?.outcomes ?? read.bodies.map((_, position) => unknownOutcome(read, position));
}

/**
 * A batch refused with 400 or 422 whose answer still names created leads
 * (partial success reported with an error status): their outcomes, so that
 * they are not sent again by halving. Undefined for a plain refusal.
 */
function partialSuccessOf(read: Context) {
	const positional = byPosition(read);
	if (positional?.some((outcome) => !(outcome instanceof Error))) return positional;
	const matched = byIndexAndMatch(read);
	return matched?.createdAny ? matched.outcomes : undefined;
}

/** Any answer to a batch is read item by item; only its absence (or a non-JSON page) fails the batch. */
const batchAnswer: Expectation = {
	what: 'an answer about the batch (a JSON list or object)',
	accepts: (body) => Array.isArray(body) || isObject(body),
};

export interface LeadWrites<Prepared> {
	/** The lead's request body. */
	bodyOf(prepared: Prepared): IDataObject;
	/** Where it goes (POST /leads, POST /processors/{id}/leads). */
	pathOf(prepared: Prepared): string;
	/** One lead alone, as the documented single object. */
	sendOne(context: IExecuteFunctions, prepared: Prepared, itemIndex: number, run: Run): Promise<IDataObject>;
	/** A clearer message for a failure of the destination (a router that does not exist). */
	explain?(prepared: Prepared): ApiRequest['explain'];
	/** An item's output from the lead a batch answer names for it and the rest of its entry: what `sendOne` would output. */
	outputOf(lead: IDataObject, entry: IDataObject): IDataObject;
}

/** The batch path of a lead-creating operation: items grouped by destination, up to 1,000 per request. */
export function leadBatches<Prepared>(writes: LeadWrites<Prepared>): BatchSender<Prepared> {
	const postBatch = async (context: IExecuteFunctions, run: Run, part: Array<BatchItem<Prepared>>): Promise<BatchOutcome[]> => {
		if (part.length === 1) return [await writes.sendOne(context, part[0].prepared, part[0].itemIndex, run)];
		const bodies = part.map((item) => writes.bodyOf(item.prepared));
		const itemIndexes = part.map((item) => item.itemIndex);
		const sent = await apiRequest(run, nexorApi, {
			method: 'POST',
			path: writes.pathOf(part[0].prepared),
			body: bodies,
			itemIndex: itemIndexes[0],
			itemIndexes,
			expect: batchAnswer,
			explain: writes.explain?.(part[0].prepared),
		}).then(
			(answer) => ({ answer }),
			(error: unknown) => ({ error }),
		);
		if ('answer' in sent) return batchOutcomes({ context, bodies, itemIndexes, answer: sent.answer, writes });
		const { error } = sent;
		if (isRefusal(error)) {
			const partial = partialSuccessOf({ context, bodies, itemIndexes, answer: (error as NodeApiError).errorResponse, writes });
			if (partial) return partial;
		}
		// A refusal (400, 413, 422) with nothing created: halved by the caller; an item sent before (AlreadySent), any other failure.
		return await Promise.reject(error);
	};

	return {
		enabled(this: IExecuteFunctions) {
			return this.getNodeParameter('sendInBatches', 0, false) === true;
		},
		sizeOf: (prepared) => Buffer.byteLength(JSON.stringify(writes.bodyOf(prepared)), 'utf8') + 1,
		// The array's brackets.
		maxBytes: MAX_BULK_BYTES - 2,
		maxItems: MAX_LEADS_PER_REQUEST,
		async send(this: IExecuteFunctions, items, run) {
			// Items of one unit may go to different places (a processor ID per item): one request each.
			const groups = new Map<string, Array<BatchItem<Prepared>>>();
			for (const item of items) {
				const path = writes.pathOf(item.prepared);
				const group = groups.get(path);
				if (group) group.push(item);
				else groups.set(path, [item]);
			}
			const outcomes = new Map<number, BatchOutcome>();
			for (const group of groups.values()) {
				const answers = await sendSplitting(run, group, async (part) => await postBatch(this, run, part));
				group.forEach((item, position) => outcomes.set(item.itemIndex, answers[position]));
			}
			return items.map((item) => outcomes.get(item.itemIndex)!);
		},
	};
}
