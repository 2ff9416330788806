import { NEXOR_KEY } from '../sandbox/nexor';
import { NODE, useTestBed, visibleText } from '../setup';

const bed = useTestBed();

describe('Nexor API credential', () => {
	test('the test request (GET /conversion-types) succeeds with a good key', async () => {
		const result = await bed.engine.testCredential('nexorApi', {
			apiKey: NEXOR_KEY,
			baseUrl: bed.sandbox.baseUrl('nexor'),
		});
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		const [request] = bed.sandbox.requests('nexor', 'GET', '/conversion-types').slice(-1);
		expect(request.headers['x-api-key']).toBe(NEXOR_KEY);
	});

	test('a wrong key gives a clear "invalid API key" message', async () => {
		const result = await bed.engine.testCredential('nexorApi', {
			apiKey: 'nxr_live_wrong',
			baseUrl: bed.sandbox.baseUrl('nexor'),
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Invalid API key/);
	});

	test('a Base URL with a trailing slash still works', async () => {
		const result = await bed.engine.testCredential('nexorApi', {
			apiKey: NEXOR_KEY,
			baseUrl: `${bed.sandbox.baseUrl('nexor')}/`,
		});
		expect(result.status).toBe('OK');
	});

	test('the key is a password field, with a prefix hint shown only for keys not starting nxr_live_', () => {
		const credential = bed.engine.credentialType('nexorApi');
		const apiKey = credential.properties.find((property) => property.name === 'apiKey')!;
		expect(apiKey.typeOptions?.password).toBe(true);
		const notice = credential.properties.find((property) => property.type === 'notice')!;
		expect(notice.displayName).toContain('nxr_live_');
		expect(notice.displayOptions?.hide?.apiKey).toEqual(['', { _cnd: { startsWith: 'nxr_live_' } }]);
		expect(credential.properties.find((property) => property.name === 'baseUrl')?.default).toBe(
			'https://api.getnexor.ai/api/public',
		);
	});

	test('a node run with a key that lacks the nxr_live_ prefix gets the hint, not a refusal before sending', async () => {
		bed.engine.setCredentials({ nexorApi: { apiKey: 'sk_wrong_prefix_key', baseUrl: bed.sandbox.baseUrl('nexor') } });
		try {
			const before = bed.sandbox.requests('nexor').length;
			const { error } = await bed.engine.runNode(
				{ type: NODE.nexor, parameters: { resource: 'conversionType', operation: 'getMany', returnAll: true } },
				[{}],
			);
			expect(bed.sandbox.requests('nexor').length).toBe(before + 1);
			expect(error?.message).toContain('Invalid API key: The provided API key is not valid');
			expect(error?.message).toContain('start with "nxr_live_"');
			expect((error as unknown as { httpCode: string }).httpCode).toBe('401');
		} finally {
			bed.engine.setCredentials({
				nexorApi: { apiKey: NEXOR_KEY, baseUrl: bed.sandbox.baseUrl('nexor') },
			});
		}
	});
});

describe('Nexor API key secrecy', () => {
	test('the key appears in no output item and no error JSON, for successes, API errors and a rejected key', async () => {
		const good = await bed.engine.runNode(
			{
				type: NODE.nexor,
				continueOnFail: true,
				parameters: { resource: 'lead', operation: 'create', firstName: '={{ $json.name }}', email: '={{ $json.email }}' },
			},
			[
				{ name: 'Ok', email: 'ok@example.com' },
				{ name: 'Bad', email: 'not-an-email' },
			],
		);
		// The provider echoes the key back in an error: it must still not reach the user.
		bed.sandbox.script({ provider: 'nexor', status: 500, body: { error: 'Internal', message: `failed for key ${NEXOR_KEY}` } });
		const echoed = await bed.engine.runNode(
			{
				type: NODE.nexor,
				parameters: { resource: 'conversionType', operation: 'getMany', returnAll: true, requestOptions: { maxAttempts: 1 } },
			},
			[{}],
		);
		expect(echoed.error?.message).toBe('failed for key ***');
		bed.engine.setCredentials({ nexorApi: { apiKey: `${NEXOR_KEY}-old`, baseUrl: bed.sandbox.baseUrl('nexor') } });
		try {
			const rejected = await bed.engine.runNode(
				{ type: NODE.nexor, parameters: { resource: 'conversionType', operation: 'getMany', returnAll: true } },
				[{}],
			);
			expect(rejected.error?.message).toMatch(/^Invalid API key/);
			const text = visibleText(good.items, good.run.data.resultData, echoed.error, echoed.run.data.resultData, rejected.error, rejected.run.data.resultData);
			expect(text).toContain('"first_name":"Ok"');
			expect(text).not.toContain(NEXOR_KEY);
		} finally {
			bed.engine.setCredentials({ nexorApi: { apiKey: NEXOR_KEY, baseUrl: bed.sandbox.baseUrl('nexor') } });
		}
	});
});
