import type { IDataObject } from 'n8n-workflow';

import type { Run } from '../../shared/types';
import { collectRdList } from './paging';

/** The account's segmentations (docs/rdstation-api.md §Segmentations), for the list operation and the editor's list. */
export async function segmentations(run: Run, wanted: number, itemIndex?: number): Promise<IDataObject[]> {
	return await collectRdList(run, { path: '/platform/segmentations', listKeys: ['segmentations'], what: 'the segmentations ("segmentations")', wanted, itemIndex });
}
