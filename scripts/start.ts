/*
 * `npm start`: the sandbox of the three APIs, and a real n8n (the newest
 * runtime of the matrix unless N8N_VERSION names another, installed once
 * into ~/.cache) with the all-in-one package (or the one N8N_PACKAGE names)
 * installed from its packed tarball, its sandbox credentials and example
 * workflows imported, and the owner account set up. One line per phase on the console; everything n8n and npm
 * print goes to .n8n-runtime/start.log, whose path is shown on failure.
 * Ctrl-C stops everything it started.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { ALL_IN_ONE, packageNamed, publishedPackages } from './packages';
import { PACKAGE_ROOT } from '../test/harness/engine';
import { N8nInstance, OWNER, packPackage } from '../test/runtime/n8nInstance';
import { chosenRuntime, ensureRuntime, progressLine, RUNTIME_NAMES } from '../test/runtime/n8nRuntime';
import { exampleWorkflows, sandboxCredentialsForImport } from '../test/runtime/fixtures';
import { RD_SANDBOX_APP } from '../test/sandbox/rdstation';
import { SANDBOX_KEYS, startSandbox } from '../test/sandbox/server';

const LOG_FILE = path.join(PACKAGE_ROOT, '.n8n-runtime', 'start.log');

/** Runs one phase: its label, then "done" with the time it took on the same line (or the failure and the log's path). */
async function phase<T>(label: string, work: () => Promise<T>): Promise<T> {
	const line = progressLine();
	const started = Date.now();
	line.update(`${label}…`);
	try {
		const result = await work();
		line.done(`${label}… done (${((Date.now() - started) / 1000).toFixed(1)} s)`);
		return result;
	} catch (error) {
		line.done(`${label}… failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
		appendFileSync(LOG_FILE, `\n${label} failed:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		throw error;
	}
}

async function main() {
	mkdirSync(path.dirname(LOG_FILE), { recursive: true });
	writeFileSync(LOG_FILE, `npm start, ${new Date().toISOString()}\n`);
	const log = (text: string) => appendFileSync(LOG_FILE, text);
	const sandboxPort = Number(process.env.SANDBOX_PORT ?? 5680);
	const n8nPort = Number(process.env.N8N_PORT ?? 5678);
	const runtimeName = chosenRuntime();
	// `N8N_PACKAGE=n8n-nodes-nexor npm start`: a service package instead of the all-in-one.
	const pkg = packageNamed(process.env.N8N_PACKAGE ?? ALL_IN_ONE);

	const sandbox = await phase(`Starting the sandbox of the Nexor, Nateq and RD Station APIs on port ${sandboxPort}`, async () => await startSandbox({ port: sandboxPort }));
	// The installer prints its own progress line (packages, MB, elapsed); npm's log goes to a file it names.
	const runtime = await ensureRuntime(runtimeName, (line) => console.log(line));
	// One user folder per package: a service package's node types are not the all-in-one's.
	const userFolder = path.join(PACKAGE_ROOT, '.n8n-runtime', pkg.allInOne ? `n8n-${runtime.version}` : `n8n-${runtime.version}-${pkg.json.name}`);
	mkdirSync(userFolder, { recursive: true });
	const n8n = new N8nInstance(runtime, userFolder, n8nPort);

	let stopping = false;
	const stop = async (code = 0) => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n and the sandbox…');
		await n8n.stop();
		await sandbox.stop();
		process.exit(code);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());

	await phase(`Installing ${pkg.json.name} into n8n from its packed tarball`, async () => await n8n.installPackage(await packPackage(undefined, pkg.dir)));
	const examples = exampleWorkflows(pkg);
	await phase(`Importing the sandbox credentials and the ${examples.length} example workflows`, async () => {
		await n8n.importJson('credentials', sandboxCredentialsForImport(sandbox, pkg));
		await n8n.importJson('workflow', examples.map((workflow) => ({ ...workflow, file: undefined })));
	});
	await phase(`Starting n8n ${runtime.version} on port ${n8nPort}`, async () => {
		await n8n.start(log);
		await n8n.setupOwnerAndLogin();
	});

	console.log('');
	console.log(`n8n ${runtime.version} is running with ${pkg.json.name} installed (N8N_VERSION=${RUNTIME_NAMES.join('|')} and N8N_PACKAGE=${publishedPackages().map((entry) => entry.json.name).join('|')} choose):`);
	console.log(`  Open      ${n8n.url}`);
	console.log(`  Log in    ${OWNER.email} / ${OWNER.password}`);
	// One short line (the names are in the README's "Example" and in n8n's list).
	console.log(`  Workflows ${examples.length} examples imported`);
	console.log(`  Sandbox   ${sandbox.url}  (keys: Nexor ${SANDBOX_KEYS.nexor}, Nateq ${SANDBOX_KEYS.nateq}, RD ${SANDBOX_KEYS.rdstation})`);
	// Only what the installed package uses: its credentials, and the stand-in model where an example needs it.
	const credentialTypes = sandboxCredentialsForImport(sandbox, pkg).map((credential) => credential.type);
	if (examples.some((workflow) => workflow.nodes.some((node) => node.type.startsWith('@n8n/n8n-nodes-langchain.')))) {
		console.log(`  AI model  "OpenAI (sandbox)" is a scripted stand-in at ${sandbox.baseUrl('openai')} (the AI Agent example; offline)`);
	}
	if (credentialTypes.includes('rdStationMarketingOAuth2Api')) {
		console.log(`  RD OAuth2 "RD Station OAuth2 (sandbox)" is connected; to try "Connect my account", a new credential with`);
		console.log(`            Client ID ${RD_SANDBOX_APP.clientId}, Client Secret ${RD_SANDBOX_APP.clientSecret},`);
		console.log(`            Authorization URL ${sandbox.baseUrl('rdstation')}/auth/dialog, Access Token URL ${sandbox.baseUrl('rdstation')}/auth/token?token_by=code`);
	}
	console.log(`  Log       ${LOG_FILE} (n8n's own output)`);
	console.log('Press Ctrl-C to stop n8n and the sandbox.');
}

main().catch((error) => {
	console.error(`\nnpm start failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
	console.error(`The whole log: ${LOG_FILE}`);
	process.exit(1);
});
