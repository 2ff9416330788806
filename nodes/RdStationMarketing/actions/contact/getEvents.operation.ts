import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { textAt } from '../../../shared/expect';
import { returnAllOrLimit, wantedCount } from '../../../shared/resource';
import { apiRequest } from '../../../shared/transport';
import type { Run } from '../../../shared/types';
import { pathSegment } from '../../../shared/validation';
import type { ContactRef } from '../../helpers/contactPath';
import { contactLabel, contactOf } from '../../helpers/contactPath';
import { collectRdList } from '../../helpers/paging';
import { rdStationOAuth2Api } from '../../provider';
import { contactIdentifierProperties } from '../common.descriptions';

const properties: INodeProperties[] = [
	...contactIdentifierProperties,
	{
		displayName: 'Event Type',
		name: 'eventType',
		type: 'options',
		options: [
			{ name: 'Conversions', value: 'CONVERSION' },
			{ name: 'Opportunities', value: 'OPPORTUNITY' },
		],
		default: 'CONVERSION',
	},
	{
		displayName: 'Order',
		name: 'order',
		type: 'options',
		options: [
			{ name: 'Newest First', value: 'desc' },
			{ name: 'Oldest First', value: 'asc' },
		],
		default: 'desc',
	},
	...returnAllOrLimit,
];

const displayOptions = { show: { resource: ['contact'], operation: ['getEvents'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface EventsListing {
	contact: ContactRef;
	eventType: string;
	order: string;
	wanted: number;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): EventsListing {
	return {
		contact: contactOf(this, itemIndex),
		eventType: this.getNodeParameter('eventType', itemIndex, 'CONVERSION') === 'OPPORTUNITY' ? 'OPPORTUNITY' : 'CONVERSION',
		order: this.getNodeParameter('order', itemIndex, 'desc') === 'asc' ? 'asc' : 'desc',
		wanted: wantedCount(this, itemIndex),
	};
}

/** RD lists a contact's events by its UUID only: a contact given by email is read first (once per run). */
async function uuidOf(run: Run, contact: ContactRef, itemIndex: number): Promise<string> {
	if (contact.identifier === 'uuid') return contact.value;
	const found = await run.memo(`rdstation:contact:${contact.path}`, async () =>
		await apiRequest(run, rdStationOAuth2Api, {
			method: 'GET',
			path: contact.path,
			itemIndex,
			expect: textAt('uuid', 'the contact ("uuid")'),
			explain: (failure) => (failure.statusCode === 404 ? `RD Station has no contact ${contactLabel(contact)} (${failure.message})` : undefined),
		}),
	);
	return found.uuid as string;
}

/**
 * GET /platform/contacts/{uuid}/events?event_type=…&order=created_at:…,
 * page after page (docs/rdstation-api.md §Contact events): one output item
 * per event, as RD gives it. RD does not document the answer's shape: a
 * list, or one under "events", "items" or "data", is taken.
 */
export async function send(this: IExecuteFunctions, listing: EventsListing, itemIndex: number, run: Run): Promise<IDataObject[]> {
	const uuid = pathSegment(this.getNode(), await uuidOf(run, listing.contact, itemIndex), 'The contact’s UUID', itemIndex);
	return await collectRdList(run, {
		path: `/platform/contacts/${uuid}/events`,
		qs: { event_type: listing.eventType, order: `created_at:${listing.order}` },
		listKeys: ['events', 'items', 'data'],
		what: 'the contact’s events (a list)',
		wanted: listing.wanted,
		itemIndex,
	});
}
