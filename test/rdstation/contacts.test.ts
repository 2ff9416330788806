/*
 * RD Station → Contact, the operations beyond create/get/tags, on the wire
 * (OAuth2): Delete (204 or 200 {}), Get Events (each answer shape and paging
 * reading RD leaves open), Get Funnel and Update Funnel, and RD's
 * per-contact limits (24 updates, 24 funnel calls a day): a 429 of one fails
 * that item at once, saying which limit and when it frees, without retrying
 * or holding up the other contacts.
 */
import { randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import type { RdContact } from '../sandbox/rdstation';
import { jsonOf, pairedOf } from '../setup';
import { rdNode, useRdTestBed } from './support';

jest.setTimeout(120_000);

const bed = useRdTestBed();
const store = () => bed.store();

/** A contact RD has, with the fields given. */
function seedContact(email: string, fields: Partial<RdContact> = {}): RdContact {
	const contact: RdContact = { uuid: randomUUID(), email, tags: [], ...fields };
	store().contacts.set(contact.uuid, contact);
	return contact;
}

const contact = (operation: string, parameters: IDataObject = {}) =>
	rdNode({ resource: 'contact', operation, identifier: 'email', identifierValue: '={{ $json.email }}', ...parameters });

describe('Contact → Delete', () => {
	test('by email: DELETE …/email:<email>, RD’s 204 read as done; the contact is gone', async () => {
		seedContact('gone@example.com');
		const { items } = await bed.engine.runNode(contact('delete'), [{ email: 'gone@example.com' }]);
		expect(jsonOf(items)).toEqual([{ deleted: true, email: 'gone@example.com' }]);
		const [request] = bed.sandbox.requests('rdstation', 'DELETE').slice(-1);
		expect(request).toMatchObject({ path: '/platform/contacts/email:gone%40example.com', status: 204 });
		expect(store().contactByEmail('gone@example.com')).toBeUndefined();
	});

	test('by UUID, when RD answers 200 with {}: done as well', async () => {
		store().settings.deleteStatus = 200;
		const { uuid } = seedContact('gone200@example.com');
		const { items } = await bed.engine.runNode(contact('delete', { identifier: 'uuid', identifierValue: uuid }), [{}]);
		expect(jsonOf(items)).toEqual([{ deleted: true, uuid }]);
		expect(bed.sandbox.requests('rdstation', 'DELETE').at(-1)).toMatchObject({ path: `/platform/contacts/uuid:${uuid}`, status: 200 });
	});

	test('a contact RD does not have: the item says nothing was deleted, with RD’s own words', async () => {
		const { items } = await bed.engine.runNode(contact('delete'), [{ email: 'nobody@example.com' }]);
		expect(items[0].json).toMatchObject({
			error: 'RD Station has no contact email:nobody@example.com: nothing was deleted (Resource not found (RESOURCE_NOT_FOUND))',
			httpCode: '404',
		});
	});

	test('a 200 that carries a page instead of nothing is not taken for a deletion', async () => {
		seedContact('portal@example.com');
		bed.sandbox.script({ provider: 'rdstation', method: 'DELETE', status: 200, body: '<html>Captive portal</html>' });
		const { items } = await bed.engine.runNode(contact('delete'), [{ email: 'portal@example.com' }]);
		expect(items[0].json.error).toMatch(/^RD Station answered 200 but not with nothing, or an empty object \(the contact deleted\)/);
	});

	test('bad input is refused before anything is sent, naming the field and the item', async () => {
		const before = bed.sandbox.requests('rdstation').length;
		const { items } = await bed.engine.runNode(contact('delete'), [{ email: '' }, { email: 'a/../b@example.com' }]);
		expect(items[0].json.error).toBe('Email or UUID: expected a value (it is required), got "" [item 0]');
		expect(items[1].json.error).toMatch(/^Email or UUID: expected one ID without "\/".*\[item 1\]$/);
		expect(bed.sandbox.requests('rdstation').length).toBe(before);
	});
});

describe('Contact → Get Events', () => {
	/** Three conversions and an opportunity of one contact, sent through the node, oldest first. */
	async function contactWithEvents(email: string): Promise<RdContact> {
		const conversion = rdNode({ resource: 'conversion', operation: 'create', conversionIdentifier: '={{ $json.id }}', email, requestOptions: { requestsPerMinute: 0, concurrency: 1 } });
		await bed.engine.runNode(conversion, [{ id: 'first' }, { id: 'second' }, { id: 'third' }]);
		await bed.engine.runNode(rdNode({ resource: 'funnel', operation: 'markOpportunity', email }), [{}]);
		return store().contactByEmail(email)!;
	}
	const identifiersOf = (items: Array<{ json: IDataObject }>) => items.map((item) => item.json.event_identifier);

	test('by email: the contact is read for its UUID, then its conversions come newest first, one item each', async () => {
		const { uuid } = await contactWithEvents('history@example.com');
		bed.sandbox.clearJournal();
		const { items } = await bed.engine.runNode(contact('getEvents', { returnAll: true }), [{ email: 'history@example.com' }]);
		expect(identifiersOf(items)).toEqual(['third', 'second', 'first']);
		expect(pairedOf(items)).toEqual([0, 0, 0]);
		const [lookup, firstPage] = bed.sandbox.requests('rdstation', 'GET');
		expect(lookup.path).toBe('/platform/contacts/email:history%40example.com');
		expect(firstPage.path).toBe(`/platform/contacts/${uuid}/events`);
		expect(firstPage.query).toEqual({ event_type: 'CONVERSION', order: 'created_at:desc', page: '1', page_size: '125' });
	});

	test('by UUID, opportunities, oldest first', async () => {
		const { uuid } = await contactWithEvents('history2@example.com');
		const { items } = await bed.engine.runNode(contact('getEvents', { identifier: 'uuid', identifierValue: uuid, eventType: 'OPPORTUNITY', order: 'asc', returnAll: true }), [{}]);
		expect(jsonOf(items).map((json) => [json.event_type, json.event_identifier])).toEqual([['OPPORTUNITY', 'default']]);
		expect(bed.sandbox.requests('rdstation', 'GET').at(-2)?.query.order).toBe('created_at:asc');
	});

	test.each(['items', 'array'] as const)('RD’s answer shape is undocumented: the list under "%s" is read the same', async (shape) => {
		await contactWithEvents(`shape-${shape}@example.com`);
		store().settings.eventsShape = shape;
		const { items } = await bed.engine.runNode(contact('getEvents', { returnAll: true }), [{ email: `shape-${shape}@example.com` }]);
		expect(identifiersOf(items)).toEqual(['third', 'second', 'first']);
	});

	test.each([
		['ownPageSize', 'RD pages at its own size (2 here), ignoring page_size', 3],
		['unpaged', 'RD ignores paging and sends the whole list on every page', 2],
		['pageSize', 'RD honours page and page_size', 2],
	] as const)('%s: %s; every event comes once (pages read: %i)', async (paging, _reading, pages) => {
		await contactWithEvents(`paging-${paging}@example.com`);
		store().settings.paging = paging;
		store().settings.ownPageSize = 2;
		bed.sandbox.clearJournal();
		const { items } = await bed.engine.runNode(contact('getEvents', { returnAll: true }), [{ email: `paging-${paging}@example.com` }]);
		expect(identifiersOf(items)).toEqual(['third', 'second', 'first']);
		expect(bed.sandbox.requests('rdstation', 'GET', /\/events$/)).toHaveLength(pages);
	});

	test('Limit stops reading as soon as it is reached', async () => {
		await contactWithEvents('limit@example.com');
		bed.sandbox.clearJournal();
		const { items } = await bed.engine.runNode(contact('getEvents', { returnAll: false, limit: 2 }), [{ email: 'limit@example.com' }]);
		expect(identifiersOf(items)).toEqual(['third', 'second']);
		expect(bed.sandbox.requests('rdstation', 'GET', /\/events$/).map((entry) => entry.query.page_size)).toEqual(['2']);
	});

	test('an answer that is not a list of events fails the item instead of becoming empty', async () => {
		const { uuid } = seedContact('odd@example.com');
		bed.sandbox.script({ provider: 'rdstation', method: 'GET', path: `/platform/contacts/${uuid}/events`, status: 200, body: { total: 3 } });
		const { items } = await bed.engine.runNode(contact('getEvents', { identifier: 'uuid', identifierValue: uuid }), [{}]);
		expect(items[0].json.error).toMatch(/^RD Station answered 200 but not with the contact’s events \(a list\)/);
	});
});

describe('Contact → Get Funnel / Update Funnel', () => {
	test('Get Funnel: the default funnel as RD answers it, fit and interest included', async () => {
		seedContact('funnel@example.com', { funnel: { lifecycle_stage: 'Qualified Lead', opportunity: true, contact_owner_email: 'seller@example.com', fit: 40, interest: 70 } });
		const { items } = await bed.engine.runNode(contact('getFunnel'), [{ email: 'funnel@example.com' }]);
		expect(jsonOf(items)).toEqual([{ lifecycle_stage: 'Qualified Lead', opportunity: true, contact_owner_email: 'seller@example.com', fit: 40, interest: 70 }]);
		expect(bed.sandbox.requests('rdstation', 'GET').at(-1)?.path).toBe('/platform/contacts/email:funnel%40example.com/funnels/default');
	});

	test('Update Funnel: PUT with only what changes; RD’s funnel comes back', async () => {
		seedContact('move@example.com');
		const { items } = await bed.engine.runNode(
			contact('updateFunnel', { funnelFields: { lifecycleStage: 'Client', opportunity: false, ownerEmail: 'seller@example.com' } }),
			[{ email: 'move@example.com' }],
		);
		expect(items[0].json).toMatchObject({ lifecycle_stage: 'Client', opportunity: false, contact_owner_email: 'seller@example.com' });
		const [request] = bed.sandbox.requests('rdstation', 'PUT').slice(-1);
		expect(request.body).toEqual({ lifecycle_stage: 'Client', opportunity: false, contact_owner_email: 'seller@example.com' });
	});

	test('Clear Contact Owner sends what RD’s own node sends to remove the owner', async () => {
		seedContact('free@example.com', { funnel: { lifecycle_stage: 'Lead', opportunity: false, contact_owner_email: 'old@example.com', fit: 0, interest: 0 } });
		const { items } = await bed.engine.runNode(contact('updateFunnel', { funnelFields: { clearOwner: true } }), [{ email: 'free@example.com' }]);
		expect(items[0].json.contact_owner_email).toBeNull();
		expect(bed.sandbox.requests('rdstation', 'PUT').at(-1)?.body).toEqual({ contact_owner_email: 'null' });
	});

	test.each([
		[{}, 'Update Fields: expected at least one of Lifecycle Stage, Opportunity, Contact Owner Email or Clear Contact Owner, got none [item 0]'],
		[{ clearOwner: true, ownerEmail: 'x@example.com' }, 'Contact Owner Email: expected no owner when "Clear Contact Owner" is on, got both [item 0]'],
		[{ ownerEmail: 'seller' }, 'Contact Owner Email: expected an email address such as jane@example.com, got "seller" [item 0]'],
		[{ lifecycleStage: 'Customer' }, 'Lifecycle Stage: expected one of Lead, Qualified Lead, Client, got "Customer" [item 0]'],
	])('refused before sending: %j', async (funnelFields, message) => {
		const before = bed.sandbox.requests('rdstation').length;
		const { items } = await bed.engine.runNode(contact('updateFunnel', { funnelFields }), [{ email: 'x@example.com' }]);
		expect(items[0].json.error).toBe(message);
		expect(bed.sandbox.requests('rdstation').length).toBe(before);
	});
});

describe('RD’s per-contact limits (24 a day): one contact’s limit is not the account’s', () => {
	test('Create or Update: RD’s 429 asks to wait hours: that item fails at once, saying which limit and when; the other contacts go through', async () => {
		store().allowance.use('busy@example.com', 'patch', 24);
		const input = [{ email: 'calm1@example.com' }, { email: 'busy@example.com' }, { email: 'calm2@example.com' }];
		const { items } = await bed.engine.runNode(contact('upsert', { additionalFields: { name: 'Someone' }, requestOptions: { requestsPerMinute: 0, concurrency: 1 } }), input);
		expect(pairedOf(items)).toEqual([0, 1, 2]);
		expect(items[1].json.error).toMatch(
			/^RD Station’s limit of 24 updates per contact in 24 hours is used up for email:busy@example\.com\. RD says it frees in about 24 hours, around \d{4}-\d\d-\d\d \d\d:\d\d UTC; run this item again then\. Other contacts are not affected, and the run was not slowed\.$/,
		);
		expect(items[1].json.httpCode).toBe('429');
		expect([items[0].json.email, items[2].json.email]).toEqual(['calm1@example.com', 'calm2@example.com']);
		// One request for the limited contact: no retry, no wait of hours.
		expect(bed.sandbox.requests('rdstation', 'PATCH', '/platform/contacts/email:busy%40example.com')).toHaveLength(1);
	});

	test('Get Funnel when RD says it in words, without Retry-After: the limit named, with RD’s message; one request', async () => {
		store().settings.contactLimit.answer = 'message';
		seedContact('chatty@example.com');
		store().allowance.use('chatty@example.com', 'funnel', 24);
		const { items } = await bed.engine.runNode(contact('getFunnel'), [{ email: 'chatty@example.com' }]);
		expect(items[0].json.error).toBe(
			'RD Station’s limit of 24 funnel reads and updates per contact in 24 hours is used up for email:chatty@example.com (Contact exceeded the limit of 24 funnel requests in 24 hours. (TOO_MANY_REQUESTS)). It frees 24 hours after the first of those calls (RD did not say when); run this item again then. Other contacts are not affected, and the run was not slowed.',
		);
		expect(bed.sandbox.requests('rdstation', 'GET', '/platform/contacts/email:chatty%40example.com/funnels/default')).toHaveLength(1);
	});

	test('the 25th funnel update of a contact in one run: 24 go through, the 25th is refused by the contact’s limit', async () => {
		seedContact('many@example.com');
		const input = Array.from({ length: 25 }, (_, index) => ({ email: 'many@example.com', opportunity: index % 2 === 0 }));
		const { items } = await bed.engine.runNode(
			contact('updateFunnel', { funnelFields: { opportunity: '={{ $json.opportunity }}' }, requestOptions: { requestsPerMinute: 0, concurrency: 1 } }),
			input,
		);
		const failed = jsonOf(items).flatMap((json, index) => (json.error ? [index] : []));
		expect(failed).toEqual([24]);
		expect(items[24].json.error).toMatch(/^RD Station’s limit of 24 funnel reads and updates per contact in 24 hours is used up for email:many@example\.com\./);
	});

	test('the account’s own 429 on a contact update (Retry-After of a second) is sent again, then waited out as every 429', async () => {
		bed.sandbox.script({ provider: 'rdstation', method: 'PATCH', times: 2, status: 429, headers: { 'retry-after': '1' }, body: { errors: { error_type: 'TOO_MANY_REQUESTS', error_message: 'Too many requests.' } } });
		const { items } = await bed.engine.runNode(contact('upsert', { additionalFields: { name: 'Patient' } }), [{ email: 'patient@example.com' }]);
		expect(items[0].json).toMatchObject({ email: 'patient@example.com', name: 'Patient' });
		expect(bed.sandbox.requests('rdstation', 'PATCH', '/platform/contacts/email:patient%40example.com').map((entry) => entry.status)).toEqual([429, 429, 200]);
	});
});
