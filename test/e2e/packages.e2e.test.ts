/*
 * The service packages in real n8n 2.41.1, each installed from its own tarball the way
 * "Settings → Community Nodes → Install" does: its nodes load under its own name, its example
 * workflows run against the sandbox with n8n's CLI, its credential Test answers over n8n's REST
 * API. The three go into one n8n (they share no node or credential type, so none can lean on
 * another); then the all-in-one joins them, and n8n starts again: both kinds side by side.
 */
import { ALL_IN_ONE, nodeNamesOf, packageNamed, publishedPackages } from '../../scripts/packages';
import type { Sandbox } from '../sandbox/server';
import { SANDBOX_KEYS, startSandbox } from '../sandbox/server';
import { CREDENTIAL_IDS, exampleWorkflows, sandboxCredentialsForImport } from '../runtime/fixtures';
import { freePort, installedNodeType, N8nInstance, packPackage } from '../runtime/n8nInstance';
import { ensureRuntime, NEWEST } from '../runtime/n8nRuntime';
import { executeExamples, EXPECTED } from './exampleChecks';
import type { RunData } from './support';

jest.setTimeout(20 * 60_000);

/** The API-key credentials' Test, as the editor sends it: OK for the sandbox key, "Invalid API key" for another. */
const API_KEY_CREDENTIALS = [
	['nexorApi', 'nxr_live_wrong', 'nexor'],
	['nateqApi', 'tg_test_wrong', 'nateq'],
	['rdStationMarketingApiKeyApi', 'rd-wrong', 'rdstation'],
] as const;


const services = publishedPackages().filter((pkg) => !pkg.allInOne);

describe(`the service packages in real n8n ${NEWEST}, each from its own tarball`, () => {
	let sandbox: Sandbox;
	let n8n: N8nInstance;
	const runs: Record<string, Record<string, RunData>> = {};

	beforeAll(async () => {
		const runtime = await ensureRuntime(NEWEST);
		sandbox = await startSandbox();
		n8n = N8nInstance.temporary(runtime, await freePort());
		for (const pkg of services) {
			await n8n.installPackage(await packPackage(undefined, pkg.dir));
			await n8n.importJson('credentials', sandboxCredentialsForImport(sandbox, pkg));
		}
		for (const pkg of services) runs[pkg.json.name] = await executeExamples(n8n, pkg);
		await n8n.start();
		await n8n.setupOwnerAndLogin();
	});

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.stop();
	});

	test.each(services.map((pkg) => [pkg.json.name, pkg] as const))('%s: its nodes load under its own name, none of the all-in-one’s', async (name, pkg) => {
		const nodes = (await n8n.request<Array<{ name: string }>>('GET', '/types/nodes.json')).map((entry) => entry.name);
		for (const node of nodeNamesOf(pkg)) {
			expect(nodes).toContain(installedNodeType(node, name));
			expect(nodes).not.toContain(installedNodeType(node, ALL_IN_ONE));
		}
		const credentials = (await n8n.request<Array<{ name: string }>>('GET', '/types/credentials.json')).map((entry) => entry.name);
		for (const file of pkg.json.n8n.credentials) expect(credentials).toContain(file.replace(/^.*\/(\w)(\w*)\.credentials\.js$/, (_, first: string, rest: string) => first.toLowerCase() + rest));
	});

	test.each(services.flatMap((pkg) => exampleWorkflows(pkg).map((workflow) => [pkg.json.name, workflow.file] as const)))(
		'%s: example %s runs against the sandbox',
		(name, file) => {
			EXPECTED[file](runs[name][file], sandbox);
		},
	);

	test.each(API_KEY_CREDENTIALS)('credential Test of %s (its package’s): OK for the sandbox key, "Invalid API key" for another', async (type, wrongKey, provider) => {
		const test = async (apiKey: string) =>
			await n8n.rest<{ status: string; message: string }>('POST', '/credentials/test', {
				credentials: { id: CREDENTIAL_IDS[type], name: `${type} test`, type, data: { apiKey, baseUrl: sandbox.baseUrl(provider) } },
			});
		expect(await test(SANDBOX_KEYS[provider])).toMatchObject({ status: 'OK' });
		expect(await test(wrongKey)).toMatchObject({ status: 'Error', message: expect.stringMatching(/^Invalid API key/) });
	});

	describe('then the all-in-one beside them (n8n started again with both kinds installed)', () => {
		const nexor = packageNamed('n8n-nodes-nexor');
		let log = '';
		let beside: Record<string, RunData>;

		beforeAll(async () => {
			await n8n.stop();
			await n8n.installPackage(await packPackage(undefined, packageNamed(ALL_IN_ONE).dir));
			// The all-in-one's Nexor examples, under other IDs: the same workflows with its node types, on the same credential.
			const nexorFiles = exampleWorkflows(nexor).map((workflow) => workflow.file);
			beside = await executeExamples(n8n, packageNamed(ALL_IN_ONE), (id) => `${id.slice(0, 12)}Al01`, (file) => nexorFiles.includes(file));
			await n8n.start((text) => (log += text));
			await n8n.setupOwnerAndLogin();
		});

		test('both load, each node type under each package’s name, with no loading error', async () => {
			const nodes = (await n8n.request<Array<{ name: string }>>('GET', '/types/nodes.json')).map((entry) => entry.name);
			for (const node of nodeNamesOf(nexor)) {
				expect(nodes).toContain(installedNodeType(node, ALL_IN_ONE));
				expect(nodes).toContain(installedNodeType(node, nexor.json.name));
			}
			expect(log).not.toMatch(/already loaded|could not be found|Failed to load/i);
		});

		test('the Nexor examples run with both packages’ nodes, on the same credential', () => {
			for (const file of exampleWorkflows(nexor).map((workflow) => workflow.file)) {
				EXPECTED[file](runs[nexor.json.name][file], sandbox);
				EXPECTED[file](beside[file], sandbox);
			}
		});

		test('the credential Test answers the same with both kinds installed', async () => {
			const test = async (apiKey: string) =>
				await n8n.rest<{ status: string; message: string }>('POST', '/credentials/test', {
					credentials: { id: CREDENTIAL_IDS.nexorApi, name: 'nexorApi test', type: 'nexorApi', data: { apiKey, baseUrl: sandbox.baseUrl('nexor') } },
				});
			expect(await test(SANDBOX_KEYS.nexor)).toMatchObject({ status: 'OK' });
			expect(await test('nxr_live_wrong')).toMatchObject({ status: 'Error', message: expect.stringMatching(/^Invalid API key/) });
		});
	});
});
