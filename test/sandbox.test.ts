import type { Sandbox } from './sandbox/server';
import { SANDBOX_KEYS, startSandbox } from './sandbox/server';
import { NEXOR_IDS } from './sandbox/nexor';

/* The sandbox must follow the contracts (docs/*-api.md), or every other test proves nothing. */

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => sandbox.stop());

async function nexor(method: string, path: string, body?: unknown, key: string | null = SANDBOX_KEYS.nexor) {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (key !== null) headers['x-api-key'] = key;
	const response = await fetch(`${sandbox.baseUrl('nexor')}${path}`, {
		method,
		headers,
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

test('Nexor: extra top-level keys are moved into metadata, and explicit metadata wins on a clash', async () => {
	const { status, body } = await nexor('POST', '/leads', {
		first_name: 'Tony',
		edad: 35,
		broker: 'Top Level',
		metadata: { broker: 'Explicit', vip: true },
	});
	expect(status).toBe(201);
	expect((body.lead as { metadata: unknown }).metadata).toEqual({ edad: 35, broker: 'Explicit', vip: true });
});

test('Nexor: 401 for a missing or a wrong key, with the documented bodies', async () => {
	expect(await nexor('GET', '/conversion-types', undefined, null)).toMatchObject({
		status: 401,
		body: { error: 'Missing API key' },
	});
	expect(await nexor('GET', '/conversion-types', undefined, 'nxr_live_nope')).toMatchObject({
		status: 401,
		body: { error: 'Invalid API key', message: 'The provided API key is not valid' },
	});
});

test('Nexor: the documented conversion 400 messages, verbatim', async () => {
	const base = { conversion_type_id: NEXOR_IDS.typeReservation, lead_id: NEXOR_IDS.leadAna, amount: 1 };
	const messages = await Promise.all(
		[
			{ lead_id: NEXOR_IDS.leadAna, amount: 1 },
			{ ...base, currency: 'DOLLARS' },
			{ ...base, conversion_type_id: NEXOR_IDS.typeInactive },
			{ ...base, lead_id: '00000000-0000-4000-8000-000000000000' },
			{ ...base, lead_id: NEXOR_IDS.leadBruno, workflow_run_id: NEXOR_IDS.workflowRunAna },
		].map(async (body) => (await nexor('POST', '/conversions', body)).body.message),
	);
	expect(messages).toEqual([
		'conversion_type_id, lead_id, and amount are required',
		'currency must be a 3-character ISO 4217 code (e.g., "USD", "CLP")',
		'conversion_type_id not found, inactive, or does not belong to your account',
		'lead_id not found or does not belong to your account',
		'workflow_run_id not found or does not match the given workflow_id and lead_id',
	]);
});

test('knobs: a scripted answer (429 with Retry-After) for the next matching request, then normal again', async () => {
	sandbox.script({ provider: 'nexor', method: 'GET', path: '/workflows', status: 429, headers: { 'retry-after': '3' }, body: { error: 'Too Many Requests', message: 'Slow down' } });
	const first = await nexor('GET', '/workflows');
	expect(first.status).toBe(429);
	expect(first.headers.get('retry-after')).toBe('3');
	expect((await nexor('GET', '/workflows')).status).toBe(200);
});

test('knobs: latency delays every answer', async () => {
	sandbox.latencyMs = 120;
	try {
		const started = Date.now();
		await nexor('GET', '/campaigns');
		expect(Date.now() - started).toBeGreaterThanOrEqual(110);
	} finally {
		sandbox.latencyMs = 0;
	}
});

test('the journal records each request as received, with its answer', async () => {
	sandbox.clearJournal();
	await nexor('POST', '/leads', { first_name: 'Journal', email: 'bad' });
	expect(sandbox.journal).toEqual([
		expect.objectContaining({
			provider: 'nexor',
			method: 'POST',
			path: '/leads',
			body: { first_name: 'Journal', email: 'bad' },
			status: 400,
			response: { error: 'Bad Request', message: 'email must be a valid email address' },
		}),
	]);
});

test('Nateq: Bearer required, envelope on errors, X-Request-Id on every answer', async () => {
	const bare = await fetch(`${sandbox.baseUrl('nateq')}/leads/lead_1/convert`, { method: 'POST', headers: { authorization: SANDBOX_KEYS.nateq } });
	expect(bare.status).toBe(401);
	expect(await bare.json()).toEqual({
		success: false,
		error: { code: 'INVALID_AUTH_FORMAT', message: 'Authorization header must be "Bearer <api key>"', details: null },
	});
	expect(bare.headers.get('x-request-id')).toMatch(/^req_/);
});

test('RD Station: key in the query string, conversions answered with event_uuid', async () => {
	const response = await fetch(`${sandbox.baseUrl('rdstation')}/platform/conversions?api_key=${SANDBOX_KEYS.rdstation}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ event_type: 'CONVERSION', event_family: 'CDP', payload: { conversion_identifier: 'x', email: 'x@example.com' } }),
	});
	expect(response.status).toBe(200);
	expect(await response.json()).toEqual({ event_uuid: expect.stringMatching(/^[0-9a-f-]{36}$/) });
});

test('GET /_sandbox/requests lists what reached the sandbox (provider, method, path), never keys or bodies', async () => {
	const origin = new URL(sandbox.baseUrl('nexor')).origin;
	const before = ((await (await fetch(`${origin}/_sandbox/requests`)).json()) as { count: number }).count;
	await nexor('POST', '/leads', { first_name: 'Counted', email: 'counted@example.com' });
	const listed = (await (await fetch(`${origin}/_sandbox/requests`)).json()) as { count: number; requests: Array<Record<string, unknown>> };
	expect(listed.count).toBe(before + 1);
	expect(listed.requests.at(-1)).toEqual({ provider: 'nexor', method: 'POST', path: '/leads', at: expect.any(String) });
	expect(JSON.stringify(listed)).not.toContain(SANDBOX_KEYS.nexor);
	expect(JSON.stringify(listed)).not.toContain('counted@example.com');
});
