import type { IDataObject, IExecuteFunctions, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import type { StorePurpose } from '../shared/skipStore';
import { SkipStore } from '../shared/skipStore';

/*
 * Each Nexor event (its event_id) runs the workflow once. What n8n keeps,
 * runtime by runtime (docs/webhook-persistence.md):
 *  - a webhook's changes to the workflow's static data are not saved when
 *    the webhook starts a run (2.41, 2.30: n8n's runner resets the "changed"
 *    flag on the same object before the webhook's save) and, where saved
 *    (1.123), overwrite each other: static data written by webhook() alone
 *    is no record;
 *  - the execution the webhook starts runs this node's execute() (n8n-core
 *    runs `execute` before `webhook` for a node that has both), on whichever
 *    process runs it (a queue-mode worker too). There n8n offers its
 *    deduplication store (`checkProcessedAndRecord`: this node's row in
 *    n8n's database, written at once) and the execution's static data (saved
 *    when the execution ends).
 * So:
 *  - the record is n8n's store, written in execute(): an event it already
 *    holds outputs no item, and nothing after the trigger runs. Calls from
 *    this process go one at a time per row (SkipStore's queue): in one
 *    process, recording is atomic. Across processes (queue-mode workers
 *    recording at the same moment) n8n's read-change-write of the row has no
 *    lock: best effort;
 *  - the static data is a filter in front of it: execute() also writes the
 *    event there, n8n saves it when the execution ends, and a later delivery
 *    of the event is answered "received before" by webhook() without
 *    starting an execution at all. Static data is saved whole, by whichever
 *    execution ends last: every static-data copy this process wrote (held
 *    weakly until n8n lets go of it) gets every event this process records,
 *    so that concurrent executions in one process do not drop each other's;
 *  - this process's memory answers two deliveries of one event at the same
 *    moment (neither saved yet): the second is "received before".
 * Manual executions ("Listen for test event", a retry started by hand) are
 * not production deliveries: they neither read nor consume the record.
 */

/** Events kept in static data and in memory: the last 2,000 of the last day (Nexor retries within 36 minutes). */
export const MAX_REMEMBERED = 2000;
export const REMEMBER_MS = 24 * 60 * 60 * 1000;

/** n8n's store keeps more (the record that decides): the last 10,000 events, as n8n's Remove Duplicates node does by default. */
export const STARTED_EVENTS: StorePurpose = {
	maxEntries: 10_000,
	record: "n8n's record of Nexor events already started",
	consequence: 'The workflow did not run for this event. Retry the execution when n8n’s database answers.',
};

/** The execution mode of a delivery to the Production URL (n8n's live webhooks), in every runtime. */
const PRODUCTION = 'webhook';

/** [event ID, when this trigger first saw it], oldest first: the static data's `seenEvents`. */
type Seen = Array<[string, number]>;

function recent(value: unknown, now: number): Seen {
	if (!Array.isArray(value)) return [];
	return (value as unknown[])
		.filter((entry): entry is [string, number] => Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'number')
		.filter(([, at]) => now - at < REMEMBER_MS)
		.slice(-MAX_REMEMBERED);
}

/** One trigger node's events as this process knows them, and the static-data copies it wrote. */
class Ledger {
	/** Event ID → when this process first saw it (insertion order is time order). */
	private readonly known = new Map<string, number>();

	/** Static-data objects of this node that this process wrote; n8n may save any of them later. */
	private readonly copies = new Set<WeakRef<IDataObject>>();

	/** Whether this process, or the static data n8n loaded, has the event. */
	has(eventId: string, staticData: IDataObject, now: number): boolean {
		const at = this.known.get(eventId);
		if (at !== undefined && now - at < REMEMBER_MS) return true;
		return recent(staticData.seenEvents, now).some(([id]) => id === eventId);
	}

	/** Records the events here, in `staticData` and in every copy written before. */
	record(eventIds: string[], staticData: IDataObject, now: number): void {
		for (const id of eventIds) if (!this.known.has(id)) this.known.set(id, now);
		for (const [id, at] of this.known) {
			if (now - at < REMEMBER_MS && this.known.size <= MAX_REMEMBERED) break;
			this.known.delete(id);
		}
		this.copies.add(new WeakRef(staticData));
		for (const ref of this.copies) {
			const copy = ref.deref();
			if (copy === undefined) this.copies.delete(ref);
			else this.writeInto(copy, now);
		}
	}

	/** Adds what `copy` lacks of this process's events (and writes nothing when it lacks none: no save is asked for). */
	private writeInto(copy: IDataObject, now: number): void {
		const seen = recent(copy.seenEvents, now);
		const ids = new Set(seen.map(([id]) => id));
		const missing = [...this.known].filter(([id, at]) => !ids.has(id) && now - at < REMEMBER_MS);
		if (missing.length === 0) return;
		copy.seenEvents = [...seen, ...missing].sort((a, b) => a[1] - b[1]).slice(-MAX_REMEMBERED);
	}
}

const ledgers = new Map<string, Ledger>();

function ledgerOf(context: IWebhookFunctions | IExecuteFunctions): Ledger {
	const scope = `${context.getWorkflow().id ?? ''}\u0000${context.getNode().id}`;
	let ledger = ledgers.get(scope);
	if (!ledger) {
		ledger = new Ledger();
		ledgers.set(scope, ledger);
	}
	return ledger;
}

/**
 * In webhook(): false when this trigger started the event before (this
 * process, or the static data n8n loaded for this request says so);
 * otherwise records it here and answers true. Test deliveries ("Listen for
 * test event") are always true and recorded nowhere.
 */
export function firstDelivery(context: IWebhookFunctions, eventId: string, now = Date.now()): boolean {
	if (context.getMode() !== PRODUCTION) return true;
	const ledger = ledgerOf(context);
	const staticData = context.getWorkflowStaticData('node');
	// No await between the check and the record: two deliveries of one event in this process cannot both pass.
	if (ledger.has(eventId, staticData, now)) return false;
	ledger.record([eventId], staticData, now);
	return true;
}

const eventIdOf = (item: INodeExecutionData) => (typeof item.json.event_id === 'string' ? item.json.event_id : undefined);

/**
 * The trigger's execute(), run by n8n in the execution the webhook started:
 * the items whose event n8n's store did not hold (now recorded there and in
 * the execution's static data). An event held already outputs nothing, with
 * a hint saying why. Manual executions pass every item.
 */
export async function startedOnce(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const passed = (item: INodeExecutionData, index: number): INodeExecutionData => ({ json: item.json, pairedItem: { item: index } });
	if (context.getMode() !== PRODUCTION) return [items.map(passed)];

	const ids = items.map(eventIdOf).filter((id): id is string => id !== undefined);
	const before = ids.length ? await new SkipStore(context, STARTED_EVENTS).record(ids) : new Set<string>();
	ledgerOf(context).record(ids, context.getWorkflowStaticData('node'), Date.now());

	const repeated = ids.filter((id) => before.has(id));
	if (repeated.length) {
		context.addExecutionHints({
			message: `Nexor event ${repeated.join(', ')} started this workflow before (n8n’s record of events started): nothing after the trigger runs for it again.`,
			location: 'outputPane',
		});
	}
	const output: INodeExecutionData[] = [];
	items.forEach((item, index) => {
		const id = eventIdOf(item);
		if (id === undefined || !before.has(id)) output.push(passed(item, index));
	});
	return [output];
}
