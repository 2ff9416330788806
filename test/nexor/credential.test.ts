import { NEXOR_KEY } from '../sandbox/nexor';
import { NODE, useTestBed } from '../setup';

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
