/*
 * 1,000 items through each node's main create operation while the sandbox
 * injects every fault at once (latency, 429 and 503 with Retry-After,
 * connection resets, "processed, then 500", a per-key rate limit). The
 * sandbox's own store and journal are the witnesses.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { FaultConfig } from './sandbox/faults';
import type { JournalEntry } from './sandbox/types';
import { NODE, pairedOf, useTestBed } from './setup';

jest.setTimeout(300_000);

const bed = useTestBed();
const ITEMS = 1000;

const ALL_FAULTS: FaultConfig = {
	seed: 2026,
	methods: ['POST'],
	rate429: 0.04,
	rate503: 0.04,
	rateReset: 0.03,
	rateProcessedThen500: 0.03,
	retryAfterSeconds: 0,
	rateLimit: { requests: 400, windowMs: 1000 },
};

afterEach(() => {
	bed.sandbox.injectFaults(undefined);
	bed.sandbox.latencyMs = 0;
});

/** Groups the journal's create requests by the key that identifies the item. */
function requestsByKey(entries: JournalEntry[], keyOf: (entry: JournalEntry) => string) {
	const groups = new Map<string, JournalEntry[]>();
	for (const entry of entries) groups.set(keyOf(entry), [...(groups.get(keyOf(entry)) ?? []), entry]);
	return groups;
}

/**
 * What every run must show: one output per input, paired to it; every success
 * exists exactly once; nothing exists twice; every request the server
 * processed and then answered 500 is reported as possibly created and was
 * sent once; a lost connection is reported, not re-sent; nothing else failed.
 */
function expectNoLossNoDuplicates(
	items: INodeExecutionData[],
	keys: string[],
	requests: Map<string, JournalEntry[]>,
	storedCount: (key: string) => number,
) {
	expect(items).toHaveLength(ITEMS);
	expect(pairedOf(items)).toEqual(keys.map((_, index) => index));
	const tally = { ok: 0, possiblyCreated: 0, other: 0 };
	keys.forEach((key, index) => {
		const json = items[index].json;
		const sent = requests.get(key) ?? [];
		const finalStatus = sent[sent.length - 1]?.status;
		expect(storedCount(key)).toBeLessThanOrEqual(1);
		if (!json.error) {
			tally.ok++;
			expect(storedCount(key)).toBe(1);
			expect(finalStatus).toBeGreaterThanOrEqual(200);
			expect(finalStatus).toBeLessThan(300);
			// The item is the record, whether it took one attempt or several: retries never change its keys.
			expect(json.attempts).toBeUndefined();
		} else if (json.possiblyCreated) {
			tally.possiblyCreated++;
			// Not re-sent: the last request is the one that may have been processed.
			expect([0, 500]).toContain(finalStatus);
			expect(storedCount(key)).toBe(finalStatus === 500 ? 1 : 0);
		} else {
			tally.other++;
		}
	});
	// Every "processed, then 500" and every lost connection was reported, not retried.
	const processedThen500 = keys.filter((key) => (requests.get(key) ?? []).some((entry) => entry.status === 500));
	const resets = keys.filter((key) => (requests.get(key) ?? []).some((entry) => entry.status === 0));
	expect(processedThen500.length + resets.length).toBe(tally.possiblyCreated);
	expect(processedThen500.length).toBeGreaterThan(0);
	expect(resets.length).toBeGreaterThan(0);
	// Only items whose 429/503 outlasted Attempts per Request may fail otherwise, and say so.
	expect(tally.other).toBeLessThanOrEqual(2);
	return tally;
}

test('Nexor: 1,000 leads under every fault: no duplicate, no loss, possibly-created reported', async () => {
	bed.sandbox.latencyMs = 2;
	bed.sandbox.injectFaults({ ...ALL_FAULTS, providers: ['nexor'] });
	const names = Array.from({ length: ITEMS }, (_, index) => `FaultLead${index}`);
	const { items, error } = await bed.engine.runNode(
		{ type: NODE.nexor, continueOnFail: true, parameters: { resource: 'lead', operation: 'create', firstName: '={{ $json.name }}' } },
		names.map((name) => ({ name })),
	);
	expect(error).toBeUndefined();
	const requests = requestsByKey(bed.sandbox.requests('nexor', 'POST', '/leads'), (entry) => String((entry.body as IDataObject).first_name));
	const leads = [...bed.sandbox.stores.nexor.leads.values()];
	const tally = expectNoLossNoDuplicates(items, names, requests, (name) => leads.filter((lead) => lead.first_name === name).length);
	expect(tally.ok).toBeGreaterThan(ITEMS * 0.85);
	expect([...requests.values()].some((sent) => sent.length > 1)).toBe(true);
});

test('Nateq: 1,000 conversions under every fault: each lead converted at most once, every item answered', async () => {
	bed.sandbox.latencyMs = 2;
	const ids = Array.from({ length: ITEMS }, (_, index) => bed.sandbox.stores.nateq.addLead(`Fault ${index}`, `fault${index}@example.com`));
	bed.sandbox.injectFaults({ ...ALL_FAULTS, providers: ['nateq'] });
	const { items, error } = await bed.engine.runNode(
		{ type: NODE.nateq, continueOnFail: true, parameters: { resource: 'lead', operation: 'convertToContact', leadId: '={{ $json.id }}' } },
		ids.map((id) => ({ id })),
	);
	expect(error).toBeUndefined();
	const requests = requestsByKey(bed.sandbox.requests('nateq', 'POST'), (entry) => entry.path.split('/')[2]);
	const contacts = [...bed.sandbox.stores.nateq.contacts.values()];
	const tally = expectNoLossNoDuplicates(items, ids, requests, (id) => contacts.filter((contact) => contact.externalId === id).length);
	expect(tally.ok).toBeGreaterThan(ITEMS * 0.85);
});

test('RD Station: 1,000 conversions under every fault, paced under the rate limit: no 429 from the limit, no duplicate', async () => {
	bed.sandbox.latencyMs = 2;
	const faults = bed.sandbox.injectFaults({ ...ALL_FAULTS, providers: ['rdstation'], rateLimit: { requests: 100, windowMs: 1000 } })!;
	const emails = Array.from({ length: ITEMS }, (_, index) => `fault${index}@example.com`);
	const before = bed.sandbox.stores.rdstation.conversions.length;
	const { items, error } = await bed.engine.runNode(
		{
			type: NODE.rdStation,
			continueOnFail: true,
			parameters: {
				resource: 'conversion',
				operation: 'create',
				conversionIdentifier: 'fault-suite',
				email: '={{ $json.email }}',
				// The account's limit is 100 per second: pace at 95.
				requestOptions: { requestsPerMinute: 5700, concurrency: 10 },
			},
		},
		emails.map((email) => ({ email })),
	);
	expect(error).toBeUndefined();
	expect(faults.counts.rateLimited).toBe(0);
	expect(items.filter((item) => item.json.httpCode === '429')).toEqual([]);
	const requests = requestsByKey(bed.sandbox.requests('rdstation', 'POST'), (entry) => String((entry.body as { payload: IDataObject }).payload.email));
	const stored = bed.sandbox.stores.rdstation.conversions.slice(before);
	const tally = expectNoLossNoDuplicates(items, emails, requests, (email) => stored.filter((event) => event.payload.email === email).length);
	expect(tally.ok).toBeGreaterThan(ITEMS * 0.85);
});
