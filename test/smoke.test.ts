import { Engine } from './harness/engine';
import { SANDBOX_KEYS, startSandbox } from './sandbox/server';

test('smoke', async () => {
	const sandbox = await startSandbox();
	const engine = await Engine.load({ nexorApi: { apiKey: SANDBOX_KEYS.nexor, baseUrl: sandbox.baseUrl('nexor') } });
	const options = await engine.loadOptions('n8n-nodes-lead-conversions.nexor', 'getConversionTypes');
	console.log(options);
	const result = await engine.runNode(
		{ type: 'n8n-nodes-lead-conversions.nexor', parameters: { resource: 'lead', operation: 'create', firstName: '={{ $json.name }}', email: 'x@example.com' } },
		[{ name: 'Jo' }],
	);
	console.log(JSON.stringify(result.items), result.error);
	console.log(await engine.testCredential('nexorApi', { apiKey: 'bad', baseUrl: sandbox.baseUrl('nexor') }));
	console.log(await engine.testCredential('nexorApi', { apiKey: SANDBOX_KEYS.nexor, baseUrl: sandbox.baseUrl('nexor') }));
	await sandbox.stop();
});
