/*
 * Tags on the wire (docs/nexor-api.md §Tags): Lead → Set Tags (the whole set
 * by names), Add Tags (by ID, others kept), Get Tags; Tag → Get Many, Create,
 * Delete; the tag dropdowns and picker.
 */
import type { IDataObject } from 'n8n-workflow';

import { NEXOR_IDS } from '../sandbox/nexor';
import { jsonOf, NODE, useTestBed } from '../setup';
import { listSearch, nexorRequestsSince, picked, runNexor } from './support';

const bed = useTestBed();

async function newLead(first: string, email: string): Promise<string> {
	const { items, error } = await runNexor(bed, { resource: 'lead', operation: 'create', firstName: first, email }, [{}]);
	if (error) throw error;
	return (items[0].json.lead as IDataObject).id as string;
}

const tagNames = (leadId: string) => (bed.sandbox.stores.nexor.leads.get(leadId)?.tag_ids ?? []).map((id) => bed.sandbox.stores.nexor.tags.get(id)?.name);

describe('Nexor: Lead → Set Tags / Add Tags / Get Tags', () => {
	test('Set Tags replaces the set by names (a new name becomes a tag); the output says what was added and removed', async () => {
		const leadId = await newLead('Tagged', 'tagged@example.com');
		const set = (tags: string | string[], by: IDataObject = { leadBy: 'id', leadId: leadId as string }) => runNexor(bed, { resource: 'lead', operation: 'setTags', ...by, tagNames: tags }, [{}], { continueOnFail: true });
		const first = await set(['VIP', 'Webinar']);
		expect(first.items[0].json).toMatchObject({ lead_id: leadId, tags: [{ name: 'VIP' }, { name: 'Webinar' }], added: [NEXOR_IDS.tagVip, NEXOR_IDS.tagWebinar], removed: [] });
		expect(bed.sandbox.requests('nexor', 'PUT', '/leads/tags').slice(-1)[0].body).toEqual({ lead_id: leadId, tags: ['VIP', 'Webinar'] });

		// By email, names from an expression as comma-separated text, duplicates kept once.
		const second = await set('={{ "Webinar, Hot Lead, webinar" }}', { leadBy: 'email', leadEmail: 'TAGGED@example.com' });
		expect(bed.sandbox.requests('nexor', 'PUT', '/leads/tags').slice(-1)[0].body).toEqual({ email: 'TAGGED@example.com', tags: ['Webinar', 'Hot Lead'] });
		expect(second.items[0].json).toMatchObject({ removed: [NEXOR_IDS.tagVip] });
		expect(tagNames(leadId)).toEqual(['Webinar', 'Hot Lead']);
	});

	test('an empty list fails the item unless "Remove All Tags When Empty" is on', async () => {
		const leadId = await newLead('Untag', 'untag@example.com');
		await runNexor(bed, { resource: 'lead', operation: 'setTags', leadId, tagNames: ['VIP'] }, [{}]);
		const mark = bed.sandbox.requests('nexor').length;
		const refused = await runNexor(bed, { resource: 'lead', operation: 'setTags', leadId, tagNames: '={{ [] }}' }, [{}]);
		expect(refused.error?.message).toBe('Tag Names: expected at least one tag (to remove every tag, turn on "Remove All Tags When Empty"), got none [item 0]');
		expect(nexorRequestsSince(bed, mark)).toHaveLength(0);
		const cleared = await runNexor(bed, { resource: 'lead', operation: 'setTags', leadId, tagNames: [], allowEmpty: true }, [{}]);
		expect(cleared.items[0].json).toMatchObject({ tags: [], removed: [NEXOR_IDS.tagVip] });
	});

	test('an email no lead has is reported with the email', async () => {
		const { items } = await runNexor(bed, { resource: 'lead', operation: 'setTags', leadBy: 'email', leadEmail: 'nobody@example.com', tagNames: ['VIP'] }, [{}], { continueOnFail: true });
		expect(items[0].json.error).toBe('Nexor found no lead with email "nobody@example.com": Lead not found');
	});

	test('Add Tags sends tagId for one tag and tagIds for several; the lead’s other tags stay; Get Tags lists them one per item', async () => {
		const leadId = await newLead('Adder', 'adder@example.com');
		await runNexor(bed, { resource: 'lead', operation: 'addTags', leadId, tagIds: [NEXOR_IDS.tagVip] }, [{}]);
		expect(bed.sandbox.requests('nexor', 'POST', `/leads/${leadId}/tags`).slice(-1)[0].body).toEqual({ tagId: NEXOR_IDS.tagVip });
		const added = await runNexor(bed, { resource: 'lead', operation: 'addTags', leadId, tagIds: `={{ "${NEXOR_IDS.tagWebinar}, ${NEXOR_IDS.tagVip}" }}` }, [{}]);
		expect(bed.sandbox.requests('nexor', 'POST', `/leads/${leadId}/tags`).slice(-1)[0].body).toEqual({ tagIds: [NEXOR_IDS.tagWebinar, NEXOR_IDS.tagVip] });
		expect(added.items[0].json).toMatchObject({ leadId, tags: [{ name: 'VIP' }, { name: 'Webinar' }] });

		const listed = await runNexor(bed, { resource: 'lead', operation: 'getTags', leadId }, [{}]);
		expect(jsonOf(listed.items)).toEqual([
			{ id: NEXOR_IDS.tagVip, name: 'VIP', slug: 'vip' },
			{ id: NEXOR_IDS.tagWebinar, name: 'Webinar', slug: 'webinar' },
		]);
	});

	test('Add Tags: a tag that is no UUID is refused before sending, an unknown one by Nexor', async () => {
		const { items } = await runNexor(bed, { resource: 'lead', operation: 'addTags', leadId: NEXOR_IDS.leadBruno, tagIds: '={{ $json.tags }}' }, [{ tags: ['vip'] }, { tags: ['00000000-0000-4000-8000-0000000000bb'] }, { tags: [] }], { continueOnFail: true });
		expect(items[0].json.error).toBe('Tags "0": expected a UUID such as 123e4567-e89b-12d3-a456-426614174000, got "vip" [item 0]');
		expect(items[1].json).toMatchObject({ httpCode: '404', error: expect.stringContaining('Tag 00000000-0000-4000-8000-0000000000bb not found') });
		expect(items[2].json.error).toBe('Tags: expected at least one tag, got [] [item 2]');
	});

	test('the tag dropdowns: by ID for Add Tags, by name for Set Tags', async () => {
		expect(await bed.engine.loadOptions(NODE.nexor, 'getTags')).toEqual(
			expect.arrayContaining([{ name: 'VIP', value: NEXOR_IDS.tagVip }, { name: 'Webinar', value: NEXOR_IDS.tagWebinar }]),
		);
		expect(await bed.engine.loadOptions(NODE.nexor, 'getTagNames')).toEqual(expect.arrayContaining([{ name: 'VIP', value: 'VIP' }]));
	});
});

describe('Nexor: Tag → Get Many / Create / Delete', () => {
	test('Create makes the slug from the name when empty; a taken slug is explained; Get Many searches; Delete removes it from leads', async () => {
		const created = await runNexor(bed, { resource: 'tag', operation: 'create', name: 'Hot Lead Ñandú', description: 'Ready to buy' }, [{}]);
		expect(created.items[0].json).toMatchObject({ name: 'Hot Lead Ñandú', slug: 'hot-lead-nandu', description: 'Ready to buy', id: expect.any(String) });
		const tagId = created.items[0].json.id as string;

		const again = await runNexor(bed, { resource: 'tag', operation: 'create', name: 'Hot lead nandu' }, [{}], { continueOnFail: true });
		expect(again.items[0].json).toMatchObject({
			httpCode: '409',
			error: 'A tag with the slug "hot-lead-nandu" already exists in Nexor: A tag with this slug already exists. Use it as it is, or give another Slug.',
		});

		const found = await runNexor(bed, { resource: 'tag', operation: 'getMany', search: 'Ñandú', returnAll: true }, [{}]);
		expect(jsonOf(found.items).map((tag) => tag.slug)).toEqual(['hot-lead-nandu']);
		expect(bed.sandbox.requests('nexor', 'GET', '/tags').slice(-1)[0].query).toEqual({ search: 'Ñandú' });

		const leadId = await newLead('Holder', 'holder@example.com');
		await runNexor(bed, { resource: 'lead', operation: 'addTags', leadId, tagIds: [tagId, NEXOR_IDS.tagVip] }, [{}]);
		const deleted = await runNexor(bed, { resource: 'tag', operation: 'delete', tagId: picked(tagId) }, [{}]);
		expect(deleted.items[0].json).toEqual({ id: tagId, deleted: true });
		expect(tagNames(leadId)).toEqual(['VIP']);
		const gone = await runNexor(bed, { resource: 'tag', operation: 'delete', tagId: picked(tagId, 'id') }, [{}], { continueOnFail: true });
		expect(gone.items[0].json).toMatchObject({ httpCode: '404', error: `Nexor has no tag with ID "${tagId}" in this account: Tag not found` });
	});

	test('a slug that is not a slug is refused before sending; Get Many honours Limit', async () => {
		const { error } = await runNexor(bed, { resource: 'tag', operation: 'create', name: 'X', slug: 'Not A Slug' }, [{}]);
		expect(error?.message).toBe('Slug: expected lowercase letters and digits, words joined by "-" or "_" (e.g. hot-lead), got "Not A Slug" [item 0]');
		const limited = await runNexor(bed, { resource: 'tag', operation: 'getMany', limit: 1 }, [{}]);
		expect(limited.items).toHaveLength(1);
	});

	test('the tag picker lists tags by name and filters by the text typed', async () => {
		const all = await listSearch(bed, 'searchTags');
		expect(all.results).toEqual(expect.arrayContaining([{ name: 'VIP', value: NEXOR_IDS.tagVip }]));
		const filtered = await listSearch(bed, 'searchTags', 'web');
		expect(filtered.results).toEqual([{ name: 'Webinar', value: NEXOR_IDS.tagWebinar }]);
	});
});

describe('Nexor: Team → Get Many', () => {
	test('the active members, one item each; the host picker lists them by name with their email as value', async () => {
		const { items } = await runNexor(bed, { resource: 'team', operation: 'getMany', returnAll: true }, [{}]);
		expect(jsonOf(items)).toEqual([
			{ id: NEXOR_IDS.teamLaura, name: 'Laura Advisor', email: 'laura@nexor-sandbox.test', external_id: 'crm-17' },
			{ id: NEXOR_IDS.teamMarco, name: 'Marco Closer', email: 'marco@nexor-sandbox.test', external_id: null },
		]);
		const hosts = await listSearch(bed, 'searchTeamMembers', 'marco');
		expect(hosts.results).toEqual([{ name: 'Marco Closer (marco@nexor-sandbox.test)', value: 'marco@nexor-sandbox.test' }]);
	});
});
