/*
 * RD Station Marketing with OAuth2 inside real n8n (2.x and 1.x), from the
 * packed tarball, against the sandbox (RD's authorization server included):
 * "Connect my account" in Chromium; conversions sent after RD expired the
 * access token (n8n refreshes it); the trigger, activated, subscribed in RD,
 * receiving a conversion our own node sends, and unsubscribed when deactivated;
 * what "Test" is for a connected account — in the editor and in n8n's APIs —
 * while its token works, has expired, and after the app's access was revoked.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Page } from 'playwright-core';

import type { Sandbox } from '../sandbox/server';
import { startSandbox } from '../sandbox/server';
import { installedNodeType, N8nInstance, packPackage, freePort } from '../runtime/n8nInstance';
import { rowsWorkflow, webhookNode } from '../runtime/fixtures';
import { ensureRuntime, matrixRuntimes } from '../runtime/n8nRuntime';
import { launchBrowser, logIn, screenshot } from './browser';
import type { RunData } from './support';
import { eventually, runDataOf } from './support';

jest.setTimeout(45 * 60_000);

const IDS = {
	connected: 'LcRdOAuthLinked1',
	toConnect: 'LcRdOAuthConnect',
	sendWorkflow: 'LcRdOAuthSend001',
	triggerWorkflow: 'LcRdTrigger00001',
	webhookWorkflow: 'LcRdWebhookSend1',
	tested: 'LcRdOAuthTested1',
};

const oauthData = (sandbox: Sandbox) => sandbox.rdOAuthCredentialData(false);

const rdNode = (name: string, position: [number, number], parameters: IDataObject) => ({
	id: name,
	name,
	type: installedNodeType('rdStationMarketing'),
	typeVersion: 1,
	position,
	credentials: { rdStationMarketingOAuth2Api: { id: IDS.connected, name: 'RD OAuth2 (connected)' } },
	parameters: { authentication: 'oAuth2', resource: 'conversion', operation: 'create', ...parameters },
});

/** 20 conversions, in batches, through OAuth2. */
const sendWorkflow = () =>
	rowsWorkflow({
		id: IDS.sendWorkflow,
		name: 'RD OAuth2: 20 conversions in batches',
		rows: Array.from({ length: 20 }, (_, index) => ({ email: `oauth-e2e-${index}@example.com` })),
		node: rdNode('RD', [600, 0], { conversionIdentifier: 'oauth-e2e', email: '={{ $json.email }}', sendInBatches: true }),
	});

const triggerWorkflow = () => ({
	id: IDS.triggerWorkflow,
	name: 'RD trigger: conversions of e2e-trigger',
	nodes: [
		{
			id: 'trigger',
			name: 'RD Trigger',
			type: installedNodeType('rdStationMarketingTrigger'),
			typeVersion: 1,
			position: [0, 0],
			webhookId: '3f5c1a7e-2b4d-4e6f-8a9b-0c1d2e3f4a5b',
			credentials: { rdStationMarketingOAuth2Api: { id: IDS.connected, name: 'RD OAuth2 (connected)' } },
			parameters: { event: 'converted', conversionIdentifiers: 'e2e-trigger' },
		},
	],
	connections: {},
	settings: { executionOrder: 'v1' },
	active: false,
});

/** A webhook that makes our node send one conversion: how a running n8n is asked to run a workflow. */
const webhookWorkflow = () => ({
	id: IDS.webhookWorkflow,
	name: 'Send one RD conversion',
	nodes: [
		webhookNode('send-rd-conversion', '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'),
		rdNode('RD', [300, 0], { conversionIdentifier: 'e2e-trigger', email: '={{ $json.body.email }}' }),
	],
	connections: { Webhook: { main: [[{ node: 'RD', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
	active: false,
});

let tarball: string;
beforeAll(async () => {
	tarball = await packPackage();
});

describe.each(matrixRuntimes())('RD Station OAuth2 inside real n8n (%s)', (runtimeName) => {
	let sandbox: Sandbox;
	let n8n: N8nInstance;
	let sent: { runData: RunData; refreshes: number };
	/** The tokens of the credential whose "Test" is looked at (its own: revoking it leaves the others working). */
	let testedTokens: { access_token: string; refresh_token: string };

	beforeAll(async () => {
		const runtime = await ensureRuntime(runtimeName);
		sandbox = await startSandbox();
		const store = sandbox.stores.rdstation;
		n8n = N8nInstance.temporary(runtime, await freePort());
		await n8n.installPackage(tarball);
		testedTokens = store.issueTokens();
		await n8n.importJson('credentials', [
			{ id: IDS.connected, name: 'RD OAuth2 (connected)', type: 'rdStationMarketingOAuth2Api', data: { ...oauthData(sandbox), oauthTokenData: store.issueTokens() } },
			{ id: IDS.toConnect, name: 'RD OAuth2 (to connect)', type: 'rdStationMarketingOAuth2Api', data: oauthData(sandbox) },
			{ id: IDS.tested, name: 'RD OAuth2 (tested)', type: 'rdStationMarketingOAuth2Api', data: { ...oauthData(sandbox), oauthTokenData: testedTokens } },
		]);
		await n8n.importJson('workflow', [sendWorkflow(), triggerWorkflow(), webhookWorkflow()]);

		// RD expires every access token: n8n must refresh it on the first 401.
		store.expireAccessTokens();
		const before = store.tokenRequests.length;
		const result = await n8n.cli(['execute', `--id=${IDS.sendWorkflow}`, '--rawOutput']);
		sent = {
			runData: runDataOf(result.stdout),
			refreshes: store.tokenRequests.slice(before).filter((request) => request.grant === 'refresh_token').length,
		};

		await n8n.start();
		await n8n.setupOwnerAndLogin();
	});

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.stop();
	});

	test('conversions sent through OAuth2 after RD expired the token: n8n refreshes it, nothing fails', () => {
		const output = (sent.runData.RD?.[0]?.data?.main[0] ?? []).map((item) => item.json);
		expect(output).toHaveLength(20);
		expect(output.filter((json) => json.error)).toEqual([]);
		expect(output.every((json) => typeof json.event_uuid === 'string')).toBe(true);
		expect(sent.refreshes).toBeGreaterThanOrEqual(1);
		const events = sandbox.stores.rdstation.events.filter((event) => String(event.payload.email).startsWith('oauth-e2e-'));
		expect(events).toHaveLength(20);
		expect(events.every((event) => event.via === 'batch')).toBe(true);
	});

	test('the trigger, activated, subscribes in RD, receives a conversion our node sends; after n8n restarts it keeps that one subscription (its ID in n8n’s static data) and still receives; deactivated, it unsubscribes', async () => {
		const store = sandbox.stores.rdstation;
		for (const id of [IDS.triggerWorkflow, IDS.webhookWorkflow]) {
			const { versionId } = await n8n.rest<{ versionId: string }>('GET', `/workflows/${id}`);
			await n8n.rest('POST', `/workflows/${id}/activate`, { versionId });
		}
		const subscriptions = await eventually(() => [...store.webhooks.values()], (list) => list.length === 1);
		expect(subscriptions[0]).toMatchObject({ event_type: 'WEBHOOK.CONVERTED', event_identifiers: ['e2e-trigger'], http_method: 'POST' });
		expect(subscriptions[0].url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${n8n.port}/webhook/`));

		// A 404 runs nothing: on a busy machine (one full run in CI) the call came before n8n had registered the
		// just-published webhook; it is called again until n8n knows it, and its first real answer is checked.
		const response = await eventually(
			() =>
				fetch(`${n8n.url}/webhook/send-rd-conversion`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ email: 'trigger-e2e@example.com' }),
				}),
			(answer) => answer.status !== 404,
		);
		expect(response.status).toBe(200);
		const deliveries = await eventually(() => store.deliveries, (list) => list.length > 0);
		expect(deliveries[0]).toMatchObject({ event_type: 'WEBHOOK.CONVERTED', status: 200 });

		// The trigger's workflow ran with the contact RD sent.
		expect(await eventually(() => n8n.executionCount(IDS.triggerWorkflow), (count) => count > 0)).toBe(1);

		/*
		 * n8n restarted (an update, a container restart): at start it asks the trigger whether its subscription
		 * still exists (checkExists, with the ID create() left in the workflow's static data, which n8n saved
		 * after activating) instead of subscribing again; RD still sends to the same URL.
		 */
		const [subscription] = subscriptions;
		await n8n.restart();
		const send = async (email: string) =>
			await eventually(
				() => fetch(`${n8n.url}/webhook/send-rd-conversion`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) }),
				(answer) => answer.status !== 404,
			);
		expect((await send('after-restart@example.com')).status).toBe(200);
		expect(await eventually(() => n8n.executionCount(IDS.triggerWorkflow), (count) => count > 1)).toBe(2);
		expect([...store.webhooks.values()]).toEqual([subscription]);

		await n8n.rest('POST', `/workflows/${IDS.triggerWorkflow}/deactivate`, {});
		await eventually(() => store.webhooks.size, (size) => size === 0);
		expect(store.webhooks.size).toBe(0);
	});

	test('in Chromium, "Connect my account" completes against the sandbox and the credential shows connected', async () => {
		const store = sandbox.stores.rdstation;
		const before = store.tokenRequests.filter((request) => request.grant === 'authorization_code').length;
		const browser = await launchBrowser();
		try {
			const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
			await logIn(page, n8n.url);
			await page.goto(`${n8n.url}/home/credentials/${IDS.toConnect}`);
			// 1.x: "Connect my account"; 2.x: "Connect" in the "Connect your account" banner.
			const connect = page.getByRole('button', { name: /^\s*Connect( my account)?\s*$/ }).first();
			// What the page showed, if the button never came.
			await connect.waitFor({ timeout: 60_000 }).catch(async (error: Error) => {
				await screenshot(page, `${runtimeName}-rdstation-oauth-no-button`);
				throw error;
			});
			const popup = page.waitForEvent('popup');
			await connect.click();
			await (await popup).waitForEvent('close', { timeout: 60_000 }).catch(() => undefined);
			const banner = page.locator('[data-test-id="oauth-connect-success-banner"]').first();
			await banner.waitFor({ timeout: 60_000 });
			await screenshot(page, `${runtimeName}-rdstation-oauth-connected`);
			expect(await banner.innerText()).toMatch(/Account connected/);
		} finally {
			await browser.close();
		}
		expect(store.tokenRequests.filter((request) => request.grant === 'authorization_code').length).toBe(before + 1);
		// n8n stored the tokens RD issued for the code.
		const stored = await n8n.rest<{ data?: IDataObject }>('GET', `/credentials/${IDS.toConnect}?includeData=true`);
		expect(stored.data?.oauthTokenData).toBeTruthy();
	});
	/*
	 * n8n's editor has no Test for an OAuth2 account (its isCredentialTestable
	 * is false for OAuth2 types, in every runtime here): the dialog says
	 * "Account connected" while a token is stored, whatever RD thinks of it.
	 * n8n runs the credential's own test only through its APIs: the REST
	 * endpoint the editor uses for other credentials, with what the editor
	 * holds (the token as `true`), and the public API's test of the stored
	 * credential (n8n 2.x). docs/credential-test.md has the evidence.
	 */
	test('"Test" of a connected account: the editor never sends one; what n8n answers through its APIs while the token works, has expired, and after the access was revoked', async () => {
		const store = sandbox.stores.rdstation;
		// beforeAll expired every token RD had issued: this account's works again (RD's 24 hours from now).
		store.accessTokens.set(testedTokens.access_token, Date.now() + 24 * 3_600_000);
		const refreshesSince = (before: number) => store.tokenRequests.slice(before).filter((request) => request.grant === 'refresh_token').length;
		/** What the editor holds for the credential, sent back to the REST test as it sends other credentials. */
		const restTest = async () => {
			const stored = await n8n.rest<{ id: string; name: string; type: string; data: IDataObject }>('GET', `/credentials/${IDS.tested}?includeData=true`);
			expect(stored.data.oauthTokenData).toBe(true);
			return await n8n.rest<{ status: string; message: string }>('POST', '/credentials/test', {
				credentials: { id: stored.id, name: stored.name, type: stored.type, data: stored.data },
			});
		};
		const scopes = await n8n.rest<string[]>('GET', '/api-keys/scopes');
		const key = await n8n.rest<{ rawApiKey?: string; apiKey?: string }>('POST', '/api-keys', { label: 'credential test e2e', scopes, expiresAt: null });
		/** The public API's test of the stored credential (n8n 2.x: POST /api/v1/credentials/{id}/test). */
		const publicApiTest = async () => {
			const answer = await fetch(`${n8n.url}/api/v1/credentials/${IDS.tested}/test`, { method: 'POST', headers: { 'X-N8N-API-KEY': String(key.rawApiKey ?? key.apiKey) } });
			return answer.status === 404 ? 'no such endpoint' : ((await answer.json()) as { status: string; message: string });
		};

		const states = ['works', 'expired', 'revoked'] as const;
		const seen: Record<string, { dialog: string; testButtons: number; testRequests: string[]; rest: unknown; restRefreshes: number; publicApi: unknown; publicApiRefreshes: number }> = {};
		const browser = await launchBrowser();
		try {
			const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
			const testRequests: string[] = [];
			page.on('request', (request) => {
				if (/\/rest\/credentials\/(test|[^/]+\/(test|probe))\b/.test(request.url())) testRequests.push(`${request.method()} ${new URL(request.url()).pathname}`);
			});
			await logIn(page, n8n.url);
			for (const state of states) {
				if (state === 'expired') store.accessTokens.set(testedTokens.access_token, 0);
				if (state === 'revoked') {
					// RD forgets the app's tokens: the refreshed access token and the refresh token both stop working.
					store.expireAccessTokens();
					store.refreshTokens.delete(testedTokens.refresh_token);
				}
				const dialog = await credentialDialog(page, n8n.url, IDS.tested);
				await screenshot(page, `${runtimeName}-rdstation-oauth-test-${state}`);
				const before = testRequests.length;
				let refreshes = store.tokenRequests.length;
				const rest = await restTest();
				const restRefreshes = refreshesSince(refreshes);
				refreshes = store.tokenRequests.length;
				const publicApi = await publicApiTest();
				seen[state] = { ...dialog, testRequests: testRequests.slice(before), rest, restRefreshes, publicApi, publicApiRefreshes: refreshesSince(refreshes) };
			}
		} finally {
			await browser.close();
		}
		console.info(`Credential Test of a connected RD account, n8n ${runtimeName}:\n${JSON.stringify(seen, null, 1)}`);

		// The editor: "Account connected" in every state, no Test to press, no test sent.
		for (const state of states) {
			expect(seen[state].dialog).toMatch(/Account connected/);
			expect(seen[state].testButtons).toBe(0);
			expect(seen[state].testRequests).toEqual([]);
		}
		const ok = { status: 'OK', message: 'Connection successful!' };
		const expiredIn1x = {
			status: 'Error',
			message:
				'RD Station refused the stored access token: it expired (RD’s last 24 hours) or the app’s access was revoked, and this n8n does not renew it during a Test. Click "Connect my account" again; workflows renew an expired token themselves when they run.',
		};
		if (runtimeName === '2.41.1') {
			// n8n 2.41's tester signs with the data it is given (the editor's `true`), never the stored token.
			for (const state of states) expect(seen[state].rest).toEqual({ status: 'Error', message: 'Unable to sign without access token' });
			expect(seen.works.publicApi).toEqual(ok);
			expect(seen.expired.publicApi).toEqual(ok);
			expect(seen.expired.publicApiRefreshes).toBe(1);
			expect(seen.revoked.publicApi).toEqual({ status: 'Error', message: 'ESTATUS' });
		} else if (runtimeName === '2.30.0') {
			for (const path of ['rest', 'publicApi'] as const) {
				expect(seen.works[path]).toEqual(ok);
				expect(seen.expired[path]).toEqual(ok);
				expect(seen.revoked[path]).toEqual({ status: 'Error', message: 'Authorization failed - please check your credentials' });
			}
			expect(seen.expired.restRefreshes).toBe(1);
		} else {
			expect(seen.works.rest).toEqual(ok);
			expect(seen.expired.rest).toEqual(expiredIn1x);
			expect(seen.revoked.rest).toEqual(expiredIn1x);
			for (const state of states) expect(seen[state].publicApi).toBe('no such endpoint');
		}
	});
});

/** Opens a credential's dialog; what it says, and how many visible buttons offer a Test (or a Retry of one). */
async function credentialDialog(page: Page, baseUrl: string, credentialId: string): Promise<{ dialog: string; testButtons: number }> {
	await page.goto(`${baseUrl}/home/credentials/${credentialId}`);
	const dialog = page.locator('.el-dialog, [role="dialog"]').filter({ hasText: 'RD Station Marketing OAuth2 API' }).first();
	await dialog.getByText('Account connected').first().waitFor({ timeout: 60_000 });
	// Whatever the editor sends once the dialog is open has been sent.
	await page.waitForLoadState('networkidle');
	const testButtons = await dialog.getByRole('button', { name: /\b(test|retry)\b/i }).filter({ visible: true }).count();
	return { dialog: (await dialog.innerText()).replace(/\s+/g, ' '), testButtons };
}
