import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { ExecutionRun } from '../../shared/run';
import { accountFields, labelOf } from '../helpers/customFields';
import { segmentations } from '../helpers/segmentations';

/*
 * The editor's "From List" choices (resource locators). Lists are read with
 * the editor's short policy, and filtered here: RD's lists take no search.
 */

/** Editor lists stop here: enough to find one by typing, without walking a huge account. */
const EDITOR_LIST_LIMIT = 1000;

const matches = (filter: string | undefined, ...texts: string[]) =>
	!filter || texts.some((text) => text.toLowerCase().includes(filter.toLowerCase()));

/** The account's custom fields (standard ones cannot be changed): "Plan (cf_plan)" → its UUID. */
export async function searchCustomFields(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const fields = await accountFields(ExecutionRun.forLookup(this));
	return {
		results: fields
			.filter((field) => field.custom_field && field.uuid && matches(filter, labelOf(field), field.api_identifier))
			.map((field) => ({ name: `${labelOf(field)} (${field.api_identifier})`, value: field.uuid! })),
	};
}

/** The account's segmentations: "Leads from the webinar" → its ID. */
export async function searchSegmentations(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const list = await segmentations(ExecutionRun.forLookup(this), EDITOR_LIST_LIMIT);
	return {
		results: list
			.filter((segmentation) => segmentation.id !== undefined && matches(filter, String(segmentation.name ?? ''), String(segmentation.id)))
			.map((segmentation) => ({ name: String(segmentation.name ?? segmentation.id), value: String(segmentation.id) })),
	};
}
