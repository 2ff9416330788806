/*
 * RD Station's lists on the wire (OAuth2): Segmentation → Get Many and Get
 * Contacts (the segmentation picked from the account's list or by ID),
 * Automation Flow → Get Many. RD does not document how they page: each
 * reading the node handles is served by the sandbox in turn, and lists that
 * do not end, or ignore the page asked for, stop with a clear error. RD's
 * three error shapes read as RD wrote them on these operations too.
 */
import type { IDataObject } from 'n8n-workflow';

import { jsonOf, pairedOf } from '../setup';
import { listSearch, rdNode, useRdTestBed } from './support';

jest.setTimeout(120_000);

const bed = useRdTestBed();
const store = () => bed.store();

/** A segmentation of `count` contacts RD has (members kept in order). */
function seedSegmentation(id: number, count: number, prefix: string) {
	const members = Array.from({ length: count }, (_, index) => `${prefix}${String(index).padStart(3, '0')}@example.com`);
	for (const email of members) store().contacts.set(`${prefix}-${email}`, { uuid: `${prefix}-${email}`, email, name: `Contact ${email}`, tags: [] });
	const segmentation = store().segmentations[0];
	store().segmentations.push({ ...segmentation, id, name: `Segment ${id}`, members });
	return members;
}

const segmentationContacts = (id: string | number, parameters: IDataObject = {}) =>
	rdNode({ resource: 'segmentation', operation: 'getContacts', segmentation: { __rl: true, mode: 'id', value: String(id) }, returnAll: true, ...parameters });
const contactsPages = (id: number) => bed.sandbox.requests('rdstation', 'GET', `/platform/segmentations/${id}/contacts`);

describe('Segmentation → Get Many', () => {
	test('every segmentation, one item each, as RD lists them', async () => {
		const { items } = await bed.engine.runNode(rdNode({ resource: 'segmentation', operation: 'getMany', returnAll: true }), [{}]);
		expect(jsonOf(items)).toEqual([
			expect.objectContaining({ id: 71384, name: 'Leads from the webinar', standard: false, process_status: 'processed' }),
			expect.objectContaining({ id: 71385, name: 'Customers' }),
		]);
		expect(jsonOf(items)[0]).not.toHaveProperty('members');
		// Read to the empty page: RD does not say how it pages (docs/rdstation-api.md §Lists).
		expect(bed.sandbox.requests('rdstation', 'GET', '/platform/segmentations').slice(-2).map((entry) => entry.query)).toEqual([
			{ page: '1', page_size: '125' },
			{ page: '2', page_size: '125' },
		]);
	});

	test('"From List" shows the segmentations by name, filtered by what is typed', async () => {
		const found = await listSearch(bed, 'searchSegmentations', { authentication: 'oAuth2', resource: 'segmentation', operation: 'getContacts' }, 'webinar');
		expect(found.results).toEqual([{ name: 'Leads from the webinar', value: '71384' }]);
	});
});

describe('Segmentation → Get Contacts: every page, under each paging reading', () => {
	test.each([
		['pageSize', 'page and page_size honoured; read to the empty page', 4, 9001],
		['ownPageSize', 'page honoured, RD’s own page size (100 here); read to the empty page', 4, 9011],
		['unpaged', 'no paging: the whole list on every page; the repeat ends it', 2, 9021],
	] as const)('%s (%s): all 300 contacts, once each, in order (pages read: %i)', async (paging, _reading, pages, id) => {
		const members = seedSegmentation(id, 300, `seg-${paging.toLowerCase()}-`);
		store().settings.paging = paging;
		store().settings.ownPageSize = 100;
		const { items } = await bed.engine.runNode(segmentationContacts(id), [{}]);
		expect(jsonOf(items).map((json) => json.email)).toEqual(members);
		expect(pairedOf(items).every((item) => item === 0)).toBe(true);
		expect(contactsPages(id)).toHaveLength(pages);
	});

	test('Limit: only as many pages as needed', async () => {
		seedSegmentation(9002, 300, 'seg-limit-');
		const { items } = await bed.engine.runNode(segmentationContacts(9002, { returnAll: false, limit: 130 }), [{}]);
		expect(items).toHaveLength(130);
		expect(contactsPages(9002).map((entry) => entry.query)).toEqual([{ page: '1', page_size: '125' }, { page: '2', page_size: '125' }]);
	});

	test('RD ignoring "page" (the first page again): stops with an error instead of looping or losing contacts silently', async () => {
		seedSegmentation(9003, 300, 'seg-ignored-');
		store().settings.paging = 'pageIgnored';
		const { items } = await bed.engine.runNode(segmentationContacts(9003), [{}]);
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toBe(
			'RD Station answered page 2 of /platform/segmentations/9003/contacts with records of an earlier page (it seems to ignore "page"); stopped after 125 records',
		);
		expect(contactsPages(9003)).toHaveLength(2);
	});

	test('a list that never ends stops after 500 pages, bounded like every list', async () => {
		seedSegmentation(9004, 1, 'seg-endless-');
		store().settings.paging = 'endless';
		const { items } = await bed.engine.runNode(segmentationContacts(9004), [{}]);
		expect(items[0].json.error).toBe('RD Station kept answering after 500 pages of /platform/segmentations/9004/contacts; stopped after 500 records');
		expect(contactsPages(9004)).toHaveLength(500);
	});

	test('a segmentation ID per item: one RD has, one it does not (RD’s 404), one that is not an ID (refused before sending)', async () => {
		seedSegmentation(9005, 2, 'seg-pick-');
		const before = bed.sandbox.requests('rdstation').length;
		const { items } = await bed.engine.runNode(
			rdNode({ resource: 'segmentation', operation: 'getContacts', segmentation: { __rl: true, mode: 'id', value: '={{ $json.segmentation }}' }, returnAll: true }),
			[{ segmentation: '9005' }, { segmentation: '1' }, { segmentation: '../workflows' }],
		);
		expect(jsonOf(items).map((json) => json.email ?? json.error)).toEqual([
			'seg-pick-000@example.com',
			'seg-pick-001@example.com',
			'Resource not found (RESOURCE_NOT_FOUND)',
			'Segmentation: expected a segmentation’s ID (a number), got "../workflows" [item 2]',
		]);
		expect(pairedOf(items)).toEqual([0, 0, 1, 2]);
		// Two pages for 9005 (the second one empty), one for the missing one, none for the bad ID.
		expect(bed.sandbox.requests('rdstation').length - before).toBe(3);
	});
});

describe('Automation Flow → Get Many', () => {
	test('every flow, one item each', async () => {
		const { items } = await bed.engine.runNode(rdNode({ resource: 'automationFlow', operation: 'getMany', returnAll: true }), [{}]);
		expect(jsonOf(items).map((json) => json.name)).toEqual(['Welcome series', 'Webinar follow-up', 'Cart recovery']);
		expect(items[0].json).toMatchObject({ id: expect.any(String), user_email_created: 'ana@example.com', created_at: expect.any(String) });
	});

	test('Limit 2 under RD’s own page size of 1: two pages', async () => {
		store().settings.paging = 'ownPageSize';
		store().settings.ownPageSize = 1;
		const { items } = await bed.engine.runNode(rdNode({ resource: 'automationFlow', operation: 'getMany', returnAll: false, limit: 2 }), [{}]);
		expect(jsonOf(items).map((json) => json.name)).toEqual(['Welcome series', 'Webinar follow-up']);
		expect(bed.sandbox.requests('rdstation', 'GET', '/platform/workflows').slice(-2).map((entry) => entry.query.page)).toEqual(['1', '2']);
	});
});

describe('RD’s three error shapes, on the new operations', () => {
	test.each([
		['{ errors: { error_type, error_message } }', { errors: { error_type: 'ACCESS_DENIED', error_message: 'This account cannot list flows.' } }, 403, 'This account cannot list flows. (ACCESS_DENIED)'],
		['{ errors: { <field>: [ … ] } }', { errors: { page_size: [{ error_type: 'MUST_BE_LESS_THAN_OR_EQUAL', error_message: 'Must be at most 100.' }] } }, 422, 'RD Station refused the request: page_size: Must be at most 100. (MUST_BE_LESS_THAN_OR_EQUAL)'],
		['{ errors: [ { …, path } ] }', { errors: [{ error_type: 'INVALID_OPTION', error_message: 'Must be one of the valid options.', path: '$.query.order' }] }, 400, 'RD Station refused the request: $.query.order: Must be one of the valid options. (INVALID_OPTION)'],
	])('%s: RD’s own words on the item', async (_shape, body, status, message) => {
		bed.sandbox.script({ provider: 'rdstation', method: 'GET', path: '/platform/workflows', status, body });
		const { items } = await bed.engine.runNode(rdNode({ resource: 'automationFlow', operation: 'getMany', returnAll: true }), [{}]);
		expect(items[0].json).toMatchObject({ error: message, httpCode: String(status) });
	});
});
