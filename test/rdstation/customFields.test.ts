/*
 * RD Station → Custom Field: Create (the cf_ identifier rules, which
 * presentation goes with which data type, options labelled per language),
 * Update and Delete of custom fields only, the field picked from the
 * account's list ("From List"), by UUID or by API identifier.
 */
import type { IDataObject } from 'n8n-workflow';

import type { RdField } from '../sandbox/rdstation';
import { jsonOf } from '../setup';
import { listSearch, rdNode, useRdTestBed } from './support';

jest.setTimeout(120_000);

const bed = useRdTestBed();
const store = () => bed.store();
const fieldNamed = (apiIdentifier: string) => store().fields.find((field) => field.api_identifier === apiIdentifier);

const customField = (operation: string, parameters: IDataObject = {}) => rdNode({ resource: 'customField', operation, ...parameters });
const byList = (field: RdField | undefined) => ({ __rl: true, mode: 'list', value: field?.uuid ?? '' });

describe('Custom Field → Create', () => {
	test('a combo box with options labelled in two languages: the body RD documents, the field RD answers', async () => {
		const { items } = await bed.engine.runNode(
			customField('create', {
				apiIdentifier: 'favorite_color',
				name: 'Cor favorita',
				language: 'pt-BR',
				dataType: 'STRING',
				presentationType: 'COMBO_BOX',
				fieldOptions: {
					option: [
						{ value: 'blue', label: 'Azul' },
						{ value: 'blue', label: 'Blue', language: 'en' },
						{ value: 'green', label: 'Verde' },
					],
				},
				otherLanguages: { language: [{ language: 'en', name: 'Favorite color', label: 'Your favorite color' }] },
			}),
			[{}],
		);
		const [request] = bed.sandbox.requests('rdstation', 'POST', '/platform/contacts/fields').slice(-1);
		expect(request.body).toEqual({
			api_identifier: 'cf_favorite_color',
			data_type: 'STRING',
			presentation_type: 'COMBO_BOX',
			name: { 'pt-BR': 'Cor favorita', en: 'Favorite color' },
			label: { 'pt-BR': 'Cor favorita', en: 'Your favorite color' },
			validation_rules: {
				valid_options: [
					{ value: 'blue', label: { 'pt-BR': 'Azul', en: 'Blue' } },
					{ value: 'green', label: { 'pt-BR': 'Verde' } },
				],
			},
		});
		expect(items[0].json).toMatchObject({ api_identifier: 'cf_favorite_color', custom_field: true, uuid: expect.any(String) });
		expect(fieldNamed('cf_favorite_color')).toBeDefined();
	});

	test.each([
		[{ apiIdentifier: 'Plan Name' }, 'API Identifier: expected "cf_" followed by lowercase letters, digits or "_" (64 characters at most), got "Plan Name" [item 0]'],
		[{ apiIdentifier: `cf_${'x'.repeat(62)}` }, /^API Identifier: expected "cf_" followed by lowercase letters/],
		[{ apiIdentifier: 'plan' }, 'API Identifier: expected one your account does not have yet, got "cf_plan" (it exists) [item 0]'],
		[{ dataType: 'INTEGER', presentationType: 'TEXT_INPUT' }, 'Presentation Type: expected one of NUMBER_INPUT for data type INTEGER, got "TEXT_INPUT" [item 0]'],
		[{ dataType: 'STRING[]', presentationType: 'MULTIPLE_CHOICE' }, 'Options: expected at least one option for MULTIPLE_CHOICE, got none [item 0]'],
		[{ presentationType: 'TEXT_INPUT', fieldOptions: { option: [{ value: 'a' }] } }, 'Options: expected none for TEXT_INPUT (STRING), got 1 [item 0]'],
		[{ presentationType: 'RADIO_BUTTON', fieldOptions: { option: [{ value: 'a', label: 'A' }, { value: 'a', label: 'Á' }] } }, 'Options 2: expected one label per language for "a", got a second one in pt-BR [item 0]'],
		[{ otherLanguages: { language: [{ language: 'english', name: 'Color' }] } }, 'Other Languages 1: expected a language code such as pt-BR or en, got "english" [item 0]'],
		[{ name: '={{ $json.empty }}' }, 'Name: expected a value (it is required), got "" [item 0]'],
	])('refused before sending: %j', async (parameters, message) => {
		const before = bed.sandbox.requests('rdstation', 'POST').length;
		const { items } = await bed.engine.runNode(
			customField('create', { apiIdentifier: 'cf_new_one', name: 'New', dataType: 'STRING', presentationType: 'TEXT_INPUT', ...parameters }),
			[{ empty: '' }],
		);
		if (typeof message === 'string') expect(items[0].json.error).toBe(message);
		else expect(items[0].json.error).toMatch(message);
		expect(bed.sandbox.requests('rdstation', 'POST').length).toBe(before);
	});

	test('RD’s own refusal (a field error, shape 2) reads as RD wrote it', async () => {
		bed.sandbox.script({
			provider: 'rdstation',
			method: 'POST',
			path: '/platform/contacts/fields',
			status: 422,
			body: { errors: { api_identifier: [{ error_type: 'EXCLUSION', error_message: 'is reserved' }] } },
		});
		const { items } = await bed.engine.runNode(customField('create', { apiIdentifier: 'cf_address', name: 'Address', dataType: 'STRING', presentationType: 'TEXT_INPUT' }), [{}]);
		expect(items[0].json).toMatchObject({ error: 'RD Station refused the request: api_identifier: is reserved (EXCLUSION)', httpCode: '422' });
	});
});

describe('the field picked from the account’s list', () => {
	test('"From List" offers the custom fields only (standard ones cannot change), labelled, filtered by what is typed', async () => {
		const all = await listSearch(bed, 'searchCustomFields', { authentication: 'oAuth2', resource: 'customField', operation: 'update' });
		expect(all.results.map((result) => result.name)).toEqual(['Plan (cf_plan)', 'Seats (cf_seats)', 'Newsletter (cf_newsletter)', 'Interests (cf_interests)', 'Notes (cf_notes)']);
		expect(all.results[0].value).toBe(fieldNamed('cf_plan')!.uuid);
		const typed = await listSearch(bed, 'searchCustomFields', { authentication: 'oAuth2', resource: 'customField', operation: 'update' }, 'sea');
		expect(typed.results.map((result) => result.name)).toEqual(['Seats (cf_seats)']);
	});
});

describe('Custom Field → Update', () => {
	test('from the list: the name in one more language, the others kept; the label follows the name', async () => {
		const { items } = await bed.engine.runNode(
			customField('update', { field: byList(fieldNamed('cf_notes')), updateFields: { name: 'Notas', language: 'es' } }),
			[{}],
		);
		const notes = fieldNamed('cf_notes')!;
		const [request] = bed.sandbox.requests('rdstation', 'PATCH').slice(-1);
		expect(request.path).toBe(`/platform/contacts/fields/${notes.uuid}`);
		expect(request.body).toEqual({
			name: { default: 'Notes', 'pt-BR': 'Observações', es: 'Notas' },
			label: { default: 'Notes', 'pt-BR': 'Observações', es: 'Notas' },
		});
		expect(items[0].json).toMatchObject({ api_identifier: 'cf_notes', name: { es: 'Notas' } });
	});

	test('by API identifier, new options replacing the old ones, checked against the field’s data type', async () => {
		const { items } = await bed.engine.runNode(
			customField('update', {
				field: { __rl: true, mode: 'apiIdentifier', value: 'cf_plan' },
				fieldOptions: { option: [{ value: 'free', label: 'Grátis' }, { value: 'pro', label: 'Pro' }] },
			}),
			[{}],
		);
		expect(items[0].json.error).toBeUndefined();
		expect(bed.sandbox.requests('rdstation', 'PATCH').at(-1)?.body).toEqual({
			validation_rules: { valid_options: [{ value: 'free', label: { 'pt-BR': 'Grátis' } }, { value: 'pro', label: { 'pt-BR': 'Pro' } }] },
		});
		expect(fieldNamed('cf_plan')!.validation_rules.valid_options?.map((option) => option.value)).toEqual(['free', 'pro']);
	});

	test.each([
		[{ __rl: true, mode: 'apiIdentifier', value: 'email' }, {}, 'Field: expected a custom field (cf_…), got RD’s standard field "email", which cannot be changed or deleted [item 0]'],
		[{ __rl: true, mode: 'id', value: '00000000-0000-4000-8000-000000000000' }, { name: 'X' }, 'Field: expected one of your account’s fields, got "00000000-0000-4000-8000-000000000000" (RD Station lists no such field) [item 0]'],
		[{ __rl: true, mode: 'apiIdentifier', value: 'cf_seats' }, { presentationType: 'CHECK_BOX' }, 'Presentation Type: expected one of NUMBER_INPUT for data type INTEGER, got "CHECK_BOX" [item 0]'],
		[{ __rl: true, mode: 'apiIdentifier', value: 'cf_seats' }, {}, 'Update Fields: expected a name, label, presentation type or options to change, got none [item 0]'],
	])('refused before sending: %j %j', async (field, updateFields, message) => {
		const before = bed.sandbox.requests('rdstation', 'PATCH').length;
		const { items } = await bed.engine.runNode(customField('update', { field, updateFields }), [{}]);
		expect(items[0].json.error).toBe(message);
		expect(bed.sandbox.requests('rdstation', 'PATCH').length).toBe(before);
	});
});

describe('Custom Field → Delete', () => {
	test('by UUID: DELETE …/fields/<uuid>, no content back; the field is gone from the account', async () => {
		const seats = fieldNamed('cf_seats')!;
		const { items } = await bed.engine.runNode(customField('delete', { field: { __rl: true, mode: 'id', value: seats.uuid } }), [{}]);
		expect(jsonOf(items)).toEqual([{ deleted: true, uuid: seats.uuid, api_identifier: 'cf_seats' }]);
		expect(bed.sandbox.requests('rdstation', 'DELETE').at(-1)).toMatchObject({ path: `/platform/contacts/fields/${seats.uuid}`, status: 204 });
		expect(fieldNamed('cf_seats')).toBeUndefined();
	});

	test('a standard field is refused before anything is sent', async () => {
		const before = bed.sandbox.requests('rdstation', 'DELETE').length;
		const { items } = await bed.engine.runNode(customField('delete', { field: byList(fieldNamed('job_title')) }), [{}]);
		expect(items[0].json.error).toBe('Field: expected a custom field (cf_…), got RD’s standard field "job_title", which cannot be changed or deleted [item 0]');
		expect(bed.sandbox.requests('rdstation', 'DELETE').length).toBe(before);
	});
});
