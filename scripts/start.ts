/*
 * `npm start`: the sandbox of the three APIs, and a real n8n (pinned 2.x,
 * installed once into ~/.cache) with this package installed from its packed
 * tarball, the sandbox credentials and the example workflows imported, and
 * the owner account set up. Ctrl-C stops everything it started.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { PACKAGE_ROOT } from '../test/harness/engine';
import { N8nInstance, OWNER, packPackage } from '../test/runtime/n8nInstance';
import { chosenRuntime, ensureRuntime } from '../test/runtime/n8nRuntime';
import { exampleWorkflows, sandboxCredentialsForImport } from '../test/runtime/fixtures';
import { RD_SANDBOX_APP } from '../test/sandbox/rdstation';
import { SANDBOX_KEYS, startSandbox } from '../test/sandbox/server';

async function main() {
	const sandboxPort = Number(process.env.SANDBOX_PORT ?? 5680);
	const n8nPort = Number(process.env.N8N_PORT ?? 5678);
	const sandbox = await startSandbox({ port: sandboxPort });
	console.log(`Sandbox of the Nexor, Nateq and RD Station APIs: ${sandbox.url}`);

	const runtime = await ensureRuntime(chosenRuntime());
	const userFolder = path.join(PACKAGE_ROOT, '.n8n-runtime', `n8n-${runtime.version}`);
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

	console.log('Installing this package into n8n from its packed tarball…');
	await n8n.installPackage(await packPackage());
	console.log('Importing the sandbox credentials and the example workflows…');
	await n8n.importJson('credentials', sandboxCredentialsForImport(sandbox));
	for (const workflow of exampleWorkflows()) await n8n.importJson('workflow', { ...workflow, file: undefined });
	console.log(`Starting n8n ${runtime.version}…`);
	await n8n.start();
	await n8n.setupOwnerAndLogin();

	console.log('');
	console.log(`n8n ${runtime.version} is running with n8n-nodes-lead-conversions installed:`);
	console.log(`  Open      ${n8n.url}`);
	console.log(`  Log in    ${OWNER.email} / ${OWNER.password}`);
	console.log('  Workflows the five examples (Nexor lead, Nexor conversions, Nexor → RD Station, RD in batches with OAuth2, Nateq)');
	console.log(`  Sandbox   ${sandbox.url}  (keys: Nexor ${SANDBOX_KEYS.nexor}, Nateq ${SANDBOX_KEYS.nateq}, RD ${SANDBOX_KEYS.rdstation})`);
	console.log(`  RD OAuth2 "RD Station OAuth2 (sandbox)" is connected; to try "Connect my account", a new credential with`);
	console.log(`            Client ID ${RD_SANDBOX_APP.clientId}, Client Secret ${RD_SANDBOX_APP.clientSecret},`);
	console.log(`            Authorization URL ${sandbox.baseUrl('rdstation')}/auth/dialog, Access Token URL ${sandbox.baseUrl('rdstation')}/auth/token?token_by=code`);
	console.log('Press Ctrl-C to stop n8n and the sandbox.');
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
