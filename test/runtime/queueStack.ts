/*
 * n8n in queue mode, as teams run it when one process is not enough: Redis
 * (Bull's queue) and PostgreSQL from Debian's packages, run as child
 * processes on loopback with their data in a folder of ours; a main n8n,
 * K `n8n worker` processes and, when asked, an `n8n webhook` process (it
 * takes production webhook calls beside the main), sharing one encryption
 * key, each with our packed tarball installed in its own user folder (every
 * process loads community packages from its own `.n8n/nodes`). `stop()`
 * leaves nothing running.
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { freePort, N8nInstance } from './n8nInstance';
import type { Runtime } from './n8nRuntime';

/** The newest PostgreSQL Debian installed (bookworm has 15, trixie 17). */
function postgresBin(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const versions = readdirSync(root)
		.filter((version) => existsSync(path.join(root, version, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}


/** Installs Debian's redis-server and postgresql when missing (as .ci/run does for Chromium). */
export function ensureQueuePackages(log: (line: string) => void = console.log): void {
	if (existsSync('/usr/bin/redis-server') && postgresBin()) return;
	log("Installing Debian's redis-server and postgresql for queue mode…");
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
	execFileSync('apt-get', ['install', '-y', '-qq', 'redis-server', 'postgresql'], {
		stdio: 'inherit',
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	});
}

function waitForLine(child: ChildProcess, pattern: RegExp, what: string, timeoutMs = 60_000): Promise<void> {
	return new Promise((resolve, reject) => {
		let seen = '';
		const timer = setTimeout(() => reject(new Error(`${what} did not start within ${timeoutMs / 1000} s:\n${seen.slice(-3000)}`)), timeoutMs);
		const onData = (chunk: Buffer) => {
			seen += String(chunk);
			if (pattern.test(seen)) {
				clearTimeout(timer);
				resolve();
			}
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', onData);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`${what} exited with ${code}:\n${seen.slice(-3000)}`));
		});
	});
}

async function stopChild(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill(signal);
	const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
	await exited;
	clearTimeout(timer);
}

/** A worker process and what it printed. */
export interface Worker {
	name: string;
	process: ChildProcess;
	output: string;
}

export class QueueStack {
	readonly workers: Worker[] = [];

	/** The `n8n webhook` process, when the stack has one: its production URLs are `<url>/webhook/…`, as the main's. */
	webhook?: Worker & { url: string };

	private redis?: ChildProcess;

	private postgres?: ChildProcess;

	/** PostgreSQL's binaries and data folder, to stop it (`runuser` does not pass signals on to it). */
	private postgresData?: { bin: string; data: string };

	/** Folders outside `dataDir` to remove on stop. */
	private readonly temporary: string[] = [];

	private constructor(
		readonly runtime: Runtime,
		readonly dataDir: string,
		readonly main: N8nInstance,
		readonly env: NodeJS.ProcessEnv,
	) {}

	/**
	 * Starts Redis and Postgres in `dataDir`, installs the tarball into the
	 * main's and each worker's user folder; n8n itself starts with `startN8n`
	 * (after credentials and workflows are imported into Postgres).
	 */
	static async create(runtime: Runtime, dataDir: string, tarball: string, options: { workers: number; port?: number; webhookProcess?: boolean }): Promise<QueueStack> {
		ensureQueuePackages();
		rmSync(dataDir, { recursive: true, force: true });
		mkdirSync(dataDir, { recursive: true });
		const [redisPort, pgPort, n8nPort] = [await freePort(), await freePort(), options.port ?? (await freePort())];
		const env: NodeJS.ProcessEnv = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redisPort),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(pgPort),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: 'n8n',
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		};
		const main = new N8nInstance(runtime, path.join(dataDir, 'main'), n8nPort, env);
		const stack = new QueueStack(runtime, dataDir, main, env);
		await stack.startRedis(redisPort);
		await stack.startPostgres(pgPort);
		mkdirSync(main.userFolder, { recursive: true });
		await main.installPackage(tarball);
		const folders = Array.from({ length: options.workers }, (_, index) => path.join(dataDir, `worker-${index + 1}`));
		if (options.webhookProcess) folders.push(path.join(dataDir, 'webhook'));
		for (const folder of folders) {
			mkdirSync(folder, { recursive: true });
			await new N8nInstance(runtime, folder, 0, env).installPackage(tarball);
		}
		return stack;
	}

	private async startRedis(port: number) {
		const dir = path.join(this.dataDir, 'redis');
		mkdirSync(dir, { recursive: true });
		this.redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		await waitForLine(this.redis, /Ready to accept connections/, 'redis-server');
	}

	/**
	 * Postgres refuses to run as root: its folders belong to, and it runs as,
	 * the `postgres` user Debian creates. When that user cannot reach our data
	 * folder (a checkout in a private home), its data goes to a temporary one.
	 */
	private async startPostgres(port: number) {
		execFileSync('chmod', ['o+x', this.dataDir]);
		const reachable = spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-x', this.dataDir]).status === 0;
		const root = reachable ? this.dataDir : mkdtempSync(path.join(tmpdir(), 'lead-conversions-postgres-'));
		if (!reachable) this.temporary.push(root);
		execFileSync('chmod', ['o+x', root]);
		const data = path.join(root, 'postgres');
		const socket = path.join(root, 'postgres-socket');
		for (const dir of [data, socket]) {
			mkdirSync(dir, { recursive: true });
			chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
		}
		const bin = postgresBin()!;
		execFileSync('runuser', ['-u', 'postgres', '--', `${bin}/initdb`, '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync'], { stdio: 'ignore' });
		this.postgres = spawn(
			'runuser',
			['-u', 'postgres', '--', `${bin}/postgres`, '-D', data, '-p', String(port), '-k', socket, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
			{ stdio: ['ignore', 'pipe', 'pipe'] },
		);
		this.postgresData = { bin, data };
		await waitForLine(this.postgres, /ready to accept connections/, 'postgres');
		const psql = (sql: string) =>
			execFileSync('runuser', ['-u', 'postgres', '--', `${bin}/psql`, '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', sql], { stdio: 'ignore' });
		psql("CREATE USER n8n PASSWORD 'n8n'");
		psql('CREATE DATABASE n8n OWNER n8n');
	}

	/** The main process (webhooks, UI, REST), the workers that run the executions, and the webhook process if any. */
	async startN8n(workerConcurrency = 5): Promise<void> {
		await this.main.start();
		for (let index = 1; index <= this.workerFolders().length; index++) await this.startWorker(index, workerConcurrency);
		if (existsSync(path.join(this.dataDir, 'webhook'))) await this.startWebhookProcess();
	}

	/** `n8n webhook` on a port of its own: production webhook calls reach it or the main, as a load balancer sends them. */
	private async startWebhookProcess(): Promise<void> {
		const folder = path.join(this.dataDir, 'webhook');
		const port = await freePort();
		const instance = new N8nInstance(this.runtime, folder, port, { ...this.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		const child = spawn(process.execPath, [this.runtime.bin, 'webhook'], { env: { ...instance.env(), N8N_LOG_LEVEL: 'info' }, cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] });
		const webhook = { name: 'webhook', process: child, output: '', url: instance.url };
		const collect = (chunk: Buffer) => (webhook.output = (webhook.output + String(chunk)).slice(-200_000));
		child.stdout?.on('data', collect);
		child.stderr?.on('data', collect);
		this.webhook = webhook;
		await waitForLine(child, /Webhook listener waiting for requests/, 'n8n webhook', 120_000);
	}

	private workerFolders(): string[] {
		const folders: string[] = [];
		for (let index = 1; existsSync(path.join(this.dataDir, `worker-${index}`)); index++) folders.push(path.join(this.dataDir, `worker-${index}`));
		return folders;
	}

	async startWorker(index: number, concurrency = 5): Promise<Worker> {
		const folder = path.join(this.dataDir, `worker-${index}`);
		const instance = new N8nInstance(this.runtime, folder, 0, { ...this.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		const child = spawn(process.execPath, [this.runtime.bin, 'worker', `--concurrency=${concurrency}`], {
			env: { ...instance.env(), N8N_LOG_LEVEL: 'info' },
			cwd: folder,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const worker: Worker = { name: `worker-${index}`, process: child, output: '' };
		const collect = (chunk: Buffer) => (worker.output = (worker.output + String(chunk)).slice(-200_000));
		child.stdout?.on('data', collect);
		child.stderr?.on('data', collect);
		await waitForLine(child, /n8n worker is now ready|Worker started/i, worker.name, 120_000);
		this.workers.push(worker);
		return worker;
	}

	/** Kills a worker at once (SIGKILL): what a crash or an out-of-memory kill does. */
	kill(worker: Worker): void {
		worker.process.kill('SIGKILL');
	}

	async stop(): Promise<void> {
		await Promise.all([...this.workers, ...(this.webhook ? [this.webhook] : [])].map(async (child) => await stopChild(child.process)));
		await this.main.stop();
		if (this.postgresData && this.postgres?.exitCode === null) {
			const { bin, data } = this.postgresData;
			spawnSync('runuser', ['-u', 'postgres', '--', `${bin}/pg_ctl`, '-D', data, '-m', 'fast', '-w', '-t', '30', 'stop'], { stdio: 'ignore' });
		}
		await stopChild(this.postgres, 'SIGINT');
		await stopChild(this.redis);
		for (const folder of this.temporary) rmSync(folder, { recursive: true, force: true });
	}
}
