/*
 * One real n8n: its own user folder, our packed tarball installed the way
 * "Settings → Community Nodes → Install" does, and the CLI and REST API n8n
 * itself offers. Used by `npm start` and the end-to-end tests.
 */
import type { ChildProcess } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { PACKAGE_NAME, PACKAGE_ROOT } from '../harness/engine';
import type { Runtime } from './n8nRuntime';
import { run } from './n8nRuntime';

/** A port nothing listens on now (for n8n, its task broker, a sandbox). */
export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

export const OWNER = { email: 'owner@example.com', firstName: 'Sandbox', lastName: 'Owner', password: 'Sandbox-Owner-1' };

/** `npm pack` of a built package (the all-in-one unless `dir` names a service package's folder); returns the tarball's path. */
export async function packPackage(destination = mkdtempSync(path.join(tmpdir(), 'lead-conversions-pack-')), dir = PACKAGE_ROOT): Promise<string> {
	await run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', destination], { cwd: dir, quiet: true });
	const tarball = readdirSync(destination).find((file) => file.endsWith('.tgz'));
	if (!tarball) throw new Error(`npm pack wrote no tarball into ${destination}`);
	return path.join(destination, tarball);
}

/** An execution as n8n lists it. */
export interface ExecutionRecord {
	id: string;
	status: string;
	/** How it started: `webhook` (a production URL), `manual` (the editor, a test URL), `trigger`, … */
	mode?: string;
}

/** The statuses of an execution that has not ended. */
const UNFINISHED = ['new', 'running', 'waiting', 'unknown'];

/** What n8n recorded of an execution's run (its `data`, unflattened). */
export interface ExecutionData {
	resultData: {
		runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> }; hints?: Array<{ message: string }>; error?: { message?: string } }>>;
		error?: { message?: string; description?: string };
	};
}

/** n8n keeps execution data in the `flatted` format: every string and object is an entry, referenced by its index. */
function unflatten(text: string): unknown {
	const entries = JSON.parse(text) as unknown[];
	const revived = new Map<number, unknown>();
	const revive = (index: number): unknown => {
		if (revived.has(index)) return revived.get(index);
		const entry = entries[index];
		if (entry === null || typeof entry !== 'object') return entry;
		const copy: Record<string, unknown> | unknown[] = Array.isArray(entry) ? [] : {};
		revived.set(index, copy);
		for (const [key, value] of Object.entries(entry)) (copy as Record<string, unknown>)[key] = typeof value === 'string' ? revive(Number(value)) : value;
		return copy;
	};
	return revive(0);
}

export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}

export class N8nInstance {
	private server?: ChildProcess;

	private cookie?: string;

	constructor(
		readonly runtime: Runtime,
		readonly userFolder: string,
		readonly port = 5678,
		/** More environment (queue mode: Redis, Postgres). */
		readonly extraEnv: NodeJS.ProcessEnv = {},
	) {}

	static temporary(runtime: Runtime, port?: number): N8nInstance {
		return new N8nInstance(runtime, mkdtempSync(path.join(tmpdir(), `n8n-${runtime.version}-`)), port);
	}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	env(): NodeJS.ProcessEnv {
		return {
			...process.env,
			// Jest sets NODE_ENV=test, under which n8n silences its logger (and `execute` its output).
			NODE_ENV: 'production',
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: 'lead-conversions-sandbox-encryption',
			N8N_PORT: String(this.port),
			N8N_HOST: '127.0.0.1',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'warn',
			N8N_SECURE_COOKIE: 'false',
			N8N_RUNNERS_ENABLED: 'true',
			N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			DB_SQLITE_POOL_SIZE: '2',
			EXECUTIONS_PROCESS: undefined,
			...this.extraEnv,
		};
	}

	/** Installs the tarball into `<user folder>/.n8n/nodes`, as n8n's community package installer does. */
	async installPackage(tarball: string): Promise<void> {
		const nodesDir = path.join(this.userFolder, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		// Kept once written: it lists the packages installed so far, which npm would otherwise remove as extraneous.
		if (!existsSync(path.join(nodesDir, 'package.json'))) {
			writeFileSync(
				path.join(nodesDir, 'package.json'),
				`${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2)}\n`,
			);
		}
		await run(
			'npm',
			['install', tarball, '--omit=dev', '--omit=peer', '--omit=optional', '--no-audit', '--no-fund', '--no-package-lock', '--bin-links=false'],
			{ cwd: nodesDir, quiet: true },
		);
	}

	/** Runs an n8n CLI command (`import:workflow`, `execute`, …). */
	async cli(args: string[], timeoutMs = 180_000): Promise<CliResult> {
		// `execute` starts task runners too: their broker on a port of its own.
		const broker = this.extraEnv.N8N_RUNNERS_BROKER_PORT ?? String(await freePort());
		return await new Promise((resolve) => {
			execFile(
				process.execPath,
				[this.runtime.bin, ...args],
				// `execute` prints its result through n8n's logger, at level info.
				{ env: { ...this.env(), N8N_LOG_LEVEL: 'info', N8N_RUNNERS_BROKER_PORT: broker }, cwd: this.userFolder, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
				(error, stdout, stderr) =>
					resolve({ code: error ? Number((error as { code?: number }).code ?? 1) || 1 : 0, stdout, stderr }),
			);
		});
	}

	async importJson(kind: 'credentials' | 'workflow', data: unknown): Promise<void> {
		// Credentials are in plain text here: a folder of our own (owner only), removed once n8n has read them.
		const folder = mkdtempSync(path.join(tmpdir(), 'n8n-import-'));
		const file = path.join(folder, `${kind}.json`);
		try {
			writeFileSync(file, JSON.stringify(data), { mode: 0o600 });
			const result = await this.cli([`import:${kind}`, `--input=${file}`]);
			if (result.code !== 0) throw new Error(`n8n import:${kind} failed: ${result.stderr}${result.stdout}`);
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
	}

	/** Starts `n8n start` and waits until it answers. */
	async start(log?: (line: string) => void, timeoutMs = 120_000): Promise<void> {
		// Its task runners' broker listens on a port of its own: several n8n may run at once (tests, helpers).
		const broker = this.extraEnv.N8N_RUNNERS_BROKER_PORT ?? String(await freePort());
		this.server = spawn(process.execPath, [this.runtime.bin, 'start'], {
			env: { ...this.env(), N8N_RUNNERS_BROKER_PORT: broker },
			cwd: this.userFolder,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		// The last lines n8n printed, to explain a failed start.
		let recent = '';
		const collect = (chunk: Buffer) => {
			recent = (recent + String(chunk)).slice(-4000);
			log?.(String(chunk));
		};
		this.server.stdout?.on('data', collect);
		this.server.stderr?.on('data', collect);
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.server.exitCode !== null) {
				throw new Error(`n8n exited with ${this.server.exitCode} while starting:\n${recent}`);
			}
			try {
				// /healthz answers before the REST API is mounted; /rest/settings only after.
				const response = await fetch(`${this.url}/rest/settings`);
				// n8n 2.41 answers every path with 200 "n8n is starting up. Please wait" (text) while it migrates.
				if (response.ok && response.headers.get('content-type')?.includes('json')) return;
			} catch {
				// not listening yet
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		throw new Error(`n8n did not answer on ${this.url} within ${timeoutMs / 1000} s`);
	}

	async stop(): Promise<void> {
		const server = this.server;
		if (!server || server.exitCode !== null) return;
		const exited = new Promise((resolve) => server.once('exit', resolve));
		server.kill('SIGTERM');
		const timer = setTimeout(() => server.kill('SIGKILL'), 15_000);
		await exited;
		clearTimeout(timer);
	}

	/** Stops n8n and starts it again on the same folder, database and port (an update, a container restart), logged in again. */
	async restart(log?: (line: string) => void): Promise<void> {
		await this.stop();
		await this.start(log);
		await this.setupOwnerAndLogin();
	}

	/** Creates the instance owner through n8n's setup endpoint (once), then logs in. */
	async setupOwnerAndLogin(): Promise<void> {
		await fetch(`${this.url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		const login = await fetch(`${this.url}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			// 1.x takes `email`, 2.x `emailOrLdapLoginId`: send both.
			body: JSON.stringify({ email: OWNER.email, emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
		});
		if (!login.ok) throw new Error(`n8n login failed: ${login.status} ${await login.text()}`);
		this.cookie = (login.headers.getSetCookie?.() ?? [])
			.map((cookie) => cookie.split(';')[0])
			.join('; ');
	}

	/** A call to n8n's REST API as the logged-in owner; returns the `data` of its answer. */
	async rest<T = unknown>(method: string, route: string, body?: unknown): Promise<T> {
		return await this.request<T>(method, `/rest${route}`, body);
	}

	/**
	 * The workflow's executions as n8n lists them (`statuses`: only those),
	 * newest first: its first page, the newest 100. Further pages are not
	 * read: 2.41 pages by a cursor over the start time that skips executions
	 * which started out of their ID's order (queue mode), so totals come from
	 * `executionCount`.
	 */
	async executions(workflowId: string, statuses?: string[]): Promise<ExecutionRecord[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId, ...(statuses && { status: statuses }) }));
		const page = await this.rest<{ results?: ExecutionRecord[] }>('GET', `/executions?filter=${filter}&limit=100`);
		return (page.results ?? []).map(({ id, status, mode }) => ({ id: String(id), status, mode })).sort((a, b) => Number(b.id) - Number(a.id));
	}

	/** How many executions of the workflow n8n recorded (`statuses`: only those; every status by default). */
	async executionCount(workflowId: string, statuses = [...UNFINISHED, 'success', 'error', 'canceled', 'crashed']): Promise<number> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId, status: statuses }));
		const { count } = await this.rest<{ count?: number }>('GET', `/executions?filter=${filter}&limit=1`);
		if (typeof count !== 'number' || count < 0) throw new Error(`n8n gave no execution count for workflow ${workflowId}`);
		return count;
	}

	/** What n8n recorded of one execution's run. */
	async executionData(id: string): Promise<ExecutionData> {
		const execution = await this.rest<{ data: string }>('GET', `/executions/${id}`);
		return unflatten(execution.data) as ExecutionData;
	}

	/** The error an execution ended with, as n8n recorded it. */
	async executionError(id: string): Promise<string | undefined> {
		const error = (await this.executionData(id)).resultData?.error;
		return error ? [error.message, error.description].filter(Boolean).join(' — ') : undefined;
	}

	/**
	 * Waits until `expected` executions of the workflow are recorded and none
	 * is new, queued or running (but those in `ignored`); returns the newest.
	 */
	async settledExecutions(workflowId: string, expected: number, timeoutMs: number, ignored = new Set<string>()): Promise<ExecutionRecord[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const unfinished = (await this.executions(workflowId, UNFINISHED)).filter((execution) => !ignored.has(execution.id));
			const count = await this.executionCount(workflowId);
			if (count >= expected && unfinished.length === 0) return await this.executions(workflowId);
			if (Date.now() > deadline) {
				throw new Error(`Executions did not finish within ${timeoutMs / 1000} s: ${count} of ${expected} recorded, ${unfinished.length} unfinished`);
			}
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
	}

	/** Any request to n8n as the logged-in owner; returns the `data` of its answer, or the answer. */
	async request<T = unknown>(method: string, route: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.url}${route}`, {
			method,
			headers: {
				'content-type': 'application/json',
				cookie: this.cookie ?? '',
				'browser-id': 'lead-conversions-e2e',
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} ${route} → ${response.status}: ${text.slice(0, 500)}`);
		const parsed = JSON.parse(text) as { data?: T };
		return (parsed.data ?? parsed) as T;
	}
}

export const installedNodeType = (node: string, packageName = PACKAGE_NAME) => `${packageName}.${node}`;
