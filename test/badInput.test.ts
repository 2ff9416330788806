/*
 * Bad input across the three nodes: each bad item gets a clear error naming
 * the field, the item and what was expected, and sends nothing; the good
 * items of the same batch go through (Continue On Fail).
 */
import type { IDataObject } from 'n8n-workflow';

import { NEXOR_IDS } from './sandbox/nexor';
import type { ProviderName } from './sandbox/types';
import { NODE, pairedOf, useTestBed } from './setup';

const bed = useTestBed();

type Case = [description: string, input: IDataObject, expected: RegExp];

const BROKEN = 'Ana \uD800 Lopez'; // a lone surrogate: not valid UTF-8
const HUGE = 'x'.repeat(70_000);

/** Runs good and bad items in one batch; checks every bad one and that only the good ones were sent. */
async function expectBatch(
	provider: ProviderName,
	node: IDataObject & { type: string },
	good: IDataObject[],
	cases: Case[],
) {
	const input = [good[0], ...cases.map(([, item]) => item), ...good.slice(1)];
	// Creates sent (a read of the conversion type's fields may precede them).
	const before = bed.sandbox.requests(provider, 'POST').length;
	const { items, error } = await bed.engine.runNode({ ...node, continueOnFail: true } as never, input);
	expect(error).toBeUndefined();
	expect(pairedOf(items)).toEqual(input.map((_, index) => index));
	cases.forEach(([description, , expected], caseIndex) => {
		const itemIndex = caseIndex + 1;
		const message = String(items[itemIndex].json.error);
		expect({ description, message }).toEqual({ description, message: expect.stringMatching(expected) });
		expect(message.endsWith(`[item ${itemIndex}]`)).toBe(true);
		expect(items[itemIndex].json.httpCode).toBeUndefined();
	});
	for (const index of [0, input.length - 1]) expect(items[index].json.error).toBeUndefined();
	expect(bed.sandbox.requests(provider, 'POST').length - before).toBe(good.length);
}

test('Nexor Lead → Create: 12 kinds of bad input refused, the rest created', async () => {
	await expectBatch(
		'nexor',
		{
			type: NODE.nexor,
			parameters: {
				resource: 'lead',
				operation: 'create',
				firstName: '={{ $json.first }}',
				email: '={{ $json.email }}',
				workflowId: '={{ $json.workflow }}',
				campaignId: '={{ $json.campaign }}',
				metadataInput: 'json',
				metadataJson: '={{ $json.meta ?? "{}" }}',
			},
		},
		[{ first: 'Good One', email: 'one@example.com' }, { first: "O'Brien <b>; DROP TABLE leads;--", email: 'two@example.com' }],
		[
			['missing first name', { email: 'a@example.com' }, /^First Name: expected a value \(it is required\)/],
			['first name as a number', { first: 123 }, /^First Name: expected text, got 123/],
			['first name as an object', { first: { given: 'Ana' } }, /^First Name: expected text, got \{"given":"Ana"\}/],
			['first name not valid UTF-8', { first: BROKEN }, /^First Name: expected valid text \(it holds a broken character/],
			['huge first name', { first: HUGE }, /^First Name: expected text of at most 65535 characters, got 70000 characters/],
			['malformed email', { first: 'A', email: 'jane@' }, /^Email: expected an email address such as jane@example.com, got "jane@"/],
			['email with a space', { first: 'A', email: 'jane doe@example.com' }, /^Email: expected an email address/],
			['injection in the workflow ID', { first: 'A', workflow: "5f0b6a52' OR 1=1 --" }, /^Workflow: expected a UUID/],
			['path in the campaign ID', { first: 'A', campaign: '../campaigns' }, /^Campaign: expected a UUID/],
			['nested metadata', { first: 'A', meta: '{"address": {"city": "Lima"}}' }, /^Metadata "address": expected text, a number or true\/false/],
			['a list in metadata', { first: 'A', meta: '{"tags": ["a", "b"]}' }, /^Metadata "tags": expected text, a number or true\/false/],
			['metadata that is not JSON', { first: 'A', meta: '{age: 35' }, /^Metadata: expected a JSON object, got text that is not valid JSON/],
		],
	);
	// Injection-looking text is data, sent exactly as given.
	const [sent] = bed.sandbox.requests('nexor', 'POST', '/leads').slice(-1);
	expect((sent.body as IDataObject).first_name).toBe("O'Brien <b>; DROP TABLE leads;--");
});

test('Nexor Conversion → Create: 9 kinds of bad input refused, the rest recorded', async () => {
	const schema = [{ id: 'commission', displayName: 'Commission', type: 'number', display: true, required: false, defaultMatch: false }];
	await expectBatch(
		'nexor',
		{
			type: NODE.nexor,
			parameters: {
				resource: 'conversion',
				operation: 'create',
				conversionTypeId: NEXOR_IDS.typeClosedSale,
				leadId: '={{ $json.lead }}',
				amount: '={{ $json.amount }}',
				typeFields: { mappingMode: 'defineBelow', value: { commission: '={{ $json.commission }}' }, schema },
				additionalFields: { currency: '={{ $json.currency ?? "" }}', convertedAt: '={{ $json.at ?? "" }}', extraMetadata: '={{ $json.extra ?? "{}" }}' },
			},
		},
		[{ lead: NEXOR_IDS.leadAna, amount: '100.50' }, { lead: NEXOR_IDS.leadBruno, amount: 7 }],
		[
			['amount as words', { lead: NEXOR_IDS.leadAna, amount: 'ten thousand' }, /^Amount: expected a number, got "ten thousand"/],
			['amount in a local format', { lead: NEXOR_IDS.leadAna, amount: '85.000,00' }, /^Amount: expected a number, got "85.000,00"/],
			['amount as true', { lead: NEXOR_IDS.leadAna, amount: true }, /^Amount: expected a number, got true/],
			['missing amount', { lead: NEXOR_IDS.leadAna }, /^Amount: expected a number/],
			['injection in the lead ID', { lead: "'; DROP TABLE leads; --", amount: 1 }, /^Lead ID: expected a UUID/],
			['a 4-letter currency', { lead: NEXOR_IDS.leadAna, amount: 1, currency: 'USDT' }, /^Currency: expected a 3-letter ISO 4217 currency code/],
			['a date in words', { lead: NEXOR_IDS.leadAna, amount: 1, at: 'yesterday' }, /^Converted At: expected an ISO 8601 date-time/],
			['text in a number field of the type', { lead: NEXOR_IDS.leadAna, amount: 1, commission: '5%' }, /^Field "Commission" \(commission\): expected a number, got "5%"/],
			['extra metadata as a list', { lead: NEXOR_IDS.leadAna, amount: 1, extra: '[1,2]' }, /^Metadata: expected an object of names and values/],
		],
	);
});

test('Nateq Lead → Convert to Contact: 4 kinds of bad lead ID refused, the rest converted', async () => {
	const good = [bed.sandbox.stores.nateq.addLead('Good A', 'a@example.com'), bed.sandbox.stores.nateq.addLead('Good B', 'b@example.com')];
	await expectBatch(
		'nateq',
		{ type: NODE.nateq, parameters: { resource: 'lead', operation: 'convertToContact', leadId: '={{ $json.id }}' } },
		good.map((id) => ({ id })),
		[
			['empty lead ID', { id: '' }, /^Lead ID: expected a value \(it is required\)/],
			['path traversal', { id: 'lead/../../admin' }, /^Lead ID: expected one ID without "\/", "\\", "\?", "#" or spaces, and not "\." or "\.\."/],
			['query injection', { id: 'lead_1?admin=true' }, /^Lead ID: expected one ID without/],
			['spaces', { id: 'lead 1' }, /^Lead ID: expected one ID without/],
		],
	);
});

test('RD Station Conversion → Create: 12 kinds of bad input refused, the rest sent', async () => {
	await expectBatch(
		'rdstation',
		{
			type: NODE.rdStation,
			parameters: {
				resource: 'conversion',
				operation: 'create',
				conversionIdentifier: '={{ $json.identifier }}',
				email: '={{ $json.email }}',
				additionalFields: {
					name: '={{ $json.name ?? "" }}',
					city: '={{ $json.city ?? "" }}',
					tags: '={{ $json.tags ?? [] }}',
					availableForMailing: '={{ $json.mailing ?? true }}',
				},
				legalBases: { basis: [{ type: '={{ $json.basis ?? "consent" }}', status: '={{ $json.status ?? "granted" }}' }] },
				customFields: { field: [{ name: '={{ $json.cf ?? "cf_plan" }}', value: '={{ $json.cfValue ?? "pro" }}' }] },
				requestOptions: { requestsPerMinute: 600_000 },
			},
		},
		[{ identifier: 'signup', email: 'ok1@example.com' }, { identifier: 'signup', email: 'ok2@example.com' }],
		[
			['missing identifier', { email: 'a@example.com' }, /^Conversion Identifier: expected a value \(it is required\)/],
			['missing email', { identifier: 'signup' }, /^Email: expected an email address \(it is required\)/],
			['malformed email', { identifier: 'signup', email: 'maria@@example.com' }, /^Email: expected an email address such as jane@example.com/],
			['unknown legal basis type', { identifier: 's', email: 'a@example.com', basis: 'marketing' }, /^Legal Bases "0.type": expected one of pre_existent_contract/],
			['unknown legal basis status', { identifier: 's', email: 'a@example.com', status: 'maybe' }, /^Legal Bases "0.status": expected "granted" or "declined"/],
			['custom field name with spaces', { identifier: 's', email: 'a@example.com', cf: 'Plan Name' }, /^Custom Field 1 name: expected "cf_" followed by lowercase letters/],
			['custom field name with injection', { identifier: 's', email: 'a@example.com', cf: 'cf_plan;drop' }, /^Custom Field 1 name: expected "cf_"/],
			['custom field value as an object', { identifier: 's', email: 'a@example.com', cfValue: { tier: 1 } }, /^Custom Field "cf_plan": expected text, a number, true\/false or a list of text/],
			['tags as an object', { identifier: 's', email: 'a@example.com', tags: { a: 1 } }, /^Tags: expected /],
			['available for mailing as words', { identifier: 's', email: 'a@example.com', mailing: 'maybe' }, /^Available for Mailing: expected true or false, got "maybe"/],
			['name not valid UTF-8', { identifier: 's', email: 'a@example.com', name: BROKEN }, /^Name: expected valid text/],
			['city as a number', { identifier: 's', email: 'a@example.com', city: 12 }, /^City: expected text, got 12/],
		],
	);
});
