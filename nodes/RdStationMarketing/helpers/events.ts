import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { isRefusal, sendSplitting } from '../../shared/batch';
import { textAt } from '../../shared/expect';
import { oncePer } from '../../shared/oncePer';
import { apiRequest } from '../../shared/transport';
import type { ApiFailure, ApiProvider, BatchItem, BatchOutcome, BatchSender, Expectation, Run } from '../../shared/types';
import { failItem } from '../../shared/validation';
import { providerOf, rdStationApi } from '../provider';
import type { BatchRead } from './batchAnswer';
import { batchOutcomes, ownRefusal, readBatchAnswer } from './batchAnswer';
import { EVENT_TYPES, isBatchable } from './eventTypes';

/*
 * RD documents "at most 0.2 MB" per body (a batch included); 200,000 bytes
 * is the stricter reading, measured on the serialized body
 * (docs/rdstation-api.md §Events).
 */
export const MAX_BODY_BYTES = 200_000;

/** `{ event_type, event_family: "CDP", payload }`, the envelope of every RD event. */
export const eventBody = (eventType: string, payload: IDataObject): IDataObject => ({
	event_type: eventType,
	event_family: 'CDP',
	payload,
});

/** Each checked body's size, measured once: the batches are filled by the same figure. */
const bytesOf = oncePer((body: IDataObject) => Buffer.byteLength(JSON.stringify(body), 'utf8'));

/** Refuses an event that RD would refuse for its size, before anything is sent. */
export function checkEventSize(context: IExecuteFunctions, body: IDataObject, itemIndex: number): void {
	const size = bytesOf(body);
	if (size > MAX_BODY_BYTES) {
		failItem(
			context.getNode(),
			[`Payload: expected at most 0.2 MB (${MAX_BODY_BYTES} bytes) as RD Station allows, got ${size} bytes`],
			itemIndex,
		);
	}
}

/** What an event's output item holds: RD's id beside what identifies the contact and the event. */
const outputOf = (body: IDataObject, eventUuid: string): IDataObject => {
	const payload = body.payload as IDataObject;
	const output: IDataObject = { event_uuid: eventUuid, event_type: body.event_type, email: payload.email };
	// Every key of the type on every item (null when the payload had none): the next node reads the same fields.
	for (const key of EVENT_TYPES[String(body.event_type)]?.outputKeys ?? []) output[key] = payload[key] ?? null;
	return output;
};

/*
 * RD refuses e-commerce events from accounts without its e-commerce plan;
 * how it says so is not documented, so a refusal of one says what to check.
 */
const explainEvent = (eventType: string) => (failure: ApiFailure) =>
	EVENT_TYPES[eventType]?.ecommerce && failure.statusCode >= 400 && failure.statusCode < 500 && failure.statusCode !== 401 && failure.statusCode !== 429
		? `RD Station refused the e-commerce event: ${failure.message}. RD accepts e-commerce events only from accounts on RD Station Marketing for E-commerce (Pro or Advanced).`
		: undefined;

/**
 * One event: with the API key to /platform/conversions (conversions only),
 * with OAuth2 to /platform/events.
 */
export async function sendEvent(this: IExecuteFunctions, body: IDataObject, itemIndex: number, run: Run): Promise<IDataObject> {
	const provider = providerOf(this);
	const viaApiKey = provider === rdStationApi;
	const eventType = String(body.event_type);
	const response = await apiRequest(run, provider, {
		method: 'POST',
		path: viaApiKey ? '/platform/conversions' : '/platform/events',
		qs: viaApiKey ? undefined : { event_type: eventType.toLowerCase() },
		body,
		itemIndex,
		expect: textAt('event_uuid', 'the event\'s id ("event_uuid")'),
		explain: explainEvent(eventType),
	});
	// API-key conversions keep the output they always had.
	if (viaApiKey) {
		const payload = body.payload as IDataObject;
		return { event_uuid: response.event_uuid, conversion_identifier: payload.conversion_identifier, email: payload.email };
	}
	return outputOf(body, String(response.event_uuid));
}

/** Any answer to a batch is read event by event; only its absence (or a non-JSON page) fails the batch. */
const batchAnswer: Expectation = {
	what: 'an answer about the batch (a JSON object)',
	accepts: (body) => !!body && typeof body === 'object' && !Array.isArray(body),
};

/**
 * One request to RD's batch endpoint; each event's outcome read from the
 * answer (helpers/batchAnswer.ts). A refusal that names no kept event is
 * thrown, for the caller to halve the batch around the bad events.
 */
async function postBatch(
	context: IExecuteFunctions,
	items: Array<BatchItem<IDataObject>>,
	run: Run,
	provider: ApiProvider,
): Promise<BatchOutcome[]> {
	const read: BatchRead = { context, events: items.map((item) => item.prepared), itemIndexes: items.map((item) => item.itemIndex), answer: undefined };
	const sent = await apiRequest(run, provider, {
		method: 'POST',
		path: '/platform/events/batch',
		body: read.events,
		itemIndex: read.itemIndexes[0],
		itemIndexes: read.itemIndexes,
		expect: batchAnswer,
	}).then(
		(answer) => ({ answer }),
		(error: unknown) => ({ error }),
	);
	if ('answer' in sent) return batchOutcomes({ ...read, answer: sent.answer }, outputOf);
	const { error } = sent;
	if (isRefusal(error)) {
		const refusal = error as NodeApiError;
		// Some events kept all the same (a partial success answered with an error status): they are not sent again.
		const partial = readBatchAnswer({ ...read, answer: refusal.errorResponse }, outputOf, refusal.httpCode ?? '400');
		if (partial?.keptAny) return partial.outcomes;
		if (items.length === 1) return [ownRefusal(refusal)];
	}
	// Refused whole: halved by the caller; an item sent before (AlreadySent), any other failure: every item's.
	return await Promise.reject(error);
}

/**
 * Event operations' batch path: items grouped under 0.2 MB per request, in
 * input order. Only the types on RD's batch list go in batches; an event of
 * another type (e-commerce) is made a unit of its own (its size is the whole
 * budget) and sent alone to /platform/events, its place in the output kept.
 */
export const eventBatches: BatchSender<IDataObject> = {
	enabled(this: IExecuteFunctions) {
		return providerOf(this) !== rdStationApi && this.getNodeParameter('sendInBatches', 0, false) === true;
	},
	sizeOf: (prepared) => (isBatchable(prepared.event_type) ? bytesOf(prepared) + 1 : MAX_BODY_BYTES),
	// The array's brackets.
	maxBytes: MAX_BODY_BYTES - 2,
	async send(this: IExecuteFunctions, items, run) {
		const provider = providerOf(this);
		const outcomes = new Map<number, BatchOutcome>();
		const single = items.filter((item) => !isBatchable(item.prepared.event_type));
		const batched = items.filter((item) => isBatchable(item.prepared.event_type));
		for (const { itemIndex, prepared } of single) {
			outcomes.set(itemIndex, await sendEvent.call(this, prepared, itemIndex, run).catch((error: Error) => error));
		}
		if (batched.length) {
			const answers = await sendSplitting(run, batched, async (part) => await postBatch(this, part, run, provider));
			batched.forEach((item, position) => outcomes.set(item.itemIndex, answers[position]));
		}
		return items.map((item) => outcomes.get(item.itemIndex)!);
	},
};
