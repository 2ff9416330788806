import type { IDataObject } from 'n8n-workflow';

import { NATEQ_KEY, NATEQ_LEADS, NATEQ_READONLY_KEY } from './sandbox/nateq';
import { jsonOf, NODE, pairedOf, useTestBed, visibleText } from './setup';

const bed = useTestBed();

const convert = (leadId: string, continueOnFail = false) => ({
	type: NODE.nateq,
	continueOnFail,
	parameters: { resource: 'lead', operation: 'convertToContact', leadId },
});

const credentials = (apiKey: string) => ({ nateqApi: { apiKey, baseUrl: bed.sandbox.baseUrl('nateq') } });

afterEach(() => bed.engine.setCredentials(credentials(NATEQ_KEY)));

describe('Nateq API credential', () => {
	test('the test asks to convert a lead that cannot exist, with the key as a Bearer token, and changes nothing', async () => {
		const result = await bed.engine.testCredential('nateqApi', credentials(NATEQ_KEY).nateqApi);
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		const [request] = bed.sandbox.requests('nateq').slice(-1);
		expect(request).toMatchObject({ method: 'POST', path: '/leads/00000000-0000-0000-0000-000000000000/convert', status: 404 });
		expect(request.headers.authorization).toBe(`Bearer ${NATEQ_KEY}`);
		expect(bed.sandbox.stores.nateq.contacts.size).toBe(0);
	});

	test('a wrong key fails with an "invalid API key" message', async () => {
		const result = await bed.engine.testCredential('nateqApi', credentials('tg_live_wrong').nateqApi);
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/^Invalid API key/) });
	});

	test('keys without tg_live_/tg_test_ get a hint, not a refusal', () => {
		const credential = bed.engine.credentialType('nateqApi');
		const notice = credential.properties.find((property) => property.type === 'notice')!;
		expect(notice.displayOptions?.hide?.apiKey).toEqual([
			'',
			{ _cnd: { startsWith: 'tg_live_' } },
			{ _cnd: { startsWith: 'tg_test_' } },
		]);
		expect(credential.properties.find((property) => property.name === 'apiKey')?.typeOptions?.password).toBe(true);
	});
});

describe('Nateq: Lead → Convert to Contact', () => {
	test('converts a lead and outputs the contact (the envelope’s data), not the envelope', async () => {
		const { items, error } = await bed.engine.runNode(convert('={{ $json.id }}'), [{ id: NATEQ_LEADS.carla }]);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ name: 'Carla Mendes', email: 'carla@example.com', externalId: NATEQ_LEADS.carla });
		expect(items[0].json.success).toBeUndefined();
		expect(items[0].json.id).toMatch(/^contact_/);
		const [request] = bed.sandbox.requests('nateq', 'POST').slice(-1);
		expect(request.path).toBe(`/leads/${NATEQ_LEADS.carla}/convert`);
		expect(request.headers.authorization).toBe(`Bearer ${NATEQ_KEY}`);
	});

	test('a lead already converted gets a message saying so, keeping code and request ID', async () => {
		await bed.engine.runNode(convert(NATEQ_LEADS.diego), [{}]);
		const { error } = await bed.engine.runNode(convert(NATEQ_LEADS.diego), [{}]);
		const apiError = error as unknown as { message: string; httpCode: string; context: IDataObject; description: string };
		expect(apiError.message).toBe(
			`Lead "${NATEQ_LEADS.diego}" was already converted into a contact (LEAD_ALREADY_CONVERTED): Lead has already been converted`,
		);
		expect(apiError.httpCode).toBe('409');
		expect(apiError.context.code).toBe('LEAD_ALREADY_CONVERTED');
		const requestId = bed.sandbox.requests('nateq', 'POST').slice(-1)[0];
		expect(apiError.context.requestId).toMatch(/^req_/);
		expect(apiError.description).toContain(`Request ID: ${String(apiError.context.requestId)}`);
		expect(requestId.status).toBe(409);
	});

	test('a lead that does not exist gets a message saying so', async () => {
		const { error } = await bed.engine.runNode(convert('lead_missing'), [{}]);
		expect(error?.message).toBe('Nateq has no lead with ID "lead_missing" (NOT_FOUND): Lead not found');
		expect((error as unknown as { httpCode: string }).httpCode).toBe('404');
	});

	test('a key without the write scope is explained', async () => {
		bed.engine.setCredentials(credentials(NATEQ_READONLY_KEY));
		const { error } = await bed.engine.runNode(convert(NATEQ_LEADS.elena), [{}]);
		expect(error?.message).toBe(
			'The Nateq API key lacks a permission this operation needs: This API key lacks the conversations:write scope',
		);
	});

	test('a wrong key in a run says "Invalid API key" with the prefix hint', async () => {
		bed.engine.setCredentials(credentials('wrong-format-key-123'));
		const { error } = await bed.engine.runNode(convert(NATEQ_LEADS.elena), [{}]);
		expect(error?.message).toBe(
			'Invalid API key: Invalid API key. Nateq API keys start with "tg_live_" or "tg_test_": check the key in the "Nateq API" credential.',
		);
	});

	test('mixed batch under Continue On Fail: bad IDs refused before sending, every item paired', async () => {
		const fresh = bed.sandbox.stores.nateq.addLead('Fresh Lead', 'fresh@example.com');
		const before = bed.sandbox.requests('nateq', 'POST').length;
		const { items, error } = await bed.engine.runNode(convert('={{ $json.id }}', true), [
			{ id: fresh },
			{ id: '' },
			{ id: 'lead/../../admin' },
			{ id: 'lead_nobody' },
			{ id: fresh },
		]);
		expect(error).toBeUndefined();
		expect(pairedOf(items)).toEqual([0, 1, 2, 3, 4]);
		const output = jsonOf(items);
		expect(output[0]).toMatchObject({ name: 'Fresh Lead' });
		expect(output[1].error).toBe('Lead ID: expected a value (it is required), got "" [item 1]');
		expect(output[2].error).toBe('Lead ID: expected one ID without "/", "\\", "?", "#" or spaces, and not "." or "..", got "lead/../../admin" [item 2]');
		expect(output[3]).toMatchObject({ httpCode: '404', code: 'NOT_FOUND', requestId: expect.stringMatching(/^req_/) });
		expect(output[4]).toMatchObject({ httpCode: '409', code: 'LEAD_ALREADY_CONVERTED' });
		expect(bed.sandbox.requests('nateq', 'POST').length - before).toBe(3);
	});

	test('the key appears in no output item and no error', async () => {
		const { items } = await bed.engine.runNode(convert('={{ $json.id }}', true), [{ id: NATEQ_LEADS.carla }, { id: 'lead_nobody' }]);
		bed.engine.setCredentials(credentials(`${NATEQ_KEY}x`));
		const failed = await bed.engine.runNode(convert(NATEQ_LEADS.elena), [{}]);
		const text = visibleText(items, failed.error, failed.run.data.resultData);
		expect(text).not.toContain(NATEQ_KEY);
		expect(text).toContain('Invalid API key');
	});
});
