import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/*
 * 500 pages of 200 is 100,000 records: more than one n8n execution should
 * hold, and far more than a real account's conversions in one list. A
 * server that keeps answering past it is not paging.
 */
export const MAX_PAGES = 500;

/** Lists cut at the node's Limit, and whether records were left out or may have been (a full last page, no total). */
const cutLists = new WeakMap<IDataObject[], 'more' | 'maybe'>();

/**
 * The first `wanted` records of a list, remembered as cut when records were
 * left out (`more`, by default: when there were more than `wanted`), so that
 * a tool's answer to an AI Agent can say so (toolMode.ts).
 */
export function firstOf(records: IDataObject[], wanted: number, more: boolean | 'maybe' = records.length > wanted): IDataObject[] {
	const shown = records.slice(0, wanted);
	if (more) cutLists.set(shown, more === true ? 'more' : 'maybe');
	return shown;
}

/** Whether `firstOf` left records out of this list (`more`) or may have (`maybe`). */
export function cutOf(list: unknown): 'more' | 'maybe' | undefined {
	return Array.isArray(list) ? cutLists.get(list as IDataObject[]) : undefined;
}

export interface Page {
	records: IDataObject[];
	/** The provider's total, when it gives one. */
	total?: number;
}

/**
 * Collects up to `wanted` records by offset, one page after another, and
 * stops with a clear error when the server repeats a page, ignores the
 * offset or keeps answering past MAX_PAGES.
 */
export async function collectPages(
	node: INode,
	{ wanted, pageSize, itemIndex, provider }: { wanted: number; pageSize: number; itemIndex: number; provider: string },
	fetchPage: (offset: number, limit: number) => Promise<Page>,
): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	const seen = new Set<string>();
	const fail = (problem: string) =>
		new NodeOperationError(node, `${provider} ${problem}; stopped after ${records.length} records`, {
			itemIndex,
			description: 'Use a Limit instead of Return All, or narrow the list with filters.',
		});
	// Whether the list ended (a short page, or the total reached) before `wanted`; else the provider's total, if any.
	let ended = false;
	let total: number | undefined;
	for (let pages = 0; records.length < wanted; pages++) {
		if (pages === MAX_PAGES) throw fail(`kept answering after ${MAX_PAGES} pages`);
		const limit = Math.min(pageSize, wanted - records.length);
		const page = await fetchPage(records.length, limit);
		const ids = page.records.map((record) => JSON.stringify(record.id ?? record));
		if (ids.length > 0 && ids.every((id) => seen.has(id))) {
			throw fail(`answered offset ${records.length} with records it had already sent (it ignores the offset)`);
		}
		for (const id of ids) seen.add(id);
		records.push(...page.records);
		total = page.total;
		if (page.records.length < limit || (page.total !== undefined && records.length >= page.total)) {
			ended = true;
			break;
		}
	}
	const more = records.length > wanted || (!ended && (total !== undefined ? total > wanted : 'maybe'));
	return firstOf(records, wanted, more);
}
