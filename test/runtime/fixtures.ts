import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { PublishedPackage } from '../../scripts/packages';
import { PACKAGE_NAME, PACKAGE_ROOT } from '../harness/engine';
import type { Sandbox } from '../sandbox/server';
import { NEXOR_WEBHOOK_FIXTURE_SECRET } from '../sandbox/nexor';
import { SANDBOX_KEYS } from '../sandbox/server';

/** The IDs the example workflows reference their credentials by. */
export const CREDENTIAL_IDS = {
	nexorApi: 'LcNexorExample01',
	nateqApi: 'LcNateqExample01',
	rdStationMarketingApiKeyApi: 'LcRdExample00001',
	rdStationMarketingOAuth2Api: 'LcRdOAuthExample',
	openAiApi: 'LcOpenAiExample1',
};

/** n8n's own credential types among the sandbox's (any package's examples may use n8n's nodes). */
const N8N_OWN_CREDENTIALS = ['openAiApi'];

/**
 * Credentials of the three services (and n8n's OpenAI, for the AI Agent example) pointing at the
 * sandbox, in n8n's import:credentials format; for a service package, only its own (and n8n's).
 */
export function sandboxCredentialsForImport(sandbox: Sandbox, pkg?: PublishedPackage) {
	const types =
		pkg && !pkg.allInOne
			? pkg.json.n8n.credentials.map((file) => {
					const className = path.basename(file, '.credentials.js');
					return className.charAt(0).toLowerCase() + className.slice(1);
				})
			: undefined;
	return [
		{
			id: CREDENTIAL_IDS.nexorApi,
			name: 'Nexor (sandbox)',
			type: 'nexorApi',
			// The signing secret the Nexor Trigger examples verify with: register their URL in the sandbox with it (see README).
			data: { apiKey: SANDBOX_KEYS.nexor, baseUrl: sandbox.baseUrl('nexor'), webhookSigningSecret: NEXOR_WEBHOOK_FIXTURE_SECRET },
		},
		{ id: CREDENTIAL_IDS.nateqApi, name: 'Nateq (sandbox)', type: 'nateqApi', data: { apiKey: SANDBOX_KEYS.nateq, baseUrl: sandbox.baseUrl('nateq') } },
		{
			id: CREDENTIAL_IDS.rdStationMarketingApiKeyApi,
			name: 'RD Station (sandbox)',
			type: 'rdStationMarketingApiKeyApi',
			data: { apiKey: SANDBOX_KEYS.rdstation, baseUrl: sandbox.baseUrl('rdstation') },
		},
		{
			// Connected already (the sandbox issued its tokens), as after "Connect my account".
			id: CREDENTIAL_IDS.rdStationMarketingOAuth2Api,
			name: 'RD Station OAuth2 (sandbox)',
			type: 'rdStationMarketingOAuth2Api',
			data: sandbox.rdOAuthCredentialData(),
		},
		{
			// n8n's own OpenAI credential; its Base URL is the sandbox's scripted model (a real provider's URL and key work the same).
			id: CREDENTIAL_IDS.openAiApi,
			name: 'OpenAI (sandbox)',
			type: 'openAiApi',
			data: { apiKey: SANDBOX_KEYS.openai, url: sandbox.baseUrl('openai') },
		},
	].filter((credential) => !types || types.includes(credential.type) || N8N_OWN_CREDENTIALS.includes(credential.type));
}

export interface ExampleWorkflow {
	file: string;
	id: string;
	name: string;
	nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }>;
}

export const EXAMPLES_DIR = path.join(PACKAGE_ROOT, 'examples');

/** The example workflows of the all-in-one (the tree's examples/), or of a service package (its generated examples/). */
export function exampleWorkflows(pkg?: PublishedPackage): ExampleWorkflow[] {
	const dir = pkg && !pkg.allInOne ? path.join(pkg.dir, 'examples') : EXAMPLES_DIR;
	return readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, ...JSON.parse(readFileSync(path.join(dir, file), 'utf8')) }));
}

/** n8n's Webhook node, answering POSTs on `path` (its production URL is /webhook/<path>). */
export const webhookNode = (path: string, webhookId: string) => ({
	id: 'hook',
	name: 'Webhook',
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2,
	position: [0, 0],
	webhookId,
	parameters: { httpMethod: 'POST', path, options: {} },
});

/** Our Nexor node creating a lead named `{{ $json.name }}`, with the sandbox credential. */
export const nexorCreateLeadNode = (id: string, position: [number, number], requestOptions: Record<string, unknown>) => ({
	id,
	name: 'Nexor',
	type: `${PACKAGE_NAME}.nexor`,
	typeVersion: 1,
	position,
	credentials: { nexorApi: { id: CREDENTIAL_IDS.nexorApi, name: 'Nexor (sandbox)' } },
	parameters: { resource: 'lead', operation: 'create', firstName: '={{ $json.name }}', requestOptions },
});

/**
 * A workflow run by hand: a manual trigger ("Start"), a Set node ("Rows")
 * holding `rows` (or an expression that makes them), split into one item
 * each ("Split"), then `node` — the shape of most end-to-end runs.
 */
export function rowsWorkflow(options: { id: string; name: string; rows: unknown[] | string; node: { name: string } & Record<string, unknown> }) {
	const jsonOutput = typeof options.rows === 'string' ? options.rows : JSON.stringify({ rows: options.rows });
	return {
		id: options.id,
		name: options.name,
		nodes: [
			{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'rows', name: 'Rows', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [200, 0], parameters: { mode: 'raw', jsonOutput, options: {} } },
			{ id: 'split', name: 'Split', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [400, 0], parameters: { fieldToSplitOut: 'rows', options: {} } },
			{ ...options.node, position: [600, 0] },
		],
		connections: {
			Start: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'Split', type: 'main', index: 0 }]] },
			Split: { main: [[{ node: options.node.name, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}
