import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit, wantedCount } from '../../../shared/resource';
import type { Run } from '../../../shared/types';
import { segmentations } from '../../helpers/segmentations';

const displayOptions = { show: { resource: ['segmentation'], operation: ['getMany'] } };

export const description = updateDisplayOptions(displayOptions, returnAllOrLimit);

export function prepare(this: IExecuteFunctions, itemIndex: number): number {
	return wantedCount(this, itemIndex);
}

/** GET /platform/segmentations, every page (docs/rdstation-api.md §Segmentations): one item per segmentation. */
export async function send(this: IExecuteFunctions, wanted: number, itemIndex: number, run: Run): Promise<IDataObject[]> {
	return await segmentations(run, wanted, itemIndex);
}
