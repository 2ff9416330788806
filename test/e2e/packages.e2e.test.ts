/*
 * The service packages in real n8n 2.41.1, each installed from its own tarball the way
 * "Settings → Community Nodes → Install" does: its nodes load under its own name, its example
 * workflows run against the sandbox with n8n's CLI, its credential Test answers over n8n's REST
 * API. The three go into one n8n (they share no node or credential type, so none can lean on
 * another); the all-in-one and n8n-nodes-nexor go into another, side by side.
 */
import type { IDataObject } from 'n8n-workflow';

import type { PublishedPackage } from '../../scripts/packages';
import { ALL_IN_ONE, nodeNamesOf, packageNamed, publishedPackages } from '../../scripts/packages';
import { NATEQ_LEADS } from '../sandbox/nateq';
import type { Sandbox } from '../sandbox/server';
import { SANDBOX_KEYS, startSandbox } from '../sandbox/server';
import { CREDENTIAL_IDS, exampleWorkflows, sandboxCredentialsForImport } from '../runtime/fixtures';
import { freePort, installedNodeType, N8nInstance, packPackage } from '../runtime/n8nInstance';
import { ensureRuntime, NEWEST } from '../runtime/n8nRuntime';
import type { RunData } from './support';
import { runDataOf } from './support';

jest.setTimeout(20 * 60_000);

const outputOf = (runData: RunData, node: string) => (runData[node]?.[0]?.data?.main[0] ?? []).map((item) => item.json);

/** What each example must produce, whichever package runs it (the node names are the example's). */
const EXPECTED: Record<string, (runData: RunData, sandbox: Sandbox) => void> = {
	'nexor-lead-from-form.json': (runData) => {
		expect(outputOf(runData, 'Nexor: create lead')[0].lead).toMatchObject({ first_name: 'Tony', email: 'tony@example.com', metadata: { age: 35 } });
	},
	'nexor-leads-in-batches.json': (runData) => {
		const output = outputOf(runData, 'Nexor: create leads in batches');
		expect(output.map((item) => (item.lead as IDataObject | undefined)?.first_name ?? item.error)).toEqual([
			'Marta',
			'Nicolás',
			'Email: expected an email address such as jane@example.com, got "olga.diaz(at)example.com" [item 2]',
			'Pablo',
			'Rita',
		]);
	},
	'nexor-calendar-event-to-meeting.json': (runData) => {
		expect(outputOf(runData, 'Nexor: create or update meeting')[0]).toMatchObject({ title: 'Discovery call with Ana', isNew: expect.any(Boolean) });
	},
	'nexor-conversions-from-sheet.json': (runData) => {
		const output = outputOf(runData, 'Nexor: record conversion');
		expect(output.map((item) => item.error ?? item.amount)).toEqual([85000, 120000, 'Amount: expected a number, got "about 90k" [item 2]']);
	},
	'nateq-convert-leads.json': (runData) => {
		const output = outputOf(runData, 'Nateq: convert to contact');
		expect(output.map((item) => item.externalId ?? item.code)).toEqual([NATEQ_LEADS.diego, NATEQ_LEADS.elena, 'LEAD_ALREADY_CONVERTED']);
	},
	'ai-agent-nexor-lead.json': (runData) => {
		// The sandbox's scripted model calls the Nexor tool once and repeats its answer.
		expect(String(outputOf(runData, 'AI Agent')[0].output)).toMatch(/^Done\. The tool answered: \[\{"lead":\{"id":"/);
	},
	'rdstation-oauth-batches.json': (runData, sandbox) => {
		const output = outputOf(runData, 'RD Station: conversions in batches');
		expect(output.map((item) => [item.email, typeof item.event_uuid])).toEqual([
			['carla@example.com', 'string'],
			['diego@example.com', 'string'],
			['elena@example.com', 'string'],
		]);
		expect(sandbox.requests('rdstation', 'POST', '/platform/events/batch').length).toBeGreaterThanOrEqual(1);
	},
};

/** The API-key credentials' Test, as the editor sends it: OK for the sandbox key, "Invalid API key" for another. */
const API_KEY_CREDENTIALS = [
	['nexorApi', 'nxr_live_wrong', 'nexor'],
	['nateqApi', 'tg_test_wrong', 'nateq'],
	['rdStationMarketingApiKeyApi', 'rd-wrong', 'rdstation'],
] as const;

async function executeExamples(n8n: N8nInstance, pkg: PublishedPackage, rename = (id: string) => id) {
	const runs: Record<string, RunData> = {};
	for (const workflow of exampleWorkflows(pkg)) {
		const id = rename(workflow.id);
		await n8n.importJson('workflow', { ...workflow, id, file: undefined });
		const result = await n8n.cli(['execute', `--id=${id}`, '--rawOutput']);
		if (!/^\{/m.test(result.stdout)) throw new Error(`n8n execute ${pkg.json.name}/${workflow.file} printed no run (${result.code}): ${result.stderr}\n${result.stdout}`);
		runs[workflow.file] = runDataOf(result.stdout);
	}
	return runs;
}

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
});

describe(`the all-in-one and n8n-nodes-nexor side by side in real n8n ${NEWEST}`, () => {
	let sandbox: Sandbox;
	let n8n: N8nInstance;
	let log = '';
	const nexor = packageNamed('n8n-nodes-nexor');
	const allInOne = packageNamed(ALL_IN_ONE);
	let runs: { allInOne: Record<string, RunData>; nexor: Record<string, RunData> };

	beforeAll(async () => {
		const runtime = await ensureRuntime(NEWEST);
		sandbox = await startSandbox();
		n8n = N8nInstance.temporary(runtime, await freePort());
		await n8n.installPackage(await packPackage(undefined, allInOne.dir));
		await n8n.installPackage(await packPackage(undefined, nexor.dir));
		// One set of credentials serves both: the types are the same.
		await n8n.importJson('credentials', sandboxCredentialsForImport(sandbox));
		runs = {
			allInOne: await executeExamples(n8n, allInOne),
			// The same examples under other IDs, so that both kinds stay in n8n's list.
			nexor: await executeExamples(n8n, nexor, (id) => `${id.slice(0, 12)}Nx01`),
		};
		await n8n.start((text) => (log += text));
		await n8n.setupOwnerAndLogin();
	});

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.stop();
	});

	test('both load, each node type under each package’s name, with no loading error', async () => {
		const nodes = (await n8n.request<Array<{ name: string }>>('GET', '/types/nodes.json')).map((entry) => entry.name);
		for (const node of nodeNamesOf(nexor)) {
			expect(nodes).toContain(installedNodeType(node, ALL_IN_ONE));
			expect(nodes).toContain(installedNodeType(node, nexor.json.name));
		}
		const credentials = (await n8n.request<Array<{ name: string }>>('GET', '/types/credentials.json')).map((entry) => entry.name);
		expect(credentials.filter((name) => name === 'nexorApi').length).toBeGreaterThanOrEqual(1);
		expect(log).not.toMatch(/already loaded|could not be found|Failed to load/i);
	});

	test('the Nexor examples run with both packages’ nodes, on the same credential', () => {
		for (const file of exampleWorkflows(nexor).map((workflow) => workflow.file)) {
			EXPECTED[file](runs.allInOne[file], sandbox);
			EXPECTED[file](runs.nexor[file], sandbox);
		}
	});

	test('the credential Test answers the same through either package', async () => {
		const test = async (apiKey: string) =>
			await n8n.rest<{ status: string; message: string }>('POST', '/credentials/test', {
				credentials: { id: CREDENTIAL_IDS.nexorApi, name: 'nexorApi test', type: 'nexorApi', data: { apiKey, baseUrl: sandbox.baseUrl('nexor') } },
			});
		expect(await test(SANDBOX_KEYS.nexor)).toMatchObject({ status: 'OK' });
		expect(await test('nxr_live_wrong')).toMatchObject({ status: 'Error', message: expect.stringMatching(/^Invalid API key/) });
	});
});
