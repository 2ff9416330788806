import { createServer } from 'node:net';

import type { IDataObject } from 'n8n-workflow';

import { RD_KEY } from './sandbox/rdstation';
import { capturingLogs, jsonOf, NODE, pairedOf, useTestBed, visibleText } from './setup';

const bed = useTestBed();

const credentials = (apiKey = RD_KEY, baseUrl = bed.sandbox.baseUrl('rdstation')) => ({
	rdStationMarketingApiKeyApi: { apiKey, baseUrl },
});

afterEach(() => bed.engine.setCredentials(credentials()));

const createConversion = (parameters: IDataObject = {}, continueOnFail = false) => ({
	type: NODE.rdStation,
	continueOnFail,
	parameters: {
		resource: 'conversion',
		operation: 'create',
		conversionIdentifier: '={{ $json.identifier }}',
		email: '={{ $json.email }}',
		// These tests are about payloads and errors: no pacing (tested in test/reliability.test.ts), one attempt.
		requestOptions: { requestsPerMinute: 600_000, maxAttempts: 1 },
		...parameters,
	},
});

const lead = { identifier: 'newsletter-signup', email: 'maria@example.com' };

describe('RD Station Marketing API Key credential', () => {
	test('a good key: the test event is refused for its content, so the key works and nothing is created', async () => {
		const result = await bed.engine.testCredential('rdStationMarketingApiKeyApi', credentials().rdStationMarketingApiKeyApi);
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		const [request] = bed.sandbox.requests('rdstation').slice(-1);
		expect(request).toMatchObject({ method: 'POST', path: '/platform/conversions', status: 400 });
		expect(request.query.api_key).toBe(RD_KEY);
		expect(bed.sandbox.stores.rdstation.conversions).toHaveLength(0);
	});

	test('a wrong key: the test says "Invalid API key"', async () => {
		const result = await bed.engine.testCredential('rdStationMarketingApiKeyApi', credentials('rd-wrong-key').rdStationMarketingApiKeyApi);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Invalid API key/);
	});

	test('a Base URL that is not RD’s API fails the test', async () => {
		const result = await bed.engine.testCredential(
			'rdStationMarketingApiKeyApi',
			credentials(RD_KEY, `${bed.sandbox.url}/rdstation/wrong`).rdStationMarketingApiKeyApi,
		);
		expect(result).toMatchObject({ status: 'Error', message: expect.stringMatching(/^Could not check the key: the answer did not come from RD Station’s API/) });
	});
});

describe('RD Station Marketing: Conversion → Create', () => {
	test('sends the documented body with every optional field, and outputs event_uuid with identifier and email', async () => {
		const { items, error } = await bed.engine.runNode(
			createConversion({
				additionalFields: {
					name: 'Maria Silva',
					jobTitle: 'CTO',
					personalPhone: '+55 11 3333-4444',
					mobilePhone: '+55 11 99999-0000',
					city: 'São Paulo',
					state: 'SP',
					country: 'Brasil',
					twitter: 'maria',
					facebook: 'maria.fb',
					linkedin: 'maria-li',
					website: 'https://maria.dev',
					companyName: 'Acme',
					companySite: 'https://acme.example',
					companyAddress: 'Av. Paulista 1000',
					clientTrackingId: 'lead-uuid-1',
					trafficSource: 'google',
					trafficMedium: 'cpc',
					trafficCampaign: 'spring',
					trafficValue: 'crm software',
					tags: ['vip', 'webinar'],
					availableForMailing: true,
				},
				legalBases: { basis: [{ type: 'consent', status: 'granted' }] },
				customFields: {
					field: [
						{ name: 'plan', value: 'pro' },
						{ name: 'cf_seats', value: '={{ 12 }}' },
					],
				},
			}),
			[lead],
		);
		expect(error).toBeUndefined();
		const [request] = bed.sandbox.requests('rdstation', 'POST', '/platform/conversions').slice(-1);
		expect(request.body).toEqual({
			event_type: 'CONVERSION',
			event_family: 'CDP',
			payload: {
				conversion_identifier: 'newsletter-signup',
				email: 'maria@example.com',
				name: 'Maria Silva',
				job_title: 'CTO',
				personal_phone: '+55 11 3333-4444',
				mobile_phone: '+55 11 99999-0000',
				city: 'São Paulo',
				state: 'SP',
				country: 'Brasil',
				twitter: 'maria',
				facebook: 'maria.fb',
				linkedin: 'maria-li',
				website: 'https://maria.dev',
				company_name: 'Acme',
				company_site: 'https://acme.example',
				company_address: 'Av. Paulista 1000',
				client_tracking_id: 'lead-uuid-1',
				traffic_source: 'google',
				traffic_medium: 'cpc',
				traffic_campaign: 'spring',
				traffic_value: 'crm software',
				tags: ['vip', 'webinar'],
				available_for_mailing: true,
				legal_bases: [{ category: 'communications', type: 'consent', status: 'granted' }],
				cf_plan: 'pro',
				cf_seats: 12,
			},
		});
		const stored = bed.sandbox.stores.rdstation.conversions.slice(-1)[0];
		expect(items[0].json).toEqual({
			event_uuid: stored.event_uuid,
			conversion_identifier: 'newsletter-signup',
			email: 'maria@example.com',
		});
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	test('tags given as comma-separated text by an expression become a list', async () => {
		await bed.engine.runNode(createConversion({ additionalFields: { tags: '={{ "a, b ,c" }}' } }), [lead]);
		const [request] = bed.sandbox.requests('rdstation', 'POST').slice(-1);
		expect((request.body as { payload: IDataObject }).payload.tags).toEqual(['a', 'b', 'c']);
	});

	test.each([
		[{ identifier: '', email: 'a@example.com' }, {}, 'Conversion Identifier: expected a value (it is required), got ""'],
		[{ identifier: 'x', email: '' }, {}, 'Email: expected an email address (it is required), got ""'],
		[{ identifier: 'x', email: 'maria@' }, {}, 'Email: expected an email address such as jane@example.com, got "maria@"'],
		[
			lead,
			{ legalBases: { basis: [{ type: '={{ "marketing" }}', status: 'granted' }] } },
			'Legal Bases "0.type": expected one of pre_existent_contract, consent, legitimate_interest, judicial_process, vital_interest, public_interest, got "marketing"',
		],
		[lead, { customFields: { field: [{ name: 'Plan Name', value: 'x' }] } }, 'Custom Field 1 name: expected "cf_" followed by lowercase letters, digits or "_" (64 characters at most), got "Plan Name"'],
		[lead, { customFields: { field: [{ name: `cf_${'a'.repeat(62)}`, value: 'x' }] } }, `Custom Field 1 name: expected "cf_" followed by lowercase letters, digits or "_" (64 characters at most), got "cf_${'a'.repeat(62)}"`],
		[lead, { customFields: { field: [{ name: 'cf_meta', value: '={{ { a: 1 } }}' }] } }, 'Custom Field "cf_meta": expected text, a number, true/false or a list of text, got {"a":1}'],
		[
			lead,
			// Four fields of 60,000 characters: each within the text limit, together over 0.2 MB.
			{ additionalFields: Object.fromEntries(['name', 'jobTitle', 'companyAddress', 'city'].map((field) => [field, '={{ "x".repeat(60000) }}'])) },
			'Payload: expected at most 0.2 MB (200000 bytes) as RD Station allows, got 240',
		],
	])('bad input %j %j is refused before sending: %s', async (input, parameters, message) => {
		const before = bed.sandbox.requests('rdstation').length;
		const { error, items } = await bed.engine.runNode(createConversion(parameters as IDataObject), [input]);
		expect(items).toEqual([]);
		expect(error?.message.startsWith(message)).toBe(true);
		expect(error?.message).toMatch(/\[item 0\]$/);
		expect(bed.sandbox.requests('rdstation').length).toBe(before);
	});

	test('each of RD’s three error shapes becomes one message listing every field error with its type', async () => {
		bed.sandbox.script({
			provider: 'rdstation',
			status: 400,
			body: { errors: { email: [{ error_type: 'INVALID_FORMAT', error_message: 'Invalid email.' }], name: [{ error_type: 'MUST_BE_STRING', error_message: 'Must be a string.' }] } },
		});
		bed.sandbox.script({
			provider: 'rdstation',
			status: 400,
			body: { errors: [{ error_type: 'INVALID_OPTION', error_message: 'Must be one of the valid options.', path: '$.event_family', validation_rules: {} }, { error_type: 'CANNOT_BE_NULL', error_message: 'Cannot be null.', path: '$.payload.email' }] },
		});
		bed.sandbox.script({
			provider: 'rdstation',
			status: 400,
			body: { errors: { error_type: 'CONFLICTING_FIELD', error_message: 'The field email conflicts with another contact.' } },
		});
		const { items } = await bed.engine.runNode(createConversion({}, true), [lead, lead, lead]);
		expect(jsonOf(items).map((item) => item.error)).toEqual([
			'RD Station refused the conversion: email: Invalid email. (INVALID_FORMAT); name: Must be a string. (MUST_BE_STRING)',
			'RD Station refused the conversion: $.event_family: Must be one of the valid options. (INVALID_OPTION); $.payload.email: Cannot be null. (CANNOT_BE_NULL)',
			'RD Station refused the conversion: The field email conflicts with another contact. (CONFLICTING_FIELD)',
		]);
		expect(jsonOf(items).map((item) => item.code)).toEqual(['INVALID_FORMAT', 'INVALID_OPTION', 'CONFLICTING_FIELD']);
	});

	test('a text field given a number by an expression is refused, naming the field', async () => {
		const { error } = await bed.engine.runNode(
			createConversion({ customFields: { field: [{ name: 'cf_n', value: '={{ 5 }}' }] }, additionalFields: { city: '={{ 12 }}' } }),
			[lead],
		);
		expect(error?.message).toBe('City: expected text, got 12 [item 0]');
	});

	test('mixed batch under Continue On Fail: bad rows refused, good rows sent once each, all paired', async () => {
		const before = bed.sandbox.stores.rdstation.conversions.length;
		const { items, error } = await bed.engine.runNode(createConversion({}, true), [
			{ identifier: 'form-a', email: 'one@example.com' },
			{ identifier: 'form-a', email: 'not an email' },
			{ identifier: '', email: 'three@example.com' },
			{ identifier: 'form-b', email: 'four@example.com' },
		]);
		expect(error).toBeUndefined();
		expect(pairedOf(items)).toEqual([0, 1, 2, 3]);
		expect(items[0].json).toMatchObject({ email: 'one@example.com', event_uuid: expect.any(String) });
		expect(items[1].json.error).toMatch(/^Email: .*\[item 1\]$/);
		expect(items[2].json.error).toMatch(/^Conversion Identifier: .*\[item 2\]$/);
		expect(items[3].json).toMatchObject({ email: 'four@example.com', conversion_identifier: 'form-b' });
		const created = bed.sandbox.stores.rdstation.conversions.slice(before);
		expect(created.map((event) => event.payload.email)).toEqual(['one@example.com', 'four@example.com']);
	});
});

describe('RD Station: the API key never leaves the request', () => {
	async function closedPortUrl(): Promise<string> {
		const server = createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as { port: number };
		await new Promise<void>((resolve) => server.close(() => resolve()));
		return `http://127.0.0.1:${port}`;
	}

	const cases: Array<[string, () => Promise<void>, RegExp]> = [
		['a 400', async () => bed.sandbox.script({ provider: 'rdstation', times: 2, status: 400, body: { errors: { email: [{ error_type: 'INVALID_FORMAT', error_message: 'bad' }] } } }), /RD Station refused the conversion/],
		['a 401', async () => bed.engine.setCredentials(credentials(`${RD_KEY}-revoked`)), /^Invalid API key/],
		['a 429', async () => bed.sandbox.script({ provider: 'rdstation', times: 2, status: 429, headers: { 'retry-after': '60' }, body: { errors: { error_type: 'TOO_MANY_REQUESTS', error_message: 'Rate limit exceeded' } } }), /rate limit was reached/],
		['a 500', async () => bed.sandbox.script({ provider: 'rdstation', times: 2, status: 500, body: { message: `upstream failed for /platform/conversions?api_key=${RD_KEY}` } }), /HTTP 500|RD Station/],
		['a connection refused', async () => bed.engine.setCredentials(credentials(RD_KEY, await closedPortUrl())), /^Could not reach RD Station \(.*refused/],
	];

	test.each(cases)('%s: outputs, error message, description and logs show no key', async (_name, arrange, expected) => {
		await arrange();
		const { result, logs } = await capturingLogs(async () => {
			const thrown = await bed.engine.runNode(createConversion(), [lead]);
			const continued = await bed.engine.runNode(createConversion({}, true), [lead]);
			return { thrown, continued };
		});
		// The failure is real and readable…
		expect(result.thrown.error?.message).toMatch(expected);
		expect(result.continued.items[0].json.error).toMatch(expected);
		// …and the key is nowhere a user, a log or an output could show it.
		const text = visibleText(result.thrown.error, result.thrown.run.data.resultData, result.continued.items, logs);
		expect(text).not.toContain(RD_KEY);
		expect(text).not.toMatch(/api_key=(?!\*\*\*)/);
	});

	test('the key did travel in the query string, where RD expects it', async () => {
		await bed.engine.runNode(createConversion(), [lead]);
		const [request] = bed.sandbox.requests('rdstation', 'POST').slice(-1);
		expect(request.query.api_key).toBe(RD_KEY);
	});
});
