/*
 * Our packed tarball installed into real n8n processes (2.x and 1.x) the way
 * users install it; the example workflows imported and executed with n8n's
 * own CLI against the sandbox, with what each did in Nexor, Nateq and RD;
 * credential tests and the conversion-type fields asked of n8n's REST API, as
 * the editor does. The Nexor Trigger published in a running n8n:
 * nexorTrigger.e2e.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { HostileServer } from '../hostileServer';
import { NATEQ_LEADS } from '../sandbox/nateq';
import { NEXOR_IDS } from '../sandbox/nexor';
import type { Sandbox } from '../sandbox/server';
import { SANDBOX_KEYS, startSandbox } from '../sandbox/server';
import { CREDENTIAL_IDS, exampleWorkflows, nexorCreateLeadNode, rowsWorkflow, sandboxCredentialsForImport } from '../runtime/fixtures';
import { installedNodeType, N8nInstance, packPackage, freePort } from '../runtime/n8nInstance';
import { ensureRuntime, matrixRuntimes } from '../runtime/n8nRuntime';
import { chooseOption, launchBrowser, logIn, mapperFieldLabels, openNode, screenshot } from './browser';
import type { RunData } from './support';
import { eventually, runDataOf } from './support';

// A cold install of both runtimes downloads ~4 GB; later runs reuse ~/.cache.
jest.setTimeout(45 * 60_000);

/** A mapper field's label without the "Fixed / Expression" toggle and value that follow it. */
const labelOf = (text: string) => text.replace(/ Fixed Expression.*$/, '');

const outputOf = (runData: RunData, node: string) => (runData[node]?.[0]?.data?.main[0] ?? []).map((item) => item.json);

/*
 * A workflow whose three Nexor nodes meet a server that misbehaves: a
 * redirect to another host, a 20 MB answer, an HTML page answered as 200.
 */
const HOSTILE_CREDENTIAL_ID = 'LcNexorHostile01';
const hostileWorkflow = () => {
	const trigger = { id: 'h0', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
	const nexor = (name: string, index: number) => ({
		id: `h${index + 1}`,
		name,
		type: installedNodeType('nexor'),
		typeVersion: 1,
		position: [300, index * 200],
		onError: 'continueRegularOutput',
		credentials: { nexorApi: { id: HOSTILE_CREDENTIAL_ID, name: 'Nexor (hostile)' } },
		parameters: { resource: 'lead', operation: 'create', firstName: name },
	});
	const names = ['Redirect', 'Huge', 'Html'];
	return {
		id: 'LcHostile0000001',
		name: 'Hostile server',
		nodes: [trigger, ...names.map(nexor)],
		connections: { Start: { main: [names.map((node) => ({ node, type: 'main', index: 0 }))] } },
		settings: { executionOrder: 'v1' },
		active: false,
	};
};

/*
 * Five rows to Nexor with "Skip Items Already Sent", one at a time: run once
 * while row 3 fails, then again. n8n's database is the store.
 */
const skipWorkflow = () =>
	rowsWorkflow({
		id: 'LcSkipRerun00001',
		name: 'Skip items already sent',
		rows: [0, 1, 2, 3, 4].map((index) => ({ name: `Skip-${index}` })),
		node: nexorCreateLeadNode('s3', [600, 0], { concurrency: 1, skipAlreadySent: true }),
	});

/*
 * The AI Agent example as Agent 2.2 runs it (LangChain's tool path, where
 * n8n hands a tool's thrown error to the model as an empty string), with a
 * malformed e-mail in the prompt: the tool's refusal must reach the model.
 */
const refusedAgentWorkflow = () => {
	const example = exampleWorkflows().find((workflow) => workflow.id === AGENT_EXAMPLE)!;
	return {
		...example,
		file: undefined,
		id: 'LcAgentRefused01',
		name: `${example.name} (Agent 2.2, malformed e-mail)`,
		nodes: example.nodes.map((node) =>
			node.name === 'AI Agent'
				? { ...node, typeVersion: 2.2, parameters: { ...node.parameters, text: String(node.parameters.text).replace('ada@example.com', 'ada-at-example.com').replace('Lovelace', 'Refused') } }
				: node,
		),
	};
};
const AGENT_EXAMPLE = 'LcExampleAgent01';
/** Run twice: a calendar event sent again updates its meeting. */
const CALENDAR_EXAMPLE = 'LcExampleMeet001';

/** What each runtime's credential tester answered, printed for the README and the closing note. */
const credentialAnswers: Record<string, unknown> = {};
afterAll(() => {
	if (Object.keys(credentialAnswers).length) console.info(JSON.stringify(credentialAnswers, null, 1));
});

let tarball: string;
beforeAll(async () => {
	tarball = await packPackage();
});

describe.each(matrixRuntimes())('inside real n8n (%s)', (runtimeName) => {
	let sandbox: Sandbox;
	let n8n: N8nInstance;
	const executed: Record<string, RunData> = {};
	let hostile: HostileServer;
	let elsewhere: HostileServer;
	let hostileRun: { runData: RunData; stdout: string };
	let hostileHandler: HostileServer['handler'];
	const skipRuns: string[] = [];
	let refusedAgentRun: RunData;
	let calendarAgain: RunData;

	beforeAll(async () => {
		const runtime = await ensureRuntime(runtimeName);
		sandbox = await startSandbox();
		hostile = await HostileServer.start();
		elsewhere = await HostileServer.start();
		n8n = N8nInstance.temporary(runtime, await freePort());
		await n8n.installPackage(tarball);
		// Each CLI command boots n8n (seconds): every credential in one import, every workflow in another.
		await n8n.importJson('credentials', [
			...sandboxCredentialsForImport(sandbox),
			{ id: HOSTILE_CREDENTIAL_ID, name: 'Nexor (hostile)', type: 'nexorApi', data: { apiKey: SANDBOX_KEYS.nexor, baseUrl: `${hostile.origin}/api` } },
		]);
		await n8n.importJson('workflow', [...exampleWorkflows().map((workflow) => ({ ...workflow, file: undefined })), refusedAgentWorkflow(), skipWorkflow(), hostileWorkflow()]);
		const execute = async (id: string) => {
			const result = await n8n.cli(['execute', `--id=${id}`, '--rawOutput']);
			return { runData: runDataOf(result.stdout), result };
		};

		for (const workflow of exampleWorkflows()) {
			const { runData, result } = await execute(workflow.id);
			if (result.code !== 0 && !/^\{/m.test(result.stdout)) {
				throw new Error(`n8n execute ${workflow.file} failed (${result.code}): ${result.stderr}\n${result.stdout}`);
			}
			executed[workflow.file] = runData;
		}
		// The calendar event sent a second time: the same meeting, updated.
		calendarAgain = (await execute(CALENDAR_EXAMPLE)).runData;
		refusedAgentRun = (await execute('LcAgentRefused01')).runData;

		hostile.handler = (request, response) => {
			const name = (JSON.parse(request.body) as { first_name: string }).first_name;
			if (name === 'Redirect') {
				response.writeHead(302, { location: `${elsewhere.origin}/api/leads` });
				return void response.end();
			}
			if (name === 'Huge') {
				response.writeHead(201, { 'content-type': 'application/json' });
				return void response.end(Buffer.alloc(20 * 1024 * 1024, ' '));
			}
			response.writeHead(200, { 'content-type': 'text/html' });
			response.end('<html><body>Sign in to continue</body></html>');
		};
		// Exactly once across re-runs, with n8n's own database as the store.
		sandbox.script({ provider: 'nexor', method: 'POST', path: '/leads', status: 400, body: { error: 'Bad Request', message: 'phone is required' }, match: (body) => (body as IDataObject).first_name === 'Skip-3' });
		for (let run = 0; run < 2; run++) {
			const { result } = await execute('LcSkipRerun00001');
			skipRuns.push(result.stdout + result.stderr);
		}

		hostileHandler = hostile.handler;
		const { runData, result } = await execute('LcHostile0000001');
		hostileRun = { runData, stdout: result.stdout + result.stderr };

		await n8n.start();
		await n8n.setupOwnerAndLogin();
	});

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.stop();
		await hostile?.stop();
		await elsewhere?.stop();
	});

	test('exactly once across re-runs: a run that failed on row 3, run again, sends only rows 3 and 4 (n8n\'s database remembers)', () => {
		expect(skipRuns[0]).toContain('phone is required');
		const rerun = outputOf(runDataOf(skipRuns[1]), 'Nexor');
		expect(rerun.map((item) => (item.skipped === true ? 'skipped' : (item.lead as IDataObject)?.first_name))).toEqual([
			'skipped',
			'skipped',
			'skipped',
			'Skip-3',
			'Skip-4',
		]);
		const leads = [...sandbox.stores.nexor.leads.values()].filter((lead) => String(lead.first_name).startsWith('Skip-'));
		expect(leads.map((lead) => lead.first_name).sort()).toEqual(['Skip-0', 'Skip-1', 'Skip-2', 'Skip-3', 'Skip-4']);
	});

	test('a redirect, a 20 MB answer and an HTML "200" each fail their item clearly; nothing reaches the other host', () => {
		const [redirect] = outputOf(hostileRun.runData, 'Redirect');
		const [huge] = outputOf(hostileRun.runData, 'Huge');
		const [html] = outputOf(hostileRun.runData, 'Html');
		expect(redirect.error).toMatch(/^Nexor answered 302, a redirect to another server, http:\/\/127\.0\.0\.1:\d+\. Redirects are never followed/);
		expect(huge).toMatchObject({ error: 'Nexor’s answer was larger than 10 MB and was not read: it may have been recorded. Check in Nexor before running this item again (or turn on "Retry Server Errors" to accept possible duplicates).', possiblyCreated: true });
		expect(html.error).toMatch(/^Nexor answered 200 but not with the created lead \(a "lead" with an "id"\): <html><body>Sign in to continue<\/body><\/html>/);
		expect(hostile.received).toHaveLength(3);
		expect(elsewhere.received).toHaveLength(0);
		expect(hostileRun.stdout).not.toContain(SANDBOX_KEYS.nexor);
	});

	test('after importing the credentials, no key is left in plain text in n8n’s folder (n8n keeps them encrypted)', () => {
		const files = (readdirSync(n8n.userFolder, { recursive: true, withFileTypes: true }) as Array<{ isFile(): boolean; name: string; parentPath: string }>)
			.filter((entry) => entry.isFile() && !entry.parentPath.includes(`${path.sep}node_modules`))
			.map((entry) => path.join(entry.parentPath, entry.name));
		expect(files.length).toBeGreaterThan(0);
		const holding = files.filter((file) => Object.values(SANDBOX_KEYS).some((key) => readFileSync(file).includes(key)));
		expect(holding).toEqual([]);
	});

	test('every node and credential of the package loads', async () => {
		// What the editor loads: every node and credential type n8n could load.
		const nodes = await n8n.request<Array<{ name: string }>>('GET', '/types/nodes.json');
		const credentials = await n8n.request<Array<{ name: string }>>('GET', '/types/credentials.json');
		for (const node of ['nexor', 'nateq', 'rdStationMarketing']) {
			expect(nodes.map((entry) => entry.name)).toContain(installedNodeType(node));
		}
		for (const credential of Object.keys(CREDENTIAL_IDS)) {
			expect(credentials.map((entry) => entry.name)).toContain(credential);
		}
	});

	test('example "Form submission → Nexor lead" creates the lead with typed metadata and a forced first message', () => {
		const [output] = outputOf(executed['nexor-lead-from-form.json'], 'Nexor: create lead');
		expect(output.lead).toMatchObject({ first_name: 'Tony', email: 'tony@example.com', metadata: { age: 35, rango_sueldo: '$2000-$4000', source_form: 'website' } });
		expect(output.workflow_run).toMatchObject({ workflow: { name: 'WhatsApp Nurture' }, cadence: { channel: 'whatsapp' } });
		const sent = sandbox.requests('nexor', 'POST', '/leads').find((entry) => (entry.body as IDataObject).first_name === 'Tony')!;
		expect((sent.body as IDataObject).force_first_message).toEqual({ channel: 'whatsapp', content: 'Hola Tony, gracias por escribirnos.' });
	});

	test('example "Spreadsheet rows → Nexor conversions": type fields as numbers, the bad row fails alone', () => {
		const output = outputOf(executed['nexor-conversions-from-sheet.json'], 'Nexor: record conversion');
		expect(output).toHaveLength(3);
		expect(output[0]).toMatchObject({ amount: 85000, currency: 'CLP', metadata: { property_unit: 'Apt 302', commission: 2500, financing_months: 12, external_deal_id: 'DEAL-1001' } });
		expect(output[1]).toMatchObject({ amount: 120000, lead_id: NEXOR_IDS.leadBruno });
		expect(output[2].error).toBe('Amount: expected a number, got "about 90k" [item 2]');
		expect(sandbox.requests('nexor', 'POST', '/conversions').filter((entry) => (entry.body as IDataObject).notes === 'Imported from the sales sheet')).toHaveLength(2);
	});

	test('example "Nexor conversion → RD Station conversion" sends the event RD expects, key in the query only', () => {
		const runData = executed['nexor-to-rdstation.json'];
		const [conversion] = outputOf(runData, 'Nexor: record conversion');
		const [event] = outputOf(runData, 'RD Station: send conversion');
		expect(event).toEqual({ event_uuid: expect.any(String), conversion_identifier: 'nexor-USD-conversion', email: 'ana@example.com' });
		const [sent] = sandbox.requests('rdstation', 'POST', '/platform/conversions');
		expect(sent.query.api_key).toBe(SANDBOX_KEYS.rdstation);
		expect((sent.body as IDataObject).payload).toMatchObject({
			conversion_identifier: 'nexor-USD-conversion',
			email: 'ana@example.com',
			name: 'Ana',
			tags: ['nexor', 'closed-deal'],
			legal_bases: [{ category: 'communications', type: 'legitimate_interest', status: 'granted' }],
			cf_deal_amount: 5000,
			cf_nexor_conversion_id: conversion.id,
		});
		expect(JSON.stringify(runData)).not.toContain(SANDBOX_KEYS.rdstation);
	});

	test('example "Spreadsheet rows → RD Station conversions in batches (OAuth2)": one batch, typed fields', () => {
		const output = outputOf(executed['rdstation-oauth-batches.json'], 'RD Station: conversions in batches');
		expect(output.map((item) => item.email)).toEqual(['carla@example.com', 'diego@example.com', 'elena@example.com']);
		expect(output.every((item) => typeof item.event_uuid === 'string')).toBe(true);
		const [batch] = sandbox.requests('rdstation', 'POST', '/platform/events/batch');
		expect((batch.body as Array<{ payload: IDataObject }>).map((event) => event.payload)).toEqual([
			{ conversion_identifier: 'spreadsheet-import', email: 'carla@example.com', name: 'Carla Mendes', cf_plan: 'pro', cf_seats: 12 },
			{ conversion_identifier: 'spreadsheet-import', email: 'diego@example.com', name: 'Diego Souza', cf_plan: 'basic', cf_seats: 3 },
			{ conversion_identifier: 'spreadsheet-import', email: 'elena@example.com', name: 'Elena Prado', cf_plan: 'enterprise', cf_seats: 40 },
		]);
	});

	test('example "AI Agent → Nexor lead": n8n’s agent (3) is offered the Nexor tool, creates the lead once and gets its id back', () => {
		const [answer] = outputOf(executed['ai-agent-nexor-lead.json'], 'AI Agent');
		const leads = [...sandbox.stores.nexor.leads.values()].filter((lead) => lead.last_name === 'Lovelace');
		expect(leads).toHaveLength(1);
		expect(leads[0]).toMatchObject({ first_name: 'Ada', email: 'ada@example.com' });
		expect(answer.output).toMatch(/^Done\. The tool answered: \[\{"lead":\{"id":"/);
		expect(answer.output).toContain(leads[0].id);
		const [first] = sandbox.stores.openai.requests;
		expect(first.tools?.map((tool) => [tool.function.name, tool.function.description, Object.keys(tool.function.parameters?.properties ?? {}).sort()])).toEqual([
			['Create_a_lead_in_Nexor', 'Create a lead in Nexor', ['email', 'first_name', 'last_name']],
		]);
	});

	test('the same with Agent 2.2 and a malformed e-mail: the model is told what was refused and that nothing was sent; the run finishes', () => {
		const [answer] = outputOf(refusedAgentRun, 'AI Agent');
		const refusal = 'Email: expected an email address such as jane@example.com, got "ada-at-example.com". Nothing was sent.';
		expect(answer.output).toBe(`The tool refused: ${refusal}`);
		expect(refusedAgentRun['Create a lead in Nexor'][0].error).toMatchObject({ message: refusal });
		expect([...sandbox.stores.nexor.leads.values()].filter((lead) => lead.last_name === 'Refused')).toHaveLength(0);
	});

	test('example "Nateq: convert leads": contacts out, the repeated lead reported as already converted', () => {
		const output = outputOf(executed['nateq-convert-leads.json'], 'Nateq: convert to contact');
		expect(output.map((item) => item.externalId ?? item.code)).toEqual([NATEQ_LEADS.diego, NATEQ_LEADS.elena, 'LEAD_ALREADY_CONVERTED']);
		expect(output[2].error).toMatch(/already converted/);
	});

	test('example "Calendar event → Nexor meeting", sent twice: one meeting, new the first time, updated the second', () => {
		const [first, second] = [executed['nexor-calendar-event-to-meeting.json'], calendarAgain].map((runData) => outputOf(runData, 'Nexor: create or update meeting')[0]);
		expect(first).toMatchObject({ title: 'Discovery call with Ana', isNew: true, host_email: 'laura@nexor-sandbox.test', meeting_url: 'https://meet.google.com/abc-defg-hij', external_event_id: 'gcal-evt-20260310-ana' });
		expect(second).toMatchObject({ id: first.id, isNew: false });
		const meetings = [...sandbox.stores.nexor.meetings.values()].filter((meeting) => meeting.external_event_id === 'gcal-evt-20260310-ana');
		expect(meetings).toHaveLength(1);
		expect(meetings[0]).toMatchObject({ lead_id: NEXOR_IDS.leadAna, duration_minutes: 45, timezone: 'America/Santiago' });
	});

	test('example "Spreadsheet of leads → Nexor in batches": one request for the good rows, the broken email fails alone', () => {
		const output = outputOf(executed['nexor-leads-in-batches.json'], 'Nexor: create leads in batches');
		expect(output).toHaveLength(5);
		expect(output[2].error).toBe('Email: expected an email address such as jane@example.com, got "olga.diaz(at)example.com" [item 2]');
		expect(output.filter((item) => item.lead).map((item) => (item.lead as IDataObject).first_name)).toEqual(['Marta', 'Nicolás', 'Pablo', 'Rita']);
		const batches = sandbox.requests('nexor', 'POST', '/leads').filter((entry) => Array.isArray(entry.body));
		expect(batches).toHaveLength(1);
		expect((batches[0].body as IDataObject[]).map((lead) => lead.first_name)).toEqual(['Marta', 'Nicolás', 'Pablo', 'Rita']);
	});

	test('example "meeting.scheduled → RD Station": the sample delivery marks the lead as an opportunity', () => {
		const [event] = outputOf(executed['nexor-meeting-scheduled-to-rdstation.json'], 'RD Station: mark as opportunity');
		expect(event).toMatchObject({ event_uuid: expect.any(String), event_type: 'OPPORTUNITY', email: 'carla@example.com' });
	});

	test('example "status won → Nexor conversion and RD sale": the deal’s value in both', () => {
		const runData = executed['nexor-status-won-to-conversion-and-rdstation.json'];
		const [conversion] = outputOf(runData, 'Nexor: record the sale');
		expect(conversion).toMatchObject({ conversion_type_id: NEXOR_IDS.typeClosedSale, lead_id: NEXOR_IDS.leadAna, amount: 85000, workflow_run_id: NEXOR_IDS.workflowRunAna, metadata: { property_unit: 'Apt 302' } });
		const [sale] = outputOf(runData, 'RD Station: mark as won');
		expect(sale).toMatchObject({ event_type: 'SALE', email: 'ana@example.com' });
		expect(sandbox.stores.rdstation.events.find((event) => event.event_type === 'SALE')?.payload).toMatchObject({ email: 'ana@example.com', value: 85000 });
	});

	test.each([
		['nexorApi', 'nxr_live_wrong', 'nexor'],
		['nateqApi', 'tg_test_wrong', 'nateq'],
		['rdStationMarketingApiKeyApi', 'rd-wrong', 'rdstation'],
	] as const)('credential test of %s: success for the sandbox key, failure for a wrong one', async (type, wrongKey, provider) => {
		const test = async (apiKey: string) =>
			await n8n.rest<{ status: string; message: string }>('POST', '/credentials/test', {
				// As the editor sends it when testing the stored credential with an edited key (1.x requires the ID).
				credentials: { id: CREDENTIAL_IDS[type], name: `${type} test`, type, data: { apiKey, baseUrl: sandbox.baseUrl(provider) } },
			});
		expect(await test(SANDBOX_KEYS[provider])).toMatchObject({ status: 'OK' });
		expect(await test(wrongKey)).toMatchObject({ status: 'Error', message: expect.stringMatching(/^Invalid API key/) });
	});

	test.each([
		['nexorApi', 'nexor'],
		['nateqApi', 'nateq'],
		['rdStationMarketingApiKeyApi', 'rdstation'],
	] as const)('credential test of %s: not the service, down and throttling are "could not check", never OK', async (type, provider) => {
		const test = async (baseUrl: string) =>
			await n8n.rest<{ status: string; message: string }>('POST', '/credentials/test', {
				credentials: { id: CREDENTIAL_IDS[type], name: `${type} test`, type, data: { apiKey: SANDBOX_KEYS[provider], baseUrl } },
			});
		const answers: Record<string, { status: string; message: string }> = {};
		for (const [name, status, body] of [
			['not the service', 404, '<!doctype html><html><body>Not Found</body></html>'],
			['down', 503, { error: 'Service Unavailable', message: 'later' }],
			['throttling', 429, { error: 'Too Many Requests', message: 'later' }],
		] as const) {
			hostile.answer(status, body);
			answers[name] = await test(`${hostile.origin}/api`);
		}
		hostile.handler = hostileHandler;
		for (const answer of Object.values(answers)) {
			expect(answer.status).toBe('Error');
			expect(answer.message).not.toMatch(/^Invalid API key|successful/i);
		}
		expect(answers['not the service'].message).toMatch(/^Could not check the key/);
		// n8n 2.30 shows its own text for a 5xx or 429 thrown by a credential test (see README); 1.x reads their bodies.
		for (const name of ['down', 'throttling']) {
			expect(answers[name].message).toMatch(/^Could not check the key|try again|too many requests|unavailable/i);
		}
		credentialAnswers[`${runtimeName} ${type}`] = answers;
	});

	test('the editor’s endpoints load the conversion types and the chosen type’s fields', async () => {
		const request = (methodName: string, conversionTypeId: string) => ({
			nodeTypeAndVersion: { name: installedNodeType('nexor'), version: 1 },
			methodName,
			path: methodName === 'getConversionTypeFields' ? 'parameters.typeFields' : 'parameters.conversionTypeId',
			currentNodeParameters: { resource: 'conversion', operation: 'create', conversionTypeId },
			credentials: { nexorApi: { id: CREDENTIAL_IDS.nexorApi, name: 'Nexor (sandbox)' } },
		});
		const options = await n8n.rest<Array<{ name: string }>>('POST', '/dynamic-node-parameters/options', request('getConversionTypes', ''));
		expect(options.map((option) => option.name)).toEqual(['Closed Sale', 'Reservation']);
		const fields = await n8n.rest<{ fields: Array<{ id: string; displayName: string; type: string }> }>(
			'POST',
			'/dynamic-node-parameters/resource-mapper-fields',
			request('getConversionTypeFields', NEXOR_IDS.typeClosedSale),
		);
		expect(fields.fields.map(({ id, displayName, type }) => ({ id, displayName, type }))).toEqual([
			{ id: 'property_unit', displayName: 'Property Unit', type: 'string' },
			{ id: 'commission', displayName: 'Commission', type: 'number' },
			{ id: 'financing_months', displayName: 'Financing Months', type: 'number' },
		]);
	});

	test('in the editor, the example node shows its type’s fields, and choosing another type loads that type’s fields', async () => {
		const example = exampleWorkflows().find((workflow) => workflow.id === 'LcExampleConv001')!;
		// The same workflow with the Nexor node as a user has it right after picking the type.
		// (n8n's editor skips the reload while other parameters hold $json expressions: see README.)
		const fresh = await n8n.rest<{ id: string }>('POST', '/workflows', {
			...example,
			id: undefined,
			file: undefined,
			name: `${example.name} (new node)`,
			nodes: example.nodes.map((node) =>
				node.name === 'Nexor: record conversion'
					? { ...node, parameters: { resource: 'conversion', operation: 'create', conversionTypeId: NEXOR_IDS.typeClosedSale } }
					: node,
			),
		});
		const browser = await launchBrowser();
		try {
			const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
			await logIn(page, n8n.url);

			await openNode(page, n8n.url, example.id, 'Nexor: record conversion');
			const inExample = await eventually(() => mapperFieldLabels(page), (labels) => labels.some((label) => label.startsWith('Commission')));
			await screenshot(page, `${runtimeName}-example-closed-sale-fields`);
			expect(inExample.map(labelOf)).toEqual(expect.arrayContaining(['Property Unit', 'Commission', 'Financing Months']));

			await openNode(page, n8n.url, fresh.id, 'Nexor: record conversion');
			const closedSale = await eventually(() => mapperFieldLabels(page), (labels) => labels.some((label) => label.startsWith('Commission')));
			expect(closedSale.map(labelOf)).toEqual(['Values to Send', 'Property Unit', 'Commission', 'Financing Months']);

			await chooseOption(page, 'conversionTypeId', 'Reservation');
			const reservation = await eventually(() => mapperFieldLabels(page), (labels) => labels.some((label) => label.startsWith('Broker')));
			await screenshot(page, `${runtimeName}-reservation-fields`);
			expect(reservation.map(labelOf)).toEqual(['Values to Send', 'Property Unit', 'Broker']);
		} finally {
			await browser.close();
		}
	});
});
