import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllOrLimit, wantedCount } from '../../../shared/resource';
import type { Run } from '../../../shared/types';
import { failItem, pathSegment } from '../../../shared/validation';
import { collectRdList } from '../../helpers/paging';
import { segmentationLocatorProperty } from '../common.descriptions';

const properties: INodeProperties[] = [segmentationLocatorProperty, ...returnAllOrLimit];

const displayOptions = { show: { resource: ['segmentation'], operation: ['getContacts'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface ContactsListing {
	segmentation: string;
	wanted: number;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): ContactsListing {
	const given = this.getNodeParameter('segmentation', itemIndex, '', { extractValue: true }) as unknown;
	const text = typeof given === 'number' ? String(given) : typeof given === 'string' ? given.trim() : '';
	if (!/^\d+$/.test(text)) failItem(this.getNode(), [`Segmentation: expected a segmentation’s ID (a number), got ${JSON.stringify(given)}`], itemIndex);
	return { segmentation: pathSegment(this.getNode(), text, 'Segmentation', itemIndex), wanted: wantedCount(this, itemIndex) };
}

/**
 * GET /platform/segmentations/{id}/contacts, every page (docs/rdstation-api.md
 * §Segmentations): one item per contact (uuid, name, email, last conversion, …).
 */
export async function send(this: IExecuteFunctions, { segmentation, wanted }: ContactsListing, itemIndex: number, run: Run): Promise<IDataObject[]> {
	return await collectRdList(run, {
		path: `/platform/segmentations/${segmentation}/contacts`,
		listKeys: ['contacts'],
		what: 'the segmentation’s contacts ("contacts")',
		wanted,
		itemIndex,
	});
}
