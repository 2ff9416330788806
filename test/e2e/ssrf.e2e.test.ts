/*
 * n8n's own outbound protection, in the newest runtime: with
 * N8N_SSRF_PROTECTION_ENABLED=true n8n refuses loopback and private
 * addresses by default (n8n 3.0 turns a wider list on for many
 * deployments). A Base URL n8n blocks fails every item before anything is
 * sent, saying that n8n blocked it and which setting allows it — never
 * "possibly created" — and the credential's Test says it too. Allowing the
 * address (N8N_SSRF_ALLOWED_IP_RANGES) lets the same workflow through.
 */
import type { IDataObject } from 'n8n-workflow';

import { freePort, installedNodeType, N8nInstance, packPackage } from '../runtime/n8nInstance';
import { ensureRuntime, NEWEST } from '../runtime/n8nRuntime';
import { CREDENTIAL_IDS, rowsWorkflow, sandboxCredentialsForImport } from '../runtime/fixtures';
import type { Sandbox } from '../sandbox/server';
import { startSandbox } from '../sandbox/server';
import { runDataOf } from './support';

jest.setTimeout(15 * 60_000);

const WORKFLOW_ID = 'LcSsrfBlocked001';
const workflow = rowsWorkflow({
	id: WORKFLOW_ID,
	name: 'SSRF: three leads to a blocked Base URL',
	rows: [0, 1, 2].map((index) => ({ name: `Ssrf-${index}` })),
	node: {
		id: 'nexor',
		name: 'Nexor',
		type: installedNodeType('nexor'),
		typeVersion: 1,
		onError: 'continueRegularOutput',
		credentials: { nexorApi: { id: CREDENTIAL_IDS.nexorApi, name: 'Nexor (sandbox)' } },
		parameters: { resource: 'lead', operation: 'create', firstName: '={{ $json.name }}' },
	},
});

describe(`n8n's SSRF protection (n8n ${NEWEST})`, () => {
	let sandbox: Sandbox;
	let tarball: string;
	const instances: N8nInstance[] = [];

	beforeAll(async () => {
		tarball = await packPackage();
		sandbox = await startSandbox();
	});
	afterAll(async () => {
		for (const instance of instances) await instance.stop();
		await sandbox?.stop();
	});

	const instanceWith = async (env: NodeJS.ProcessEnv) => {
		const runtime = await ensureRuntime(NEWEST);
		const n8n = N8nInstance.temporary(runtime, await freePort());
		Object.assign(n8n.extraEnv, env);
		instances.push(n8n);
		await n8n.installPackage(tarball);
		await n8n.importJson('credentials', sandboxCredentialsForImport(sandbox));
		await n8n.importJson('workflow', workflow);
		return n8n;
	};
	const nexorOutput = (stdout: string) => (runDataOf(stdout).Nexor?.[0]?.data?.main[0] ?? []).map((item) => item.json as IDataObject);
	const sentToSandbox = () => sandbox.arrivals.filter((entry) => entry.provider === 'nexor' && String((entry.body as IDataObject)?.first_name).startsWith('Ssrf-')).length;

	test('a Base URL n8n blocks: every item says n8n blocked it and which setting allows it; 0 requests reach the sandbox; the Test says so', async () => {
		const n8n = await instanceWith({ N8N_SSRF_PROTECTION_ENABLED: 'true' });
		const before = sentToSandbox();
		const result = await n8n.cli(['execute', `--id=${WORKFLOW_ID}`, '--rawOutput']);
		const items = nexorOutput(result.stdout);
		console.info(`SSRF protection on (n8n ${NEWEST}): ${items.length} items, first says: ${String(items[0]?.error)} — ${String(items[0]?.description)}`);
		expect(items).toHaveLength(3);
		for (const item of items) {
			expect(item.error).toMatch(/^n8n blocked the request to Nexor \(127\.0\.0\.1:\d+\): its SSRF protection does not allow this address, so nothing was sent\.$/);
			expect(item.description).toMatch(/N8N_SSRF_ALLOWED_IP_RANGES=127\.0\.0\.1\/32/);
			expect(item.notSent).toBe(true);
			expect(item.possiblyCreated).toBeUndefined();
		}
		expect(sentToSandbox() - before).toBe(0);

		await n8n.start();
		await n8n.setupOwnerAndLogin();
		const test = await n8n.rest<{ status: string; message: string }>('POST', '/credentials/test', {
			credentials: { id: CREDENTIAL_IDS.nexorApi, name: 'Nexor (sandbox)', type: 'nexorApi', data: sandboxCredentialsForImport(sandbox)[0].data },
		});
		console.info(`SSRF protection on: the Nexor credential's Test says: ${test.message}`);
		expect(test.status).toBe('Error');
		expect(test.message).toMatch(/blocked/i);
		expect(sentToSandbox() - before).toBe(0);
		await n8n.stop();
	});

	test('the same with the sandbox allowed (N8N_SSRF_ALLOWED_IP_RANGES): the leads are created', async () => {
		const n8n = await instanceWith({ N8N_SSRF_PROTECTION_ENABLED: 'true', N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32' });
		const before = sentToSandbox();
		const result = await n8n.cli(['execute', `--id=${WORKFLOW_ID}`, '--rawOutput']);
		const items = nexorOutput(result.stdout);
		expect(items.map((item) => (item.lead as IDataObject | undefined)?.first_name)).toEqual(['Ssrf-0', 'Ssrf-1', 'Ssrf-2']);
		expect(sentToSandbox() - before).toBe(3);
	});
});
