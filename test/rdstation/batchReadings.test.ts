/*
 * RD's answer to a batch holding a bad event, in each reading the sandbox
 * serves (RD does not document it: docs/rdstation-api.md §Batch): the events
 * RD kept come out accepted with their own ids, the refused one fails with
 * its own field named as the item's, and only events the answer says nothing
 * certain about read "may have been recorded". Several batches, so that a
 * position inside one is never mistaken for the item's.
 */
import type { IDataObject } from 'n8n-workflow';

import type { RdBatchRule } from '../sandbox/rdstation';
import { jsonOf, pairedOf } from '../setup';
import { rdNode, useRdTestBed } from './support';

jest.setTimeout(120_000);

const bed = useRdTestBed();
const store = () => bed.store();
const batchRequests = () => bed.sandbox.requests('rdstation', 'POST', '/platform/events/batch');
const eventsFor = (prefix: string) => store().events.filter((event) => String(event.payload.email).startsWith(prefix));
const sendAny = () => rdNode({ resource: 'event', operation: 'send', eventType: '={{ $json.type }}', payload: '={{ $json.payload }}', sendInBatches: true });

const BAD = 13;
const REFUSED = 'RD Station refused this event: funnel_name: Funnel not found. (INVALID_OPTION)';
const UNKNOWN =
	'RD Station’s answer to the batch does not say what became of this event: it may have been recorded. Check in RD Station before running this item again, or send it without "Send in Batches".';

/**
 * 24 conversions of about 30 KB each (six fit in 0.2 MB: four or five
 * batches), item 13 an opportunity in a funnel only RD knows is missing: our
 * checks pass it, RD refuses it.
 */
const input = (prefix: string): IDataObject[] =>
	Array.from({ length: 24 }, (_, index) => {
		const email = `${prefix}${index}@example.com`;
		return index === BAD
			? { type: 'OPPORTUNITY', payload: { email, funnel_name: 'no-such-funnel' } }
			: { type: 'CONVERSION', payload: { email, conversion_identifier: 'readings', name: 'x'.repeat(30_000) } };
	});

async function runWith(rule: RdBatchRule) {
	store().batchRule = rule;
	const prefix = `reading-${rule}-`;
	const given = input(prefix);
	const before = batchRequests().length;
	const { items, error } = await bed.engine.runNode(sendAny(), given);
	expect(error).toBeUndefined();
	expect(pairedOf(items)).toEqual(given.map((_, index) => index));
	const output = jsonOf(items);
	const requests = batchRequests().slice(before);
	/** The items that went in the same first request as the bad one. */
	const badEmail = (given[BAD].payload as IDataObject).email;
	const badBatch = requests.find((entry) => (entry.body as IDataObject[]).some((event) => (event.payload as IDataObject).email === badEmail))!;
	const batchOfBad = (badBatch.body as IDataObject[]).map((event) => given.findIndex((item) => (item.payload as IDataObject).email === (event.payload as IDataObject).email));
	const stored = eventsFor(prefix);
	// Output i carries the id RD gave to event i.
	const idOf = new Map(stored.map((event) => [String(event.payload.email), event.event_uuid]));
	const acceptedRight = output.flatMap((json, index) =>
		typeof json.event_uuid === 'string' && json.event_uuid === idOf.get(String((given[index].payload as IDataObject).email)) ? [index] : [],
	);
	return { output, requests, batchOfBad, stored, acceptedRight, text: JSON.stringify(items) };
}

const others = Array.from({ length: 24 }, (_, index) => index).filter((index) => index !== BAD);

describe.each<[RdBatchRule, string]>([
	['rejectBatch', 'RD refuses the whole batch (400, errors by position): halved until the bad event stands alone'],
	['acceptGood', 'RD keeps the good ones and answers one entry per event'],
	['keptIdsErrorsByPosition', 'RD keeps the good ones and answers only their ids, the bad one’s errors by position'],
	['acceptGoodAs422', 'RD keeps the good ones but answers 422, one entry per event: nothing is sent again'],
])('%s — %s', (rule) => {
	test('the 23 good events accepted with their own ids, the bad one refused with its own field, nothing "may have been recorded"', async () => {
		const { output, requests, batchOfBad, stored, acceptedRight, text } = await runWith(rule);
		expect(batchOfBad.indexOf(BAD)).not.toBe(BAD);
		expect(acceptedRight).toEqual(others);
		expect(output[BAD].error).toBe(REFUSED);
		expect(output[BAD].possiblyCreated).toBeUndefined();
		expect(output.filter((json) => json.possiblyCreated === true)).toEqual([]);
		// No position inside a request (`$[1]…`) reaches the user.
		expect(text).not.toContain('$[');
		expect(stored).toHaveLength(23);
		expect(new Set(stored.map((event) => event.payload.email)).size).toBe(23);
		// Halving sends the refused halves' good events again (nothing of a refused batch was kept); any other reading sends each event once.
		const sent = requests.flatMap((entry) => entry.body as IDataObject[]).length;
		if (rule === 'rejectBatch') expect(sent).toBeGreaterThan(24);
		else expect(sent).toBe(24);
	});
});

describe('keptIdsErrorsUnplaced — RD keeps the good ones and answers their ids, its errors naming no position', () => {
	test('the batch holding the bad event: every event of it "may have been recorded" (RD kept five of six, but not which); every other batch accepted', async () => {
		const { output, batchOfBad, stored, acceptedRight, text } = await runWith('keptIdsErrorsUnplaced');
		const unknown = output.flatMap((json, index) => (json.possiblyCreated === true ? [index] : []));
		expect(unknown).toEqual(batchOfBad);
		expect(unknown).toContain(BAD);
		for (const index of unknown) expect(output[index].error).toBe(UNKNOWN);
		expect(acceptedRight).toEqual(output.map((_, index) => index).filter((index) => !batchOfBad.includes(index)));
		expect(text).not.toContain('$[');
		expect(stored).toHaveLength(23);
	});
});
