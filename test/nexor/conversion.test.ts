import type { IDataObject } from 'n8n-workflow';

import { NEXOR_IDS } from '../sandbox/nexor';
import { jsonOf, NODE, pairedOf, useTestBed } from '../setup';

const bed = useTestBed();

const closedSaleSchema = [
	{ id: 'property_unit', displayName: 'Property Unit', type: 'string', display: true, required: false, defaultMatch: false },
	{ id: 'commission', displayName: 'Commission', type: 'number', display: true, required: false, defaultMatch: false },
	{ id: 'financing_months', displayName: 'Financing Months', type: 'number', display: true, required: false, defaultMatch: false },
];

const createConversion = (parameters: IDataObject, continueOnFail = false) => ({
	type: NODE.nexor,
	continueOnFail,
	parameters: {
		resource: 'conversion',
		operation: 'create',
		conversionTypeId: NEXOR_IDS.typeClosedSale,
		leadId: NEXOR_IDS.leadAna,
		amount: 85000,
		typeFields: { mappingMode: 'defineBelow', value: {}, schema: closedSaleSchema },
		...parameters,
	},
});

describe('Nexor: conversion type dropdown and fields', () => {
	test('the dropdown lists the active types by name, with category and currency', async () => {
		const options = await bed.engine.loadOptions(NODE.nexor, 'getConversionTypes', { resource: 'conversion', operation: 'create' });
		expect(options).toEqual([
			{ name: 'Closed Sale', value: NEXOR_IDS.typeClosedSale, description: 'final · CLP' },
			{ name: 'Reservation', value: NEXOR_IDS.typeReservation, description: 'intermediary · USD · Unit reserved with a deposit' },
		]);
	});

	test('choosing a type loads its fields (label shown, key as ID, number typed); another type gives other fields', async () => {
		const closedSale = await bed.engine.resourceMapperFields(NODE.nexor, 'getConversionTypeFields', {
			resource: 'conversion',
			operation: 'create',
			conversionTypeId: NEXOR_IDS.typeClosedSale,
		});
		expect(closedSale.fields.map(({ id, displayName, type, required }) => ({ id, displayName, type, required }))).toEqual([
			{ id: 'property_unit', displayName: 'Property Unit', type: 'string', required: false },
			{ id: 'commission', displayName: 'Commission', type: 'number', required: false },
			{ id: 'financing_months', displayName: 'Financing Months', type: 'number', required: false },
		]);
		const reservation = await bed.engine.resourceMapperFields(NODE.nexor, 'getConversionTypeFields', {
			resource: 'conversion',
			operation: 'create',
			conversionTypeId: NEXOR_IDS.typeReservation,
		});
		expect(reservation.fields.map((field) => field.displayName)).toEqual(['Property Unit', 'Broker']);
	});

	test('fields reload when the type changes, and a type given by expression explains what to do', async () => {
		const node = bed.engine.nodeTypes.getByNameAndVersion(NODE.nexor);
		const mapper = node.description.properties.find((property) => property.name === 'typeFields')!;
		expect(mapper.type).toBe('resourceMapper');
		// Version 1 saves the type as text, version 2 as a picker whose `value` changes: both reload the fields.
		expect(mapper.typeOptions?.loadOptionsDependsOn).toEqual(['conversionTypeId', 'conversionTypeId.value']);
		const byExpression = await bed.engine.resourceMapperFields(NODE.nexor, 'getConversionTypeFields', {
			resource: 'conversion',
			operation: 'create',
			conversionTypeId: '={{ $json.type }}',
		});
		expect(byExpression.fields).toEqual([]);
		expect(byExpression.emptyFieldsNotice).toMatch(/Choose a conversion type/);
	});

	test('optional "required" and "options" on a type’s fields are honoured when the API sends them', async () => {
		const type = bed.sandbox.stores.nexor.conversionTypes[0];
		const original = type.fields;
		type.fields = [{ key: 'plan', label: 'Plan', type: 'text', required: true, options: ['basic', 'pro'] }] as never;
		try {
			const { fields } = await bed.engine.resourceMapperFields(NODE.nexor, 'getConversionTypeFields', {
				resource: 'conversion',
				operation: 'create',
				conversionTypeId: type.id,
			});
			expect(fields).toEqual([
				expect.objectContaining({
					id: 'plan',
					required: true,
					type: 'options',
					options: [
						{ name: 'basic', value: 'basic' },
						{ name: 'pro', value: 'pro' },
					],
				}),
			]);
		} finally {
			type.fields = original;
		}
	});
});

describe('Nexor: Conversion → Create', () => {
	test('sends the type’s fields in metadata under their keys, number fields as JSON numbers', async () => {
		const { items, error } = await bed.engine.runNode(
			createConversion({
				amount: '={{ $json.amount }}',
				typeFields: {
					mappingMode: 'defineBelow',
					value: {
						property_unit: '={{ $json.unit }}',
						commission: '={{ $json.commission }}',
						financing_months: '={{ $json.months }}',
					},
					schema: closedSaleSchema,
				},
				additionalFields: {
					notes: 'Client paid in cash, expedited closing.',
					convertedAt: '2026-01-28T10:00:00Z',
					extraMetadata: '{"external_deal_id": "DEAL-1234", "commission": 1}',
				},
			}),
			// Spreadsheet-style text numbers are accepted and converted.
			[{ amount: '85000.00', unit: 'Apt 302', commission: '2500', months: 12 }],
		);
		expect(error).toBeUndefined();
		const [sent] = bed.sandbox.requests('nexor', 'POST', '/conversions').slice(-1);
		expect(sent.body).toEqual({
			conversion_type_id: NEXOR_IDS.typeClosedSale,
			lead_id: NEXOR_IDS.leadAna,
			amount: 85000,
			converted_at: '2026-01-28T10:00:00Z',
			notes: 'Client paid in cash, expedited closing.',
			// The type's field wins over an extra key of the same name.
			metadata: { external_deal_id: 'DEAL-1234', property_unit: 'Apt 302', commission: 2500, financing_months: 12 },
		});
		expect(items[0].json).toMatchObject({
			conversion_type_id: NEXOR_IDS.typeClosedSale,
			lead_id: NEXOR_IDS.leadAna,
			amount: 85000,
			currency: 'CLP',
			master_workflow_id: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b01',
		});
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	test('the minimal conversion sends only the three required fields; currency override and run ID are sent when given', async () => {
		await bed.engine.runNode(createConversion({}), [{}]);
		const [minimal] = bed.sandbox.requests('nexor', 'POST', '/conversions').slice(-1);
		expect(minimal.body).toEqual({ conversion_type_id: NEXOR_IDS.typeClosedSale, lead_id: NEXOR_IDS.leadAna, amount: 85000 });

		const { items } = await bed.engine.runNode(
			createConversion({
				conversionTypeId: NEXOR_IDS.typeReservation,
				additionalFields: { currency: 'eur', workflowRunId: NEXOR_IDS.workflowRunAna },
			}),
			[{}],
		);
		expect(items[0].json).toMatchObject({ currency: 'EUR', workflow_run_id: NEXOR_IDS.workflowRunAna, workflow_id: NEXOR_IDS.workflowOutreach });
	});

	test.each([
		[{ leadId: 'lead-123' }, 'Lead ID: expected a UUID such as 123e4567-e89b-12d3-a456-426614174000, got "lead-123"'],
		[{ conversionTypeId: 'reservation' }, 'Conversion Type: expected a UUID such as 123e4567-e89b-12d3-a456-426614174000, got "reservation"'],
		[{ amount: '={{ "85.000,00 USD" }}' }, 'Amount: expected a number, got "85.000,00 USD"'],
		[{ amount: '={{ 1/0 }}' }, 'Amount: expected a finite number, got null'],
		[{ additionalFields: { currency: 'US' } }, 'Currency: expected a 3-letter ISO 4217 currency code such as USD, got "US"'],
		[{ additionalFields: { currency: 'US1' } }, 'Currency: expected a 3-letter ISO 4217 currency code such as USD, got "US1"'],
		[{ additionalFields: { convertedAt: '28/01/2026' } }, 'Converted At: expected an ISO 8601 date-time such as 2026-02-01T15:30:00Z, got "28/01/2026"'],
		[{ additionalFields: { workflowRunId: 'run-1' } }, 'Workflow Run ID: expected a UUID such as 123e4567-e89b-12d3-a456-426614174000, got "run-1"'],
		[{ additionalFields: { extraMetadata: '{"deal": {"id": 1}}' } }, 'Metadata "deal": expected text, a number or true/false (not an object, a list or empty), got {"id":1}'],
		[{ additionalFields: { extraMetadata: '[1, 2]' } }, 'Metadata: expected an object of names and values, got [1,2]'],
		[
			// Literal text in a number field is flagged by n8n's editor; from data it arrives through an expression.
			{ typeFields: { mappingMode: 'defineBelow', value: { commission: '={{ "a lot" }}' }, schema: closedSaleSchema } },
			'Field "Commission" (commission): expected a number, got "a lot"',
		],
	])('bad input %j is refused before any request: %s', async (parameters, message) => {
		const before = bed.sandbox.requests('nexor', 'POST').length;
		const { items, error } = await bed.engine.runNode(createConversion(parameters as IDataObject), [{}]);
		expect(items).toEqual([]);
		expect(error?.message).toBe(`${message} [item 0]`);
		expect(bed.sandbox.requests('nexor', 'POST').length).toBe(before);
	});

	test('a required type field left empty is refused, naming the field', async () => {
		const schema = [{ ...closedSaleSchema[0], required: true }];
		const { error } = await bed.engine.runNode(
			createConversion({ typeFields: { mappingMode: 'defineBelow', value: { property_unit: '={{ $json.unit }}' }, schema } }),
			[{}],
		);
		expect(error?.message).toBe('Field "Property Unit" (property_unit): expected a value (it is required), got nothing [item 0]');
	});

	test.each([
		['conversion_type_id not found, inactive, or does not belong to your account', { conversionTypeId: NEXOR_IDS.typeInactive }],
		['lead_id not found or does not belong to your account', { leadId: '00000000-0000-4000-8000-000000000001' }],
		[
			'workflow_run_id not found or does not match the given workflow_id and lead_id',
			{ leadId: NEXOR_IDS.leadBruno, additionalFields: { workflowRunId: NEXOR_IDS.workflowRunAna } },
		],
	])('the API’s own 400 message is shown: %s', async (message, parameters) => {
		const { error } = await bed.engine.runNode(createConversion(parameters as IDataObject), [{}]);
		expect(error?.message).toBe(message);
		expect(error?.name).toBe('NodeApiError');
		expect((error as unknown as { httpCode: string }).httpCode).toBe('400');
		expect((error as unknown as { context: IDataObject }).context.itemIndex).toBe(0);
	});

	test('a batch mixing good and bad items under Continue On Fail: every item answered, paired to its input', async () => {
		const before = bed.sandbox.requests('nexor', 'POST', '/conversions').length;
		const { items, error } = await bed.engine.runNode(
			createConversion(
				{
					leadId: '={{ $json.lead }}',
					amount: '={{ $json.amount }}',
					typeFields: {
						mappingMode: 'defineBelow',
						value: { commission: '={{ $json.commission }}' },
						schema: closedSaleSchema,
					},
				},
				true,
			),
			[
				{ lead: NEXOR_IDS.leadAna, amount: 100, commission: 5 },
				{ lead: 'not-a-uuid', amount: 100, commission: 5 },
				{ lead: NEXOR_IDS.leadBruno, amount: 'abc', commission: 5 },
				{ lead: '00000000-0000-4000-8000-000000000009', amount: 1, commission: 5 },
				{ lead: NEXOR_IDS.leadBruno, amount: '250.50', commission: 'ten' },
				{ lead: NEXOR_IDS.leadBruno, amount: '250.50', commission: '10' },
			],
		);
		expect(error).toBeUndefined();
		expect(pairedOf(items)).toEqual([0, 1, 2, 3, 4, 5]);
		const output = jsonOf(items);
		expect(output[0]).toMatchObject({ lead_id: NEXOR_IDS.leadAna, amount: 100 });
		expect(output[1].error).toBe('Lead ID: expected a UUID such as 123e4567-e89b-12d3-a456-426614174000, got "not-a-uuid" [item 1]');
		expect(output[2].error).toBe('Amount: expected a number, got "abc" [item 2]');
		expect(output[3]).toMatchObject({ error: 'lead_id not found or does not belong to your account', httpCode: '400' });
		expect(output[4].error).toBe('Field "Commission" (commission): expected a number, got "ten" [item 4]');
		expect(output[5]).toMatchObject({ lead_id: NEXOR_IDS.leadBruno, amount: 250.5, metadata: { commission: 10 } });
		// Bad input never reached the API: only items 0, 3 and 5 were sent, each once.
		const sent = bed.sandbox.requests('nexor', 'POST', '/conversions').slice(before);
		expect(sent.map((entry) => (entry.body as IDataObject).lead_id)).toEqual([
			NEXOR_IDS.leadAna,
			'00000000-0000-4000-8000-000000000009',
			NEXOR_IDS.leadBruno,
		]);
	});
});

describe('Nexor: Conversion → Get Many and Conversion Type → Get Many', () => {
	beforeAll(async () => {
		// 230 events for Bruno, so that "Return All" needs two pages of 200.
		const store = bed.sandbox.stores.nexor;
		for (let index = 0; index < 230; index++) {
			store.conversions.push({
				id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
				conversion_type_id: NEXOR_IDS.typeReservation,
				lead_id: NEXOR_IDS.leadBruno,
				workflow_id: null,
				master_workflow_id: null,
				workflow_run_id: null,
				amount: index,
				currency: 'USD',
				metadata: {},
				notes: null,
				converted_at: '2026-03-01T00:00:00Z',
				created_at: '2026-03-01T00:00:00Z',
			});
		}
	});

	const getMany = (parameters: IDataObject) => ({
		type: NODE.nexor,
		parameters: { resource: 'conversion', operation: 'getMany', ...parameters },
	});

	test('"Return All" walks limit/offset pages until the total', async () => {
		const total = bed.sandbox.stores.nexor.conversions.filter((event) => event.lead_id === NEXOR_IDS.leadBruno).length;
		bed.sandbox.clearJournal();
		const { items, error } = await bed.engine.runNode(
			getMany({ returnAll: true, filters: { lead_id: NEXOR_IDS.leadBruno } }),
			[{}],
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(total);
		expect(new Set(items.map((item) => item.json.id)).size).toBe(total);
		expect(items.every((item) => item.json.lead_id === NEXOR_IDS.leadBruno)).toBe(true);
		expect(bed.sandbox.requests('nexor', 'GET', '/conversions').map((entry) => entry.query)).toEqual([
			{ lead_id: NEXOR_IDS.leadBruno, limit: '200', offset: '0' },
			{ lead_id: NEXOR_IDS.leadBruno, limit: '200', offset: '200' },
		]);
	});

	test('"Limit" returns at most that many, newest first', async () => {
		const { items } = await bed.engine.runNode(getMany({ returnAll: false, limit: 3, filters: { lead_id: NEXOR_IDS.leadBruno } }), [{}]);
		expect(items.map((item) => item.json.amount)).toEqual([229, 228, 227]);
	});

	test('a malformed filter is refused before sending', async () => {
		const { error } = await bed.engine.runNode(getMany({ returnAll: true, filters: { workflow_id: 'abc' } }), [{}]);
		expect(error?.message).toBe('Filter Workflow ID: expected a UUID such as 123e4567-e89b-12d3-a456-426614174000, got "abc" [item 0]');
	});

	test('conversion types come out one per item, with their fields', async () => {
		const { items } = await bed.engine.runNode(
			{ type: NODE.nexor, parameters: { resource: 'conversionType', operation: 'getMany', returnAll: true } },
			[{}],
		);
		expect(items.map((item) => item.json.name)).toEqual(['Reservation', 'Closed Sale']);
		expect(items[1].json.fields).toEqual([
			{ key: 'property_unit', label: 'Property Unit', type: 'text' },
			{ key: 'commission', label: 'Commission', type: 'number' },
			{ key: 'financing_months', label: 'Financing Months', type: 'number' },
		]);
		const limited = await bed.engine.runNode(
			{ type: NODE.nexor, parameters: { resource: 'conversionType', operation: 'getMany', returnAll: false, limit: 1 } },
			[{}],
		);
		expect(limited.items).toHaveLength(1);
	});
});
