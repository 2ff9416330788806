/*
 * "Test" in the credential dialog, as n8n's credential tester runs each
 * credential's declared test request: five answers for each of the three
 * credentials — the key works; the key is refused; the Base URL is not the
 * service; the service is down; the service is throttling. The last three
 * must say the key could not be checked: never "works", never "wrong key".
 * Nothing is created by any of them.
 */
import type { IDataObject } from 'n8n-workflow';

import type { HostileServer as Hostile } from './hostileServer';
import { HostileServer } from './hostileServer';
import { SANDBOX_KEYS } from './sandbox/server';
import { currentRuntime } from './harness/engine';
import { useTestBed } from './setup';

const bed = useTestBed();
const runtime = currentRuntime();

let other: Hostile;
beforeAll(async () => {
	other = await HostileServer.start();
});
afterAll(async () => await other.stop());
beforeEach(() => other.reset());

const credentials = [
	{ type: 'nexorApi', provider: 'nexor', key: SANDBOX_KEYS.nexor, wrong: 'nxr_live_wrong_key_123', name: 'Nexor' },
	{ type: 'nateqApi', provider: 'nateq', key: SANDBOX_KEYS.nateq, wrong: 'tg_live_wrong_key_123', name: 'Nateq' },
	{ type: 'rdStationMarketingApiKeyApi', provider: 'rdstation', key: SANDBOX_KEYS.rdstation, wrong: 'rd-wrong-key-123', name: 'RD Station' },
] as const;

const COULD_NOT_CHECK = /^Could not check the key/;
const stores = () => JSON.stringify({
	nexor: [...bed.sandbox.stores.nexor.leads.values()].length,
	contacts: bed.sandbox.stores.nateq.contacts.size,
	rd: bed.sandbox.stores.rdstation.conversions.length,
});

describe.each(credentials)('$type', ({ type, provider, key, wrong, name }) => {
	const test_ = async (data: IDataObject) => await bed.engine.testCredential(type, data as never);

	test('the right key: OK, and nothing is created', async () => {
		const before = stores();
		expect(await test_({ apiKey: key, baseUrl: bed.sandbox.baseUrl(provider) })).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(stores()).toBe(before);
	});

	test('a wrong key: "Invalid API key"', async () => {
		const result = await test_({ apiKey: wrong, baseUrl: bed.sandbox.baseUrl(provider) });
		expect(result).toMatchObject({ status: 'Error', message: expect.stringMatching(/^Invalid API key/) });
	});

	test.each([
		['a 404 web page', 404, '<!doctype html><html><body>Not Found</body></html>'],
		['a 200 web page (a captive portal)', 200, '<html><body>Sign in to the Wi-Fi</body></html>'],
		['another JSON API', 404, { message: 'no such route' }],
	])('not the service (%s): could not check, not "works"', async (_what, status, body) => {
		other.answer(status, body);
		const result = await test_({ apiKey: key, baseUrl: `${other.origin}/api` });
		expect(result).toMatchObject({ status: 'Error', message: expect.stringMatching(COULD_NOT_CHECK) });
		expect(result.message).toContain(`did not come from ${name}’s API`);
	});

	/*
	 * A busy or failing service, answering in its own error shape. How n8n's
	 * tester reads it depends on the runtime (credentials/common.ts):
	 * 2.41 reads the thrown answer's status (our rule); 2.30 throws but
	 * cannot read it (the cause is wiped) and shows its own text for the
	 * status; 1.123 throws on no status and reads the body (our busy-code
	 * and not-the-service rules). Never "works", never "wrong key".
	 */
	const busyBody = (status: number) => {
		const code = status === 429 ? (provider === 'rdstation' ? 'TOO_MANY_REQUESTS' : 'RATE_LIMIT_EXCEEDED') : 'SERVICE_UNAVAILABLE';
		if (provider === 'nexor') return { error: status === 429 ? 'Too Many Requests' : 'Service Unavailable', message: 'try later' };
		if (provider === 'nateq') return { success: false, error: { code, message: 'try later', details: null } };
		return { errors: { error_type: code, error_message: 'try later' } };
	};
	const N8N_STATUS_TEXT: Record<number, string> = {
		429: 'The service is receiving too many requests from you',
		500: 'The service was not able to process your request',
		503: 'Service unavailable - try again later or consider setting this node to retry automatically (in the node settings)',
	};
	const expectedFor = (status: number, words: string): string => {
		if (runtime === '2.41.1') return `Could not check the key: ${name} answered ${status} (${words}). Try again in a few minutes.`;
		if (runtime === '2.30.0') return N8N_STATUS_TEXT[status];
		if (provider === 'nexor') return `Could not check the key: the answer did not come from Nexor’s API (a wrong Base URL, or Nexor down or busy). Check the Base URL (https://api.getnexor.ai/api/public) and try again.`;
		const code = (busyBody(status) as { error?: { code: string }; errors?: { error_type: string } }).error?.code ?? (busyBody(status) as { errors: { error_type: string } }).errors.error_type;
		return `Could not check the key: ${name} is busy or failing (${code}). Try again in a few minutes.`;
	};

	test.each([
		['down', 503, 'unavailable'],
		['failing', 500, 'unavailable'],
		['throttling', 429, 'too many requests'],
	])('the service %s (%i): could not check, try again — not "works", not "wrong key"', async (_what, status, words) => {
		other.answer(status, busyBody(status));
		const result = await test_({ apiKey: key, baseUrl: `${other.origin}/api` });
		expect(result).toEqual({ status: 'Error', message: expectedFor(status, words) });
	});

	test('a redirect is not followed: the key does not go to the other address', async () => {
		const target = await HostileServer.start();
		try {
			other.answer(302, '', { location: `${target.origin}/api` });
			const result = await test_({ apiKey: key, baseUrl: `${other.origin}/api` });
			expect(result.status).toBe('Error');
			expect(target.received).toHaveLength(0);
		} finally {
			await target.stop();
		}
	});

	test('plain http:// to a public address: the key is not sent there', async () => {
		const result = await test_({ apiKey: key, baseUrl: 'http://api.example.com/api' });
		expect(result.status).toBe('Error');
		expect(result.message).not.toContain(key);
	});
});
