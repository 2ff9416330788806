/*
 * How users of a Docker-based n8n (n8n 3.0's only way to self-host) get this
 * package: n8n installs what `N8N_COMMUNITY_PACKAGES` lists at start, when
 * `N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV=true`, from the npm registry. And
 * what `N8N_UNVERIFIED_PACKAGES_ENABLED=false` (3.0's default; this package
 * is not verified) does to that install, to a package already installed,
 * to the UI's install and to queue-mode workers.
 *
 * The package is not on npm yet: a stand-in registry on loopback serves our
 * packed tarball (test/runtime/localRegistry.ts). n8n without an Enterprise
 * licence installs only from https://registry.npmjs.org (first test), so
 * n8n's processes reach the stand-in as registry.npmjs.org itself through
 * HTTPS_PROXY, as a company proxy would be set; n8n and npm are unchanged.
 * Every n8n started here, the registry and the sandbox are stopped.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { LocalRegistry } from '../runtime/localRegistry';
import { startLocalRegistry } from '../runtime/localRegistry';
import { nexorCreateLeadNode, rowsWorkflow, sandboxCredentialsForImport } from '../runtime/fixtures';
import { freePort, N8nInstance, packPackage } from '../runtime/n8nInstance';
import type { RuntimeName } from '../runtime/n8nRuntime';
import { ensureRuntime, NEWEST } from '../runtime/n8nRuntime';
import { executionError } from '../runtime/queueScenario';
import type { Worker } from '../runtime/queueStack';
import { QueueStack } from '../runtime/queueStack';
import type { Sandbox } from '../sandbox/server';
import { startSandbox } from '../sandbox/server';
import { eventually } from './support';

jest.setTimeout(10 * 60_000);

const OLDER: RuntimeName = '2.30.0';
const WORKFLOW_ID = 'LcEnvInstalled01';

/** Manual Trigger → one row named `leadName` → our Nexor node creating that lead. */
const leadWorkflow = (leadName: string) =>
	rowsWorkflow({
		id: WORKFLOW_ID,
		name: 'Installed from N8N_COMMUNITY_PACKAGES: one Nexor lead',
		rows: [{ name: leadName }],
		node: nexorCreateLeadNode('nexor', [600, 0], {}),
	});

interface InstalledPackage {
	packageName: string;
	installedVersion: string;
	installedNodes: Array<{ type: string }>;
	failedLoading?: boolean;
}

let tarball: string;
let registry: LocalRegistry;
let sandbox: Sandbox;
const running: Array<{ stop(): Promise<void> }> = [];
const folders: string[] = [];

beforeAll(async () => {
	tarball = await packPackage();
	registry = await startLocalRegistry(tarball);
	sandbox = await startSandbox();
});

afterAll(async () => {
	for (const instance of running.reverse()) await instance.stop();
	await sandbox?.stop();
	await registry?.stop();
	for (const folder of [...folders, ...(tarball ? [path.dirname(tarball)] : [])]) rmSync(folder, { recursive: true, force: true });
});

/** `N8N_COMMUNITY_PACKAGES` naming our package at the registry's version (with a checksum when given). */
const packagesList = (checksum?: string) => JSON.stringify([{ name: registry.name, version: registry.version, ...(checksum ? { checksum } : {}) }]);

/** n8n with the sandbox credentials and the lead workflow imported; its package folder empty. */
async function freshInstance(runtimeName: RuntimeName, leadName: string): Promise<N8nInstance> {
	const runtime = await ensureRuntime(runtimeName);
	const folder = mkdtempSync(path.join(tmpdir(), `n8n-${runtime.version}-packages-`));
	folders.push(folder);
	const n8n = new N8nInstance(runtime, folder, await freePort(), {});
	running.push(n8n);
	await n8n.importJson('credentials', sandboxCredentialsForImport(sandbox));
	await n8n.importJson('workflow', leadWorkflow(leadName));
	return n8n;
}

/** Starts n8n with `env` (replacing the previous start's), keeping what it printed; returns that output. */
async function startWith(n8n: N8nInstance, env: NodeJS.ProcessEnv): Promise<string> {
	for (const key of Object.keys(n8n.extraEnv)) delete n8n.extraEnv[key];
	Object.assign(n8n.extraEnv, env);
	let output = '';
	try {
		await n8n.start((chunk) => (output += chunk));
	} finally {
		console.log(`n8n ${n8n.runtime.version} (${Object.keys(env).join(', ')}) printed:\n${output}`);
	}
	await n8n.setupOwnerAndLogin();
	return output;
}

const installedPackages = async (n8n: N8nInstance) => await n8n.rest<InstalledPackage[]>('GET', '/community-packages');

const leadsNamed = (name: string) => [...sandbox.stores.nexor.leads.values()].filter((lead) => lead.first_name === name).length;

/** Runs the workflow as the editor's "Execute workflow" does and waits for its end; returns the execution's id and status. */
async function runFromEditor(n8n: N8nInstance): Promise<{ id: string; status: string }> {
	const { executionId } = await n8n.rest<{ executionId?: string }>('POST', `/workflows/${WORKFLOW_ID}/run`, { triggerToStartFrom: { name: 'Start' } });
	if (!executionId) throw new Error('n8n started no execution');
	const id = String(executionId);
	const execution = await eventually(
		async () => await n8n.rest<{ status: string }>('GET', `/executions/${id}`),
		(found) => ['success', 'error', 'crashed', 'canceled'].includes(found.status),
		120_000,
	);
	return { id, status: execution.status };
}

/** The package's folder in a user folder, where n8n installs community packages. */
const packageFolder = (userFolder: string) => path.join(userFolder, '.n8n', 'nodes', 'node_modules', registry.name);

describe(`N8N_COMMUNITY_PACKAGES in n8n ${NEWEST}`, () => {
	test('another registry (N8N_COMMUNITY_PACKAGES_REGISTRY) needs an Enterprise licence: n8n starts without the package and logs why; nothing is asked of that registry', async () => {
		const n8n = await freshInstance(NEWEST, 'Env-registry');
		const before = registry.requests.length;
		const output = await startWith(n8n, {
			N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV: 'true',
			N8N_COMMUNITY_PACKAGES: packagesList(),
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_COMMUNITY_PACKAGES_REGISTRY: registry.url,
		});
		const refusal = output.match(/Failed to install community package '[^']+' from env: [^\n]*/)?.[0];
		console.info(`n8n ${NEWEST}, N8N_COMMUNITY_PACKAGES_REGISTRY=${registry.url}: ${refusal}`);
		expect(refusal).toBe(
			`Failed to install community package '${registry.name}@${registry.version}' from env: Your license does not allow for feat:communityNodes:customRegistry. ` +
				'To enable feat:communityNodes:customRegistry, please upgrade to a license that supports this feature.',
		);
		expect(await installedPackages(n8n)).toEqual([]);
		expect(registry.requests.length - before).toBe(0);
		await n8n.stop();
	});

	describe('from the npm registry (the stand-in, reached as registry.npmjs.org)', () => {
		let n8n: N8nInstance;
		const LEAD = 'Env-installed';

		test('N8N_UNVERIFIED_PACKAGES_ENABLED=true: n8n installs the package at start (the tarball fetched from the registry), lists it in Settings → Community nodes, and a workflow run from the editor creates a lead', async () => {
			n8n = await freshInstance(NEWEST, LEAD);
			const downloads = registry.downloads();
			await startWith(n8n, {
				...registry.publicRegistryEnv(),
				N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV: 'true',
				N8N_COMMUNITY_PACKAGES: packagesList(),
				N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			});
			expect(registry.downloads() - downloads).toBe(1);
			const [installed, ...others] = await installedPackages(n8n);
			expect(others).toEqual([]);
			expect(installed).toMatchObject({ packageName: registry.name, installedVersion: registry.version, failedLoading: false });
			expect(installed.installedNodes.map((node) => node.type)).toContain(`${registry.name}.nexor`);

			const run = await runFromEditor(n8n);
			expect(run.status).toBe('success');
			expect(leadsNamed(LEAD)).toBe(1);
			console.info(`n8n ${NEWEST}: installed ${registry.name}@${registry.version} from N8N_COMMUNITY_PACKAGES at start; execution ${run.id} created the lead`);
			await n8n.stop();
		});

		test("N8N_UNVERIFIED_PACKAGES_ENABLED=false (n8n 3.0's default), the same list without a checksum: n8n refuses to start, although the package is installed already", async () => {
			let failure = '';
			try {
				await startWith(n8n, {
					...registry.publicRegistryEnv(),
					N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV: 'true',
					N8N_COMMUNITY_PACKAGES: packagesList(),
					N8N_UNVERIFIED_PACKAGES_ENABLED: 'false',
				});
			} catch (error) {
				failure = String(error);
			}
			const reason = failure.match(/N8N_COMMUNITY_PACKAGES: [^\n]*/)?.[0];
			console.info(`n8n ${NEWEST}, unverified packages off, list without checksum: ${failure.split('\n')[0]} — ${reason}`);
			expect(failure).toMatch(/^Error: n8n exited with 1 while starting/);
			expect(reason).toBe(`N8N_COMMUNITY_PACKAGES: no checksum available for '${registry.name}@${registry.version}' and unverified packages are disabled`);
			// The package stays on disk; n8n never got to load it.
			expect(existsSync(packageFolder(n8n.userFolder))).toBe(true);
		});

		test('N8N_UNVERIFIED_PACKAGES_ENABLED=false, packages managed in the UI: the installed package still loads and runs; once uninstalled, installing it again in the UI is refused', async () => {
			await startWith(n8n, { ...registry.publicRegistryEnv(), N8N_UNVERIFIED_PACKAGES_ENABLED: 'false' });
			const settings = await n8n.rest<{ unverifiedCommunityNodesEnabled?: boolean }>('GET', '/settings');
			expect(settings.unverifiedCommunityNodesEnabled).toBe(false);
			expect((await installedPackages(n8n)).map((found) => [found.packageName, found.failedLoading])).toEqual([[registry.name, false]]);
			const run = await runFromEditor(n8n);
			expect(run.status).toBe('success');
			expect(leadsNamed(LEAD)).toBe(2);

			await n8n.rest('DELETE', `/community-packages?name=${registry.name}`);
			expect(await installedPackages(n8n)).toEqual([]);
			const downloads = registry.downloads();
			const refusal = await n8n.rest('POST', '/community-packages', { name: registry.name }).then(
				() => 'installed',
				(error: Error) => error.message,
			);
			console.info(`n8n ${NEWEST}, unverified packages off: an installed package runs (execution ${run.id}); the UI's install answers: ${refusal}`);
			expect(refusal).toMatch(/Installation of unverified community packages is forbidden!/);
			expect(registry.downloads() - downloads).toBe(0);
			expect(await installedPackages(n8n)).toEqual([]);
			await n8n.stop();
		});

		test("N8N_UNVERIFIED_PACKAGES_ENABLED=true, packages managed in the UI: Settings → Community nodes → Install fetches it from the registry and the workflow runs", async () => {
			await startWith(n8n, { ...registry.publicRegistryEnv(), N8N_UNVERIFIED_PACKAGES_ENABLED: 'true' });
			const downloads = registry.downloads();
			const installed = await n8n.rest<InstalledPackage>('POST', '/community-packages', { name: registry.name });
			expect(installed).toMatchObject({ packageName: registry.name, installedVersion: registry.version });
			expect(registry.downloads() - downloads).toBe(1);
			const run = await runFromEditor(n8n);
			expect(run.status).toBe('success');
			expect(leadsNamed(LEAD)).toBe(3);
			console.info(`n8n ${NEWEST}, unverified packages on: the UI's install fetched ${registry.name}@${installed.installedVersion}; execution ${run.id} created the lead`);
			await n8n.stop();
		});

		test('the package recorded in the database but gone from disk (a new container on the same database): the list does not reinstall it; N8N_REINSTALL_MISSING_PACKAGES=true does', async () => {
			const env = {
				...registry.publicRegistryEnv(),
				N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV: 'true',
				N8N_COMMUNITY_PACKAGES: packagesList(),
				N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			};
			rmSync(packageFolder(n8n.userFolder), { recursive: true, force: true });
			const downloads = registry.downloads();
			const output = await startWith(n8n, env);
			expect(output).toMatch(/n8n detected that some packages are missing/);
			expect((await installedPackages(n8n)).map((found) => [found.packageName, found.failedLoading])).toEqual([[registry.name, true]]);
			expect(registry.downloads() - downloads).toBe(0);
			await n8n.stop();

			await startWith(n8n, { ...env, N8N_REINSTALL_MISSING_PACKAGES: 'true' });
			expect(registry.downloads() - downloads).toBe(1);
			expect((await installedPackages(n8n)).map((found) => [found.packageName, found.failedLoading])).toEqual([[registry.name, false]]);
			const run = await runFromEditor(n8n);
			expect(run.status).toBe('success');
			expect(leadsNamed(LEAD)).toBe(4);
			console.info(`n8n ${NEWEST}, the package's files gone, its record kept: N8N_COMMUNITY_PACKAGES left it missing; N8N_REINSTALL_MISSING_PACKAGES=true reinstalled it (execution ${run.id})`);
			await n8n.stop();
		});
	});

	test("N8N_UNVERIFIED_PACKAGES_ENABLED=false with the tarball's checksum pinned in the list: n8n checks it against the registry, installs the package, and the workflow runs", async () => {
		const LEAD = 'Env-checksum';
		const n8n = await freshInstance(NEWEST, LEAD);
		const downloads = registry.downloads();
		await startWith(n8n, {
			...registry.publicRegistryEnv(),
			N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV: 'true',
			N8N_COMMUNITY_PACKAGES: packagesList(registry.integrity),
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'false',
		});
		expect(registry.downloads() - downloads).toBe(1);
		expect((await installedPackages(n8n)).map((found) => [found.packageName, found.installedVersion, found.failedLoading])).toEqual([
			[registry.name, registry.version, false],
		]);
		const run = await runFromEditor(n8n);
		expect(run.status).toBe('success');
		expect(leadsNamed(LEAD)).toBe(1);
		console.info(`n8n ${NEWEST}, unverified packages off, checksum ${registry.integrity.slice(0, 20)}… pinned: installed; execution ${run.id} created the lead`);
		await n8n.stop();
	});

	test("a checksum that is not the tarball's: n8n starts without the package and logs a failed check; the tarball is never fetched", async () => {
		const n8n = await freshInstance(NEWEST, 'Env-wrong-checksum');
		const downloads = registry.downloads();
		const wrong = `sha512-${Buffer.alloc(64, 7).toString('base64')}`;
		const output = await startWith(n8n, {
			...registry.publicRegistryEnv(),
			N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV: 'true',
			N8N_COMMUNITY_PACKAGES: packagesList(wrong),
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'false',
		});
		const refusal = output.match(/Failed to install community package '[^']+' from env: [^\n]*/)?.[0];
		console.info(`n8n ${NEWEST}, a wrong checksum: ${refusal}`);
		// n8n compares the registry's `dist.integrity` with it, then again through `npm view`, and reports the mismatch as a failed check.
		expect(refusal).toBe(
			`Failed to install community package '${registry.name}@${registry.version}' from env: Failed to verify package checksum. Try restarting n8n and attempting the installation again.`,
		);
		expect(await installedPackages(n8n)).toEqual([]);
		expect(registry.downloads() - downloads).toBe(0);
		await n8n.stop();
	});

	test("the package put into the user folder's .n8n/nodes by npm (what a custom image would do), unverified packages off: n8n loads it and the workflow runs; Settings → Community nodes does not list it", async () => {
		const LEAD = 'Env-by-hand';
		const n8n = await freshInstance(NEWEST, LEAD);
		// `npm install <tarball>` in <user folder>/.n8n/nodes, without dev, peer and optional dependencies.
		await n8n.installPackage(tarball);
		await startWith(n8n, { N8N_UNVERIFIED_PACKAGES_ENABLED: 'false' });
		expect(await installedPackages(n8n)).toEqual([]);
		const run = await runFromEditor(n8n);
		expect(run.status).toBe('success');
		expect(leadsNamed(LEAD)).toBe(1);
		console.info(`n8n ${NEWEST}, unverified packages off, the package put into .n8n/nodes by npm: not listed in Settings; execution ${run.id} created the lead`);
		await n8n.stop();
	});
});

describe(`N8N_COMMUNITY_PACKAGES in n8n ${OLDER}`, () => {
	test('N8N_UNVERIFIED_PACKAGES_ENABLED=true: n8n installs the package at start and a workflow run from the editor creates a lead', async () => {
		const LEAD = 'Env-installed-2.30';
		const n8n = await freshInstance(OLDER, LEAD);
		await startWith(n8n, {
			...registry.publicRegistryEnv(),
			N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV: 'true',
			N8N_COMMUNITY_PACKAGES: packagesList(),
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		});
		// 2.30 lists no `failedLoading`.
		const [installed, ...others] = await installedPackages(n8n);
		expect(others).toEqual([]);
		expect(installed).toMatchObject({ packageName: registry.name, installedVersion: registry.version });
		expect(installed.installedNodes.map((node) => node.type)).toContain(`${registry.name}.nexor`);
		const run = await runFromEditor(n8n);
		expect(run.status).toBe('success');
		expect(leadsNamed(LEAD)).toBe(1);
		console.info(`n8n ${OLDER}: installed from N8N_COMMUNITY_PACKAGES at start; execution ${run.id} created the lead`);
		await n8n.stop();
	});
});

/*
 * Queue mode: n8n reads N8N_COMMUNITY_PACKAGES only in the main process
 * (`n8n start` runs its instance-settings loader when the instance type is
 * `main`; `n8n worker` never does). A worker that starts later finds the
 * package recorded in the shared database but missing from its own folder:
 * with N8N_REINSTALL_MISSING_PACKAGES=true it installs it from the registry,
 * under the same verification rule as any install.
 */
describe(`Queue mode (n8n ${NEWEST}): how a worker gets the package`, () => {
	let stack: QueueStack;
	const LEAD = 'Env-queue';

	const startWorker = async (env: NodeJS.ProcessEnv): Promise<Worker> => {
		Object.assign(stack.env, env);
		const worker = await stack.startWorker(1, 2);
		console.log(`worker (${Object.entries(env).map(([key, value]) => `${key}=${value}`).join(' ')}) printed:\n${worker.output}`);
		return worker;
	};
	const stopWorker = async (worker: Worker) => {
		const exited = new Promise((resolve) => worker.process.once('exit', resolve));
		worker.process.kill('SIGTERM');
		await exited;
	};

	beforeAll(async () => {
		const runtime = await ensureRuntime(NEWEST);
		const dataDir = mkdtempSync(path.join(tmpdir(), 'lead-conversions-queue-packages-'));
		folders.push(dataDir);
		// QueueStack installs the tarball into every user folder; here n8n installs it, so those copies go.
		stack = await QueueStack.create(runtime, dataDir, tarball, { workers: 1 });
		running.push(stack);
		for (const folder of [stack.main.userFolder, path.join(dataDir, 'worker-1')]) rmSync(path.join(folder, '.n8n', 'nodes'), { recursive: true, force: true });
		await stack.main.importJson('credentials', sandboxCredentialsForImport(sandbox));
		await stack.main.importJson('workflow', leadWorkflow(LEAD));
		// The main: 3.0's default (unverified packages off), the package pinned by checksum.
		Object.assign(stack.env, registry.publicRegistryEnv(), {
			N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV: 'true',
			N8N_COMMUNITY_PACKAGES: packagesList(registry.integrity),
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'false',
		});
		let output = '';
		await stack.main.start((chunk) => (output += chunk)).finally(() => console.log(`queue main printed:\n${output}`));
		await stack.main.setupOwnerAndLogin();
		expect((await installedPackages(stack.main)).map((found) => found.packageName)).toEqual([registry.name]);
	});

	test('a worker with the same environment (N8N_COMMUNITY_PACKAGES, unverified packages off) and N8N_REINSTALL_MISSING_PACKAGES=true: it does not read the list, its reinstall is refused, and a manual execution it runs fails on the unknown node', async () => {
		const worker = await startWorker({ N8N_REINSTALL_MISSING_PACKAGES: 'true' });
		expect(worker.output).not.toMatch(/reconciling installed community packages/);
		const refusal = worker.output.match(/Failed to reinstall community package [^\n]*/)?.[0];
		expect(refusal).toBe(`Failed to reinstall community package ${registry.name}: Installation of unverified community packages is forbidden!`);
		expect(existsSync(packageFolder(path.join(stack.dataDir, 'worker-1')))).toBe(false);

		const run = await runFromEditor(stack.main);
		const error = await executionError(stack, run.id);
		console.info(`queue mode, worker with unverified packages off: "${refusal}"; manual execution ${run.id} on it: ${run.status} — ${error}`);
		expect(run.status).toBe('error');
		expect(error).toMatch(new RegExp(`Unrecognized node type: ${registry.name}\\.nexor`));
		expect(leadsNamed(LEAD)).toBe(0);
		await stopWorker(worker);
	});

	test('the worker again with N8N_UNVERIFIED_PACKAGES_ENABLED=true and N8N_REINSTALL_MISSING_PACKAGES=true: it installs the package from the registry at start and runs the manual execution that creates the lead', async () => {
		const downloads = registry.downloads();
		const worker = await startWorker({ N8N_REINSTALL_MISSING_PACKAGES: 'true', N8N_UNVERIFIED_PACKAGES_ENABLED: 'true' });
		expect(worker.output).toMatch(new RegExp(`Community package installed: ${registry.name}`));
		expect(registry.downloads() - downloads).toBe(1);
		expect(existsSync(packageFolder(path.join(stack.dataDir, 'worker-1')))).toBe(true);

		const before = worker.output.length;
		const run = await runFromEditor(stack.main);
		expect(run.status).toBe('success');
		expect(worker.output.slice(before)).toMatch(new RegExp(`Worker (started|finished) execution ${run.id}\\b`));
		expect(leadsNamed(LEAD)).toBe(1);
		console.info(`queue mode, worker with N8N_REINSTALL_MISSING_PACKAGES=true and unverified packages on: installed at start; manual execution ${run.id} ran on it and created the lead`);
	});
});
