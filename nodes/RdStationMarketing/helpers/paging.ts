import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { firstOf, MAX_PAGES } from '../../shared/paging';
import { apiRequest } from '../../shared/transport';
import type { Expectation, Run } from '../../shared/types';
import { rdStationOAuth2Api } from '../provider';

/*
 * RD's lists (segmentations, their contacts, automation flows, a contact's
 * events) do not document their paging (docs/rdstation-api.md §Lists). The
 * readings handled:
 * - `page` (from 1) and `page_size` honoured: pages of that size;
 * - `page` honoured, `page_size` ignored: pages of RD's own size, shorter or
 *   longer than asked;
 * - neither honoured: every page is the whole list.
 * So pages are read until one comes back empty (a short page is no sign of
 * the end under the second reading), and a page that only repeats records
 * already read ends the list when the first page was not of the size asked
 * (the whole list came at once), and fails otherwise (RD ignores `page` and
 * more records may exist). Bounded like every list: MAX_PAGES pages.
 */

/** The page size asked for: what RD's own connector uses (Airbyte's RD source). */
export const PAGE_SIZE = 125;

export interface ListRequest {
	path: string;
	qs?: IDataObject;
	/** The keys RD's answer may hold the list under; a bare list is accepted too. */
	listKeys: string[];
	/** Said when the answer is something else: "the segmentations ("segmentations")". */
	what: string;
	/** How many records the user wants (Infinity: all). */
	wanted: number;
	itemIndex?: number;
}

const isObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

const listExpectation = (listKeys: string[], what: string): Expectation => ({
	what,
	accepts: (body) => Array.isArray(body) || (isObject(body) && body.success !== false && listKeys.some((key) => Array.isArray(body[key]))),
});

const recordsOf = (body: unknown, listKeys: string[]): IDataObject[] => {
	if (Array.isArray(body)) return body as IDataObject[];
	const key = listKeys.find((name) => Array.isArray((body as IDataObject)[name]))!;
	return (body as IDataObject)[key] as IDataObject[];
};

const identityOf = (record: IDataObject) => JSON.stringify(record?.uuid ?? record?.id ?? record?.event_uuid ?? record);

/** Every record of an RD list, page after page, up to `wanted`. */
export async function collectRdList(run: Run, list: ListRequest): Promise<IDataObject[]> {
	const node = run.context.getNode();
	const records: IDataObject[] = [];
	const seen = new Set<string>();
	const pageSize = Math.min(PAGE_SIZE, list.wanted);
	const expect = listExpectation(list.listKeys, list.what);
	let firstPageLength = 0;
	const stopped = (problem: string) =>
		new NodeOperationError(node, `RD Station ${problem}; stopped after ${records.length} records`, {
			itemIndex: list.itemIndex,
			description: 'Use a Limit instead of Return All.',
		});
	// Whether the list ended before `wanted` (an empty page, or the whole list at once).
	let ended = false;
	for (let page = 1; records.length < list.wanted; page++) {
		if (page > MAX_PAGES) throw stopped(`kept answering after ${MAX_PAGES} pages of ${list.path}`);
		const body = await apiRequest(run, rdStationOAuth2Api, {
			method: 'GET',
			path: list.path,
			qs: { ...list.qs, page, page_size: pageSize },
			itemIndex: list.itemIndex,
			expect,
		});
		const pageRecords = recordsOf(body, list.listKeys);
		if (pageRecords.length === 0) {
			ended = true;
			break;
		}
		if (page === 1) firstPageLength = pageRecords.length;
		const identities = pageRecords.map(identityOf);
		if (page > 1 && identities.every((identity) => seen.has(identity))) {
			// The whole list came with every page (RD does not page it), unless page 1 was exactly the size asked.
			if (firstPageLength !== pageSize) {
				ended = true;
				break;
			}
			throw stopped(`answered page ${page} of ${list.path} with records of an earlier page (it seems to ignore "page")`);
		}
		identities.forEach((identity) => seen.add(identity));
		records.push(...pageRecords);
		ended = pageRecords.length < pageSize;
	}
	return firstOf(records, list.wanted, records.length > list.wanted || (!ended && 'maybe'));
}
