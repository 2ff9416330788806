import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit, wantedCount } from '../../../shared/resource';
import type { Run } from '../../../shared/types';
import { collectRdList } from '../../helpers/paging';

const displayOptions = { show: { resource: ['automationFlow'], operation: ['getMany'] } };

export const description = updateDisplayOptions(displayOptions, returnAllOrLimit);

export function prepare(this: IExecuteFunctions, itemIndex: number): number {
	return wantedCount(this, itemIndex);
}

/**
 * GET /platform/workflows, every page (docs/rdstation-api.md §Automation
 * flows): one item per flow (id, name, who created and updated it, when).
 */
export async function send(this: IExecuteFunctions, wanted: number, itemIndex: number, run: Run): Promise<IDataObject[]> {
	return await collectRdList(run, { path: '/platform/workflows', listKeys: ['workflows'], what: 'the automation flows ("workflows")', wanted, itemIndex });
}
