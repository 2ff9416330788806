/*
 * `npm run bench`: our node against n8n's HTTP Request node and a raw HTTP
 * loop, side by side in one run, on the same sandbox (fixed latency) and the
 * same items. Both n8n workflows run in the pinned n8n runtime, each timed by
 * its node's own executionTime (n8n's start-up does not count). Prints a
 * table; asserts nothing (speed targets live here, not in tests).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';

import ts from 'typescript';
import { Agent, request } from 'undici';

import { N8nInstance, packPackage } from '../test/runtime/n8nInstance';
import { chosenRuntime, ensureRuntime } from '../test/runtime/n8nRuntime';
import { CREDENTIAL_IDS, sandboxCredentialsForImport } from '../test/runtime/fixtures';
import type { Sandbox } from '../test/sandbox/server';
import { SANDBOX_KEYS, startSandbox } from '../test/sandbox/server';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 1000);
const MEMORY_ITEMS = Number(process.env.BENCH_MEMORY_ITEMS ?? 10_000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const RATE_PER_SECOND = Number(process.env.BENCH_RATE ?? 50);
const PKG = 'n8n-nodes-lead-conversions';
/** RD Station: conversions sent one per request with the API key vs in batches with OAuth2, under one limit. */
const RD_ITEMS = Number(process.env.BENCH_RD_ITEMS ?? 1000);
const RD_PER_MINUTE = Number(process.env.BENCH_RD_PER_MINUTE ?? 600);
/** Nexor leads: one request per lead vs "Send in Batches" (up to 1,000 per request), same latency. */
const NEXOR_BULK_ITEMS = Number(process.env.BENCH_NEXOR_BULK_ITEMS ?? 1000);
/** The floor comparison: each of ours and its floor, alternately, this many times (medians shown). */
const FLOOR_REPEAT = Number(process.env.BENCH_FLOOR_REPEAT ?? 3);
/** `BENCH_ONLY=rd` runs the RD comparison alone, `BENCH_ONLY=nexor-bulk` the Nexor batches, `BENCH_ONLY=floor` the batch paths against n8n's floor. */
const ONLY = process.env.BENCH_ONLY;

interface Scenario {
	label: string;
	kind: 'ours' | 'http' | 'raw';
	concurrency: number | 'all';
	items: number;
	rateLimited?: boolean;
	measureMemory?: boolean;
}

interface Result extends Scenario {
	elapsedMs: number;
	ok: number;
	failed: number;
	duplicated: number;
	peakRssMb?: number;
	note?: string;
}

/** Start → Rows (an expression making the items) → Items: what every bench workflow feeds its Target. */
function rowsNodes(id: string, rows: string): unknown[] {
	return [
		{ parameters: {}, id: `${id}-t`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] },
		{
			parameters: { mode: 'manual', assignments: { assignments: [{ id: 'r', name: 'rows', value: rows, type: 'array' }] }, options: {} },
			id: `${id}-s`,
			name: 'Rows',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [200, 0],
		},
		{ parameters: { fieldToSplitOut: 'rows', options: {} }, id: `${id}-o`, name: 'Items', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [400, 0] },
	];
}

/** Connections of nodes in a line. */
function chain(names: string[]) {
	return Object.fromEntries(names.slice(0, -1).map((name, index) => [name, { main: [[{ node: names[index + 1], type: 'main', index: 0 }]] }]));
}

/** The node a bench workflow measures ("Target", after Start → Rows → Items): one of the package's, with its credential. */
function packageTarget(id: string, node: { type: string; typeVersion: number; credentials: unknown; parameters: Record<string, unknown> }) {
	return { ...node, type: `${PKG}.${node.type}`, id: `${id}-n`, name: 'Target', position: [600, 0], onError: 'continueRegularOutput' };
}

const NEXOR_CREDENTIAL = { nexorApi: { id: CREDENTIAL_IDS.nexorApi, name: 'Nexor (sandbox)' } };

function workflow(id: string, scenario: Scenario, sandbox: Sandbox) {
	const rows = `={{ Array.from({ length: ${scenario.items} }, (_, i) => ({ name: "${id}-" + i })) }}`;
	const nodes: unknown[] = rowsNodes(id, rows);
	if (scenario.kind === 'ours') {
		nodes.push(
			packageTarget(id, {
				type: 'nexor',
				typeVersion: 1,
				credentials: NEXOR_CREDENTIAL,
				parameters: {
					resource: 'lead',
					operation: 'create',
					firstName: '={{ $json.name }}',
					requestOptions: {
						concurrency: scenario.concurrency,
						...(scenario.rateLimited ? { requestsPerMinute: RATE_PER_SECOND * 60 } : {}),
					},
				},
			}),
		);
	} else {
		nodes.push({
			parameters: {
				method: 'POST',
				url: `${sandbox.baseUrl('nexor')}/leads`,
				// The key through a Header Auth credential, as a user would set it up (and as ours authenticates).
				authentication: 'genericCredentialType',
				genericAuthType: 'httpHeaderAuth',
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify({ first_name: $json.name }) }}',
				// Batching starts `batchSize` requests, waits `batchInterval`, starts the next ones, without
				// waiting for answers: an interval of one latency is the closest to "concurrency c".
				options:
					scenario.concurrency === 'all'
						? {}
						: { batching: { batch: { batchSize: scenario.concurrency, batchInterval: LATENCY_MS } } },
			},
			id: `${id}-n`,
			name: 'Target',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [600, 0],
			credentials: { httpHeaderAuth: { id: 'BenchHeaderAuth01', name: 'Nexor key as header' } },
		});
	}
	const connections = chain(['Start', 'Rows', 'Items', 'Target']);
	return { id, name: `bench ${scenario.label}`, nodes, connections, active: false, settings: { executionOrder: 'v1' } };
}

/**
 * Runs `n8n execute` under GNU time (for peak memory); returns the Target
 * node's run and the peak RSS. n8n exits without waiting for a large output
 * to drain now and then (the run data ends mid-way): that run is done again,
 * at most twice.
 */
interface Executed {
	run: Record<string, unknown>;
	peakRssMb: number;
	/** CPU time of the whole `n8n execute` process (user + system), start-up included. */
	cpuMs: number;
}

async function execute(n8n: N8nInstance, id: string, attempt = 1): Promise<Executed> {
	try {
		return await executeOnce(n8n, id);
	} catch (error) {
		if (!(error instanceof TruncatedOutput) || attempt >= 3) throw error;
		process.stdout.write('(n8n cut its output short: run again) ');
		return await execute(n8n, id, attempt + 1);
	}
}

class TruncatedOutput extends Error {}

async function executeOnce(n8n: N8nInstance, id: string): Promise<Executed> {
	const output = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
		// BENCH_CPU_PROF=<folder>: a V8 CPU profile of each n8n execute, named after the workflow.
		const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`, `--cpu-prof-name=${id}-${Date.now()}.cpuprofile`] : [];
		const child = spawn('/usr/bin/time', ['-f', 'PEAK_RSS_KB=%M CPU_S=%U+%S', process.execPath, ...profile, n8n.runtime.bin, 'execute', `--id=${id}`, '--rawOutput'], {
			env: { ...n8n.env(), N8N_LOG_LEVEL: 'info' },
			cwd: n8n.userFolder,
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += String(chunk)));
		child.stderr.on('data', (chunk) => (stderr += String(chunk)));
		child.on('error', reject);
		// 'close', not 'exit': the process may exit before its output has all been read.
		child.on('close', () => resolve({ stdout, stderr }));
	});
	const peakRssMb = Number(/PEAK_RSS_KB=(\d+)/.exec(output.stderr)?.[1] ?? 0) / 1024;
	const cpu = /CPU_S=([\d.]+)\+([\d.]+)/.exec(output.stderr);
	const cpuMs = cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN;
	const start = output.stdout.search(/^\{/m);
	const end = output.stdout.lastIndexOf('\n}') + 2;
	if (start === -1) throw new Error(`n8n execute printed no run data for ${id}:\n${output.stdout.slice(-2000)}\n${output.stderr.slice(-2000)}`);
	let parsed: { data?: unknown; resultData?: unknown };
	try {
		parsed = JSON.parse(output.stdout.slice(start, end));
	} catch {
		throw new TruncatedOutput(`n8n execute's run data for ${id} ends mid-way`);
	}
	const runData = ((parsed.data ?? parsed) as { resultData: { runData: Record<string, Array<Record<string, unknown>>> } }).resultData.runData;
	return { run: runData.Target?.[0] ?? {}, peakRssMb, cpuMs };
}

/** The floor: the same POSTs straight from Node with undici, `concurrency` at a time. */
async function rawLoop(sandbox: Sandbox, prefix: string, concurrency: number): Promise<{ elapsedMs: number; ok: number; failed: number }> {
	const dispatcher = new Agent({ connections: concurrency, keepAliveTimeout: 10_000 });
	const url = `${sandbox.baseUrl('nexor')}/leads`;
	let next = 0;
	let ok = 0;
	let failed = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < ITEMS) {
				const index = next++;
				const response = await request(url, {
					method: 'POST',
					dispatcher,
					headers: { 'content-type': 'application/json', 'x-api-key': SANDBOX_KEYS.nexor },
					body: JSON.stringify({ first_name: `${prefix}-${index}` }),
				});
				await response.body.text();
				if (response.statusCode < 300) ok++;
				else failed++;
			}
		}),
	);
	const elapsedMs = performance.now() - started;
	await dispatcher.close();
	return { elapsedMs, ok, failed };
}

function countStored(sandbox: Sandbox, prefix: string) {
	const counts = new Map<string, number>();
	for (const lead of sandbox.stores.nexor.leads.values()) {
		if (lead.first_name.startsWith(`${prefix}-`)) counts.set(lead.first_name, (counts.get(lead.first_name) ?? 0) + 1);
	}
	let duplicated = 0;
	for (const count of counts.values()) duplicated += count - 1;
	return { stored: counts.size, duplicated };
}

function idealMs(result: Scenario): number {
	if (result.rateLimited) return (result.items / RATE_PER_SECOND) * 1000;
	const concurrency = result.concurrency === 'all' ? result.items : result.concurrency;
	return (result.items * LATENCY_MS) / concurrency;
}

/** 1,000 RD conversions: API key one per request, or OAuth2 in batches; paced at the limit either way. */
function rdWorkflow(id: string, batches: boolean) {
	const rows = `={{ Array.from({ length: ${RD_ITEMS} }, (_, i) => ({ email: "${id.toLowerCase()}-" + i + "@example.com" })) }}`;
	const credentials = batches
		? { rdStationMarketingOAuth2Api: { id: 'BenchRdOAuth0001', name: 'RD OAuth2 (sandbox)' } }
		: { rdStationMarketingApiKeyApi: { id: CREDENTIAL_IDS.rdStationMarketingApiKeyApi, name: 'RD Station (sandbox)' } };
	const nodes = [
		...rowsNodes(id, rows),
		packageTarget(id, {
			type: 'rdStationMarketing',
			typeVersion: 1,
			credentials,
			parameters: {
				authentication: batches ? 'oAuth2' : 'apiKey',
				resource: 'conversion',
				operation: 'create',
				conversionIdentifier: 'bench',
				email: '={{ $json.email }}',
				sendInBatches: batches,
				requestOptions: { requestsPerMinute: RD_PER_MINUTE },
			},
		}),
	];
	const connections = chain(['Start', 'Rows', 'Items', 'Target']);
	return { id, name: `bench RD ${batches ? 'batches' : 'single'}`, nodes, connections, active: false, settings: { executionOrder: 'v1' } };
}

/** A connected RD OAuth2 credential on the sandbox, for the batch workflows. */
function rdOAuthCredential(sandbox: Sandbox) {
	return { id: 'BenchRdOAuth0001', name: 'RD OAuth2 (sandbox)', type: 'rdStationMarketingOAuth2Api', data: sandbox.rdOAuthCredentialData() };
}

async function rdComparison(): Promise<string> {
	const sandbox = await startSandbox();
	const runtime = await ensureRuntime(chosenRuntime());
	const n8n = N8nInstance.temporary(runtime);
	console.log(`\nRD Station: ${RD_ITEMS} conversions, the sandbox limiting RD to ${RD_PER_MINUTE} requests per minute, n8n ${runtime.version}`);
	await n8n.installPackage(await packPackage());
	await n8n.importJson('credentials', [
		...sandboxCredentialsForImport(sandbox),
		rdOAuthCredential(sandbox),
	]);
	const rows: string[] = [];
	const elapsed: number[] = [];
	for (const [id, batches] of [['BenchRdSingle001', false], ['BenchRdBatches01', true]] as const) {
		await n8n.importJson('workflow', rdWorkflow(id, batches));
		sandbox.injectFaults({ providers: ['rdstation'], rateLimit: { requests: RD_PER_MINUTE, windowMs: 60_000 }, retryAfterSeconds: 1 });
		sandbox.clearJournal();
		process.stdout.write(`- RD ${batches ? 'OAuth2, Send in Batches' : 'API key, one request per conversion'} … `);
		const { run } = await execute(n8n, id);
		const prefix = `${id.toLowerCase()}-`;
		const emails = sandbox.stores.rdstation.events.filter((event) => String(event.payload.email).startsWith(prefix)).map((event) => String(event.payload.email));
		const stored = new Set(emails).size;
		const requests = sandbox.journal.filter((entry) => entry.provider === 'rdstation' && entry.method === 'POST').length;
		const limited = sandbox.journal.filter((entry) => entry.provider === 'rdstation' && entry.status === 429).length;
		const ms = Number(run.executionTime ?? 0);
		elapsed.push(ms);
		console.log(`${(ms / 1000).toFixed(2)} s`);
		rows.push(
			`| ${batches ? 'OAuth2, Send in Batches' : 'API key, one per request'} | ${RD_ITEMS} | ${(ms / 1000).toFixed(2)} s | ${requests} | ${limited} | ${RD_ITEMS - stored} | ${emails.length - stored} |`,
		);
	}
	await n8n.stop();
	await sandbox.stop();
	return [
		`RD Station, ${RD_ITEMS} conversions, sandbox limit ${RD_PER_MINUTE} requests/min, both paced at it:`,
		'',
		'| path | conversions | elapsed | requests | 429s | failed | duplicated |',
		'|---|---:|---:|---:|---:|---:|---:|',
		...rows,
		'',
		'| ratio | value | target |',
		'|---|---:|---|',
		`| single ÷ batches (elapsed) | ${(elapsed[0] / Math.max(1, elapsed[1])).toFixed(0)}× | ≥ 50×, 0 failed, 0 duplicated |`,
	].join('\n');
}

/** 1,000 Nexor leads created one per request (concurrency 10, the default, and 1) and in batches, at the same sandbox latency. */
function nexorBulkWorkflow(id: string, options: { batches: boolean; concurrency: number }) {
	const rows = `={{ Array.from({ length: ${NEXOR_BULK_ITEMS} }, (_, i) => ({ name: "${id}-" + i, email: "${id.toLowerCase()}-" + i + "@example.com" })) }}`;
	const nodes = [
		...rowsNodes(id, rows),
		packageTarget(id, {
			type: 'nexor',
			typeVersion: 2,
			credentials: NEXOR_CREDENTIAL,
			parameters: {
				resource: 'lead',
				operation: 'create',
				firstName: '={{ $json.name }}',
				email: '={{ $json.email }}',
				sendInBatches: options.batches,
				requestOptions: { concurrency: options.concurrency },
			},
		}),
	];
	return { id, name: `bench Nexor ${options.batches ? 'batches' : `single c${options.concurrency}`}`, nodes, connections: chain(['Start', 'Rows', 'Items', 'Target']), active: false, settings: { executionOrder: 'v1' } };
}

async function nexorBulkComparison(): Promise<string> {
	const sandbox = await startSandbox({ latencyMs: LATENCY_MS });
	const runtime = await ensureRuntime(chosenRuntime());
	const n8n = N8nInstance.temporary(runtime);
	console.log(`\nNexor: ${NEXOR_BULK_ITEMS} leads, ${LATENCY_MS} ms latency per request, n8n ${runtime.version}`);
	await n8n.installPackage(await packPackage());
	await n8n.importJson('credentials', sandboxCredentialsForImport(sandbox));
	const scenarios = [
		{ id: 'BenchNxSingle10', label: 'one per request, concurrency 10 (default)', batches: false, concurrency: 10 },
		{ id: 'BenchNxSingle01', label: 'one per request, concurrency 1', batches: false, concurrency: 1 },
		{ id: 'BenchNxBatches1', label: 'Send in Batches (1,000 per request)', batches: true, concurrency: 10 },
	];
	const measured: Array<{ label: string; ms: number; requests: number }> = [];
	const rows: string[] = [];
	for (const scenario of scenarios) {
		await n8n.importJson('workflow', nexorBulkWorkflow(scenario.id, scenario));
		sandbox.clearJournal();
		process.stdout.write(`- Nexor ${scenario.label} … `);
		const { run } = await execute(n8n, scenario.id);
		const { stored, duplicated } = countStored(sandbox, scenario.id);
		const requests = sandbox.journal.filter((entry) => entry.provider === 'nexor' && entry.method === 'POST').length;
		const ms = Number(run.executionTime ?? 0);
		measured.push({ label: scenario.label, ms, requests });
		console.log(`${(ms / 1000).toFixed(2)} s, ${requests} requests`);
		rows.push(`| ${scenario.label} | ${NEXOR_BULK_ITEMS} | ${(ms / 1000).toFixed(2)} s | ${requests} | ${NEXOR_BULK_ITEMS - stored} | ${duplicated} |`);
	}
	await n8n.stop();
	await sandbox.stop();
	const [single, slow, batches] = measured;
	const ratio = (a: number, b: number) => `${(a / Math.max(1, b)).toFixed(0)}×`;
	return [
		`Nexor, ${NEXOR_BULK_ITEMS} leads, sandbox latency ${LATENCY_MS} ms per request:`,
		'',
		'| path | leads | elapsed | requests | failed | duplicated |',
		'|---|---:|---:|---:|---:|---:|',
		...rows,
		'',
		'| ratio | value | target (shown, not asserted) |',
		'|---|---:|---|',
		`| requests, one per request ÷ batches | ${ratio(single.requests, batches.requests)} | ≥ 100× |`,
		`| elapsed, one per request (concurrency 10) ÷ batches | ${ratio(single.ms, batches.ms)} | ≥ 20× |`,
		`| elapsed, one per request (concurrency 1) ÷ batches | ${ratio(slow.ms, batches.ms)} | ≥ 20× |`,
	].join('\n');
}

const FLOOR_PACKAGE = 'n8n-nodes-bench-floor';

/**
 * Installs the floor node types (scripts/benchFloor.ts) beside the package,
 * where n8n finds community packages: one per node of ours it copies.
 */
function installFloor(n8n: N8nInstance, nodes: Array<{ floor: string; module: string; exported: string }>): void {
	const directory = path.join(n8n.userFolder, '.n8n', 'nodes', 'node_modules', FLOOR_PACKAGE);
	mkdirSync(path.join(directory, 'dist'), { recursive: true });
	const source = readFileSync(path.join(__dirname, 'benchFloor.ts'), 'utf8');
	const compiled = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021 } });
	writeFileSync(path.join(directory, 'dist', 'floor.js'), compiled.outputText);
	const files: string[] = [];
	for (const node of nodes) {
		const className = node.floor[0].toUpperCase() + node.floor.slice(1);
		const file = `dist/${className}.node.js`;
		files.push(file);
		writeFileSync(
			path.join(directory, file),
			[
				`const { floorOf } = require('./floor');`,
				`const { ${node.exported} } = require('${PKG}/${node.module}');`,
				`exports.${className} = floorOf(new ${node.exported}(), '${node.floor}');`,
				'',
			].join('\n'),
		);
	}
	writeFileSync(
		path.join(directory, 'package.json'),
		`${JSON.stringify({ name: FLOOR_PACKAGE, version: '0.0.0', private: true, n8n: { n8nNodesApiVersion: 1, nodes: files, credentials: [] } }, null, 2)}\n`,
	);
}

interface FloorPath {
	id: string;
	label: string;
	items: number;
	/** Our node on the batch path (the workflow's Target). */
	workflow: (id: string) => { id: string; nodes: unknown[] };
	/** The floor node type copying it. */
	floorType: string;
	provider: 'nexor' | 'rdstation';
	/** The pace's least time between the first request's start and the last one's (none when unpaced). */
	paceMs: (requests: number) => number;
}

/**
 * The wire's share of a run: the time the sandbox spent on our requests,
 * from each one's arrival to its answer (its latency and its own work on a
 * batch of 1,000), overlaps counted once; at least the pace's spacing.
 */
function wireMs(sandbox: Sandbox, provider: string, arrivalsBefore: number, paceMs: number): { requests: number; ms: number } {
	const arrivals = sandbox.arrivals.slice(arrivalsBefore).filter((entry) => entry.provider === provider);
	const spans = arrivals
		.map((arrival) => [arrival.at, sandbox.journal.find((entry) => entry.body === arrival.body)?.at ?? arrival.at] as const)
		.sort((a, b) => a[0] - b[0]);
	let busy = 0;
	let coveredUntil = -Infinity;
	for (const [from, to] of spans) {
		busy += Math.max(0, to - Math.max(from, coveredUntil));
		coveredUntil = Math.max(coveredUntil, to);
	}
	const last = spans[spans.length - 1];
	return { requests: arrivals.length, ms: Math.max(busy, last ? paceMs + (last[1] - last[0]) : 0) };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
/** The machine's state, for reading the figures: cores and load average (1 min). */
const conditions = () => `${cpus().length} cores, load average ${loadavg()[0].toFixed(1)}`;

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * The batch paths against n8n's floor: each path's workflow with our node,
 * and the same workflow with the floor node in its place (same parameters,
 * same expressions, same rows), run alternately in one n8n, medians of
 * FLOOR_REPEAT runs each. ours ÷ floor is what our code adds to what n8n
 * itself costs per item; ideal = floor + the wire's least time.
 */
async function floorComparison(): Promise<string> {
	const sandbox = await startSandbox({ latencyMs: LATENCY_MS });
	const runtime = await ensureRuntime(chosenRuntime());
	const n8n = N8nInstance.temporary(runtime);
	const before = conditions();
	console.log(`\nBatch paths against n8n's floor: ${NEXOR_BULK_ITEMS} Nexor leads, ${RD_ITEMS} RD conversions, ${LATENCY_MS} ms latency, ${FLOOR_REPEAT} runs each, n8n ${runtime.version}, ${before}`);
	await n8n.installPackage(await packPackage());
	installFloor(n8n, [
		{ floor: 'floorNexor', module: 'dist/nodes/Nexor/Nexor.node.js', exported: 'Nexor' },
		{ floor: 'floorRdStationMarketing', module: 'dist/nodes/RdStationMarketing/RdStationMarketing.node.js', exported: 'RdStationMarketing' },
	]);
	await n8n.importJson('credentials', [...sandboxCredentialsForImport(sandbox), rdOAuthCredential(sandbox)]);
	const paths: FloorPath[] = [
		{
			id: 'BenchFlNexor',
			label: `Nexor, create lead, Send in Batches (${NEXOR_BULK_ITEMS} leads)`,
			items: NEXOR_BULK_ITEMS,
			workflow: (id) => nexorBulkWorkflow(id, { batches: true, concurrency: 10 }),
			floorType: 'floorNexor',
			provider: 'nexor',
			paceMs: () => 0,
		},
		{
			id: 'BenchFlRdConv',
			label: `RD, create conversion, Send in Batches (${RD_ITEMS} conversions)`,
			items: RD_ITEMS,
			workflow: (id) => rdWorkflow(id, true),
			floorType: 'floorRdStationMarketing',
			provider: 'rdstation',
			// Requests start at the pace (600/min, 3 % under).
			paceMs: (requests) => (requests - 1) * (60_000 / (RD_PER_MINUTE * 0.97)),
		},
	];
	const rows: string[] = [];
	for (const floorPath of paths) {
		const ours = floorPath.workflow(`${floorPath.id}O`);
		const floor = floorPath.workflow(`${floorPath.id}F`);
		// The floor node in our node's place: the same parameters and rows, no credential.
		floor.nodes = (floor.nodes as Array<Record<string, unknown>>).map((node) => (node.name === 'Target' ? { ...node, type: `${FLOOR_PACKAGE}.${floorPath.floorType}`, credentials: undefined } : node));
		await n8n.importJson('workflow', [ours, floor]);
		/** Per round: each run's time, the wire's, and the CPU of each whole n8n process. */
		const rounds: Array<{ ours: number; floor: number; wire: number; oursCpu: number; floorCpu: number }> = [];
		let requests = 0;
		let failed = 0;
		for (let round = 0; round < FLOOR_REPEAT; round++) {
			const measured = { ours: 0, floor: 0, wire: 0, oursCpu: 0, floorCpu: 0 };
			for (const kind of ['ours', 'floor'] as const) {
				sandbox.clearJournal();
				const arrivalsBefore = sandbox.arrivals.length;
				process.stdout.write(`- ${floorPath.label}, ${kind === 'ours' ? 'our node' : 'floor'} (run ${round + 1}) … `);
				const { run, cpuMs } = await execute(n8n, (kind === 'ours' ? ours : floor).id);
				const output = ((run.data as { main: Array<Array<{ json: IDataObjectLike }>> } | undefined)?.main?.[0] ?? []) as Array<{ json: IDataObjectLike }>;
				measured[kind] = Number(run.executionTime ?? 0);
				measured[kind === 'ours' ? 'oursCpu' : 'floorCpu'] = cpuMs;
				const wire = wireMs(sandbox, floorPath.provider, arrivalsBefore, 0);
				if (kind === 'ours') {
					const paced = wireMs(sandbox, floorPath.provider, arrivalsBefore, floorPath.paceMs(wire.requests));
					measured.wire = paced.ms;
					requests = paced.requests;
					failed = Math.max(failed, output.filter((item) => item.json.error).length, floorPath.items - output.length);
				} else if (output.length !== floorPath.items || wire.requests !== 0) {
					throw new Error(`the floor of ${floorPath.label} gave ${output.length} items and sent ${wire.requests} requests`);
				}
				console.log(`${seconds(measured[kind])}${kind === 'ours' ? ` (the sandbox on our requests: ${seconds(measured.wire)})` : ''}`);
			}
			rounds.push(measured);
		}
		// Ratios per round (ours and its floor ran one after the other), then their median: the machine's load drifts less within a round.
		const of = (pick: (round: (typeof rounds)[number]) => number) => median(rounds.map(pick));
		const range = (pick: (round: (typeof rounds)[number]) => number) => `${seconds(Math.min(...rounds.map(pick)))}–${seconds(Math.max(...rounds.map(pick)))}`;
		rows.push(
			[
				floorPath.label,
				requests,
				`${seconds(of((r) => r.floor))} (${range((r) => r.floor)})`,
				seconds(of((r) => r.wire)),
				`${seconds(of((r) => r.ours))} (${range((r) => r.ours)})`,
				of((r) => r.ours / r.floor).toFixed(2),
				of((r) => r.ours / (r.floor + r.wire)).toFixed(2),
				seconds(of((r) => r.oursCpu - r.floorCpu)),
				failed,
			].join(' | '),
		);
	}
	await n8n.stop();
	await sandbox.stop();
	return [
		`Batch paths against n8n's floor (the same workflow with a node reading the same parameters and sending nothing), n8n ${runtime.version}, ${LATENCY_MS} ms latency, medians of ${FLOOR_REPEAT} alternate runs (range in brackets); ${before} at the start, ${conditions()} at the end:`,
		'',
		'| batch path | requests | floor | wire | ours | ours ÷ floor | ours ÷ ideal | CPU, ours − floor | failed |',
		'|---|---:|---:|---:|---:|---:|---:|---:|---:|',
		...rows.map((row) => `| ${row} |`),
		'',
		'floor: n8n running a node that reads the same parameters with the same expressions and sends nothing; wire: the sandbox’s time on our requests (latency, its own work, at least the pace); ideal = floor + wire. Times are the node’s own (n8n’s executionTime), medians; ratios are medians of each round’s ratio. CPU, ours − floor: the whole n8n process’s CPU time (user + system) of our run minus the floor’s, median of the rounds — what our code costs, less sensitive to the machine’s load than times. Goal: ours ÷ floor ≤ 1.20 (shown, not asserted).',
	].join('\n');
}

/** A result table, printed and kept in test-results/ (for the README). */
function report(table: string, file: string) {
	console.log(`\n${table}`);
	mkdirSync(path.join(__dirname, '..', 'test-results'), { recursive: true });
	writeFileSync(path.join(__dirname, '..', 'test-results', file), `${table}\n`);
}

async function main() {
	if (ONLY === 'floor') {
		report(await floorComparison(), 'bench-floor.md');
		return;
	}
	if (ONLY === 'nexor-bulk') {
		const table = await nexorBulkComparison();
		report(table, 'bench-nexor-bulk.md');
		return;
	}
	if (ONLY === 'rd') {
		const table = await rdComparison();
		report(table, 'bench-rd.md');
		return;
	}
	const scenarios: Scenario[] = [
		{ label: 'our node, defaults (concurrency 10)', kind: 'ours', concurrency: 10, items: ITEMS },
		{ label: 'our node, concurrency 1', kind: 'ours', concurrency: 1, items: ITEMS },
		{ label: 'our node, concurrency 50', kind: 'ours', concurrency: 50, items: ITEMS },
		{ label: 'HTTP Request node, defaults (all at once)', kind: 'http', concurrency: 'all', items: ITEMS },
		{ label: 'HTTP Request node, batch 1', kind: 'http', concurrency: 1, items: ITEMS },
		{ label: 'HTTP Request node, batch 10', kind: 'http', concurrency: 10, items: ITEMS },
		{ label: 'HTTP Request node, batch 50', kind: 'http', concurrency: 50, items: ITEMS },
		{ label: 'raw undici loop, concurrency 1', kind: 'raw', concurrency: 1, items: ITEMS },
		{ label: 'raw undici loop, concurrency 10', kind: 'raw', concurrency: 10, items: ITEMS },
		{ label: 'raw undici loop, concurrency 50', kind: 'raw', concurrency: 50, items: ITEMS },
		{ label: `rate limit ${RATE_PER_SECOND}/s: our node paced at ${RATE_PER_SECOND}/s`, kind: 'ours', concurrency: 10, items: ITEMS, rateLimited: true },
		{ label: `rate limit ${RATE_PER_SECOND}/s: HTTP Request node, defaults`, kind: 'http', concurrency: 'all', items: ITEMS, rateLimited: true },
		{ label: `memory: our node, ${MEMORY_ITEMS} items`, kind: 'ours', concurrency: 10, items: MEMORY_ITEMS, measureMemory: true },
		{ label: `memory: HTTP Request node, ${MEMORY_ITEMS} items, batch 10`, kind: 'http', concurrency: 10, items: MEMORY_ITEMS, measureMemory: true },
	];

	const sandbox = await startSandbox({ latencyMs: LATENCY_MS });
	const runtime = await ensureRuntime(chosenRuntime());
	const n8n = N8nInstance.temporary(runtime);
	console.log(`Benchmark: ${ITEMS} items, ${LATENCY_MS} ms latency per request, sandbox ${sandbox.url}, n8n ${runtime.version} in ${n8n.userFolder}`);
	await n8n.installPackage(await packPackage());
	await n8n.importJson('credentials', [
		...sandboxCredentialsForImport(sandbox),
		{ id: 'BenchHeaderAuth01', name: 'Nexor key as header', type: 'httpHeaderAuth', data: { name: 'X-API-Key', value: SANDBOX_KEYS.nexor } },
	]);
	await n8n.importJson(
		'workflow',
		[...scenarios.entries()].filter(([, scenario]) => scenario.kind !== 'raw').map(([index, scenario]) => workflow(`Bench${String(index).padStart(10, '0')}`, scenario, sandbox)),
	);

	const results: Result[] = [];
	for (const [index, scenario] of scenarios.entries()) {
		const id = `Bench${String(index).padStart(10, '0')}`;
		sandbox.injectFaults(scenario.rateLimited ? { rateLimit: { requests: RATE_PER_SECOND, windowMs: 1000 }, retryAfterSeconds: 1 } : undefined);
		process.stdout.write(`- ${scenario.label} … `);
		if (scenario.kind === 'raw') {
			const raw = await rawLoop(sandbox, id, scenario.concurrency as number);
			results.push({ ...scenario, ...raw, duplicated: countStored(sandbox, id).duplicated });
		} else {
			const { run, peakRssMb } = await execute(n8n, id);
			const items = ((run.data as { main: Array<Array<{ json: IDataObjectLike }>> } | undefined)?.main?.[0] ?? []) as Array<{ json: IDataObjectLike }>;
			const ok = items.filter((item) => !item.json.error).length;
			const { stored, duplicated } = countStored(sandbox, id);
			results.push({
				...scenario,
				elapsedMs: Number(run.executionTime ?? 0),
				ok: stored,
				failed: scenario.items - stored,
				duplicated,
				peakRssMb: scenario.measureMemory ? peakRssMb : undefined,
				note: run.error ? `execution failed: ${String((run.error as { message?: string }).message).slice(0, 60)}` : ok !== stored ? `${ok} output items without error` : undefined,
			});
		}
		console.log(`${(results[results.length - 1].elapsedMs / 1000).toFixed(2)} s`);
	}
	await sandbox.stop();

	const find = (label: string) => results.find((result) => result.label.startsWith(label))!;
	const lines = [
		`| scenario | items | elapsed | ideal | elapsed ÷ ideal | ok | failed | duplicated | peak RSS |`,
		`|---|---:|---:|---:|---:|---:|---:|---:|---:|`,
		...results.map((result) =>
			[
				result.label + (result.note ? ` (${result.note})` : ''),
				result.items,
				`${(result.elapsedMs / 1000).toFixed(2)} s`,
				`${(idealMs(result) / 1000).toFixed(2)} s`,
				(result.elapsedMs / idealMs(result)).toFixed(2),
				result.ok,
				result.failed,
				result.duplicated,
				result.peakRssMb ? `${result.peakRssMb.toFixed(0)} MB` : '',
			].join(' | '),
		).map((row) => `| ${row} |`),
		'',
		'| ratio | value | target |',
		'|---|---:|---|',
		...[1, 10, 50].map((c) => {
			const ours = c === 10 ? find('our node, defaults') : find(`our node, concurrency ${c}`);
			return `| our node ÷ HTTP Request node, concurrency ${c} | ${(ours.elapsedMs / find(`HTTP Request node, batch ${c}`).elapsedMs).toFixed(2)} | ≤ 1.10 |`;
		}),
		...[1, 10, 50].map((c) => {
			const ours = c === 10 ? find('our node, defaults') : find(`our node, concurrency ${c}`);
			return `| our node ÷ raw loop, concurrency ${c} | ${(ours.elapsedMs / find(`raw undici loop, concurrency ${c}`).elapsedMs).toFixed(2)} | ≤ 1.30 |`;
		}),
		`| our node at concurrency 50 ÷ HTTP Request node at defaults | ${(find('our node, concurrency 50').elapsedMs / find('HTTP Request node, defaults').elapsedMs).toFixed(2)} | ≤ 1.00 |`,
		`| rate-limited: our node elapsed ÷ ideal | ${(find('rate limit').elapsedMs / idealMs(find('rate limit'))).toFixed(2)} | ≤ 1.15, 0 failed, 0 duplicated |`,
	];
	const table = `${lines.join('\n')}\n\n${await rdComparison()}\n\n${await nexorBulkComparison()}\n\n${await floorComparison()}`;
	report(table, 'bench.md');
}

type IDataObjectLike = Record<string, unknown>;

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
