/*
 * Pinned n8n runtimes, installed once into a cache outside the clone (keyed by
 * version) and reused by `npm start`, the engine suites (which load n8n-core
 * and n8n-workflow from them), the end-to-end tests and later CI runs. Each
 * lives in its own folder with its own package.json, because the `overrides`
 * n8n needs on this registry may not go into ours.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export interface RuntimeSpec {
	version: string;
	/** Registry gaps: packages pinned to versions this registry serves (see ../shared/n8n-notes.md). */
	overrides: Record<string, string>;
	/**
	 * Packages whose install script is not run (npm's `allowScripts` denial):
	 * native add-ons that fetch a prebuilt binary from outside the registry and
	 * cannot build here. n8n loads the node that needs one only when it is used.
	 */
	denyScripts?: string[];
}

/*
 * The same pins serve every runtime here: linkedom and xlsx (newer releases
 * are missing from this registry) and langgraph (a checkpoint release that
 * needs a newer @langchain/core keeps `n8n start` from loading).
 */
const REGISTRY_PINS = {
	linkedom: '0.18.12',
	xlsx: '0.18.5',
	'@langchain/langgraph': '1.0.2',
	'@langchain/langgraph-checkpoint': '1.0.0',
};

/**
 * The runtimes the package is proven in, newest first: the newest 2.x this
 * registry serves completely (2.41.3 misses its @n8n/* patch releases), the
 * 2.x most users were on when the package was first proven, and the newest 1.x.
 */
export const RUNTIMES: Record<'2.41.1' | '2.30.0' | '1.123.81', RuntimeSpec> = {
	/*
	 * n8n-nodes-base 2.41 depends on @confluentinc/kafka-javascript, whose install
	 * downloads librdkafka's binary (or its dependencies' sources) from GitHub:
	 * neither is reachable here. Only n8n's Kafka nodes need it.
	 */
	'2.41.1': { version: '2.41.1', overrides: REGISTRY_PINS, denyScripts: ['@confluentinc/kafka-javascript'] },
	'2.30.0': { version: '2.30.0', overrides: REGISTRY_PINS },
	'1.123.81': { version: '1.123.81', overrides: REGISTRY_PINS },
};

export type RuntimeName = keyof typeof RUNTIMES;

export const RUNTIME_NAMES = Object.keys(RUNTIMES) as RuntimeName[];

/**
 * The runtimes a test run covers: all of them, or those N8N_RUNTIMES names
 * (`N8N_RUNTIMES=2.30.0,1.123.81 npm test`): the engine projects of
 * jest.config.ts and the end-to-end suites that run in every runtime.
 */
export function matrixRuntimes(): RuntimeName[] {
	const wanted = (process.env.N8N_RUNTIMES ?? RUNTIME_NAMES.join(','))
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	const unknown = wanted.filter((name) => !(RUNTIME_NAMES as string[]).includes(name));
	if (unknown.length) throw new Error(`N8N_RUNTIMES names ${unknown.join(', ')}; the runtimes are ${RUNTIME_NAMES.join(', ')}`);
	return RUNTIME_NAMES.filter((name) => wanted.includes(name));
}

/** What `npm start`, the benches and the single-runtime end-to-end tests use. */
export const NEWEST: RuntimeName = '2.41.1';

/** `N8N_VERSION=2.30.0 npm start` picks another runtime of the matrix. */
export function chosenRuntime(fallback: RuntimeName = NEWEST): RuntimeName {
	const asked = process.env.N8N_VERSION;
	if (!asked) return fallback;
	if (!(asked in RUNTIMES)) {
		throw new Error(`N8N_VERSION=${asked} is not one of the proven runtimes: ${RUNTIME_NAMES.join(', ')}`);
	}
	return asked as RuntimeName;
}

export const CACHE_ROOT =
	process.env.N8N_RUNTIME_CACHE ?? path.join(homedir(), '.cache', 'n8n-nodes-lead-conversions');

export interface Runtime {
	name: RuntimeName;
	version: string;
	dir: string;
	/** n8n's own CLI entry point, run with the Node 24 this project installs. */
	bin: string;
	/** The folder whose `node_modules` holds this runtime's n8n-core and n8n-workflow. */
	modules: string;
}

export function runtimeDir(spec: RuntimeSpec): string {
	return path.join(CACHE_ROOT, `n8n-${spec.version}`);
}

export function runtimeOf(name: RuntimeName): Runtime {
	const spec = RUNTIMES[name];
	const dir = runtimeDir(spec);
	return { name, version: spec.version, dir, bin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'), modules: path.join(dir, 'node_modules') };
}

/** The install marker records the recipe, so that a changed recipe installs anew. */
const recipeOf = (spec: RuntimeSpec) => JSON.stringify(spec);

export function isInstalled(name: RuntimeName): boolean {
	const marker = path.join(runtimeDir(RUNTIMES[name]), '.installed');
	return existsSync(marker) && readFileSync(marker, 'utf8').split('\n')[0] === recipeOf(RUNTIMES[name]);
}

export function run(
	command: string,
	args: string[],
	options: { cwd: string; env?: NodeJS.ProcessEnv; quiet?: boolean; logFile?: string; onLine?: (line: string) => void },
): Promise<void> {
	return new Promise((resolve, reject) => {
		const logged = options.logFile !== undefined || options.onLine !== undefined;
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			stdio: options.quiet ? 'ignore' : logged ? ['ignore', 'pipe', 'pipe'] : 'inherit',
		});
		if (logged && !options.quiet) {
			const file = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
			let partial = '';
			const take = (chunk: Buffer) => {
				file?.write(chunk);
				const lines = (partial + String(chunk)).split('\n');
				partial = lines.pop() ?? '';
				for (const line of lines) options.onLine?.(line);
			};
			child.stdout?.on('data', take);
			child.stderr?.on('data', take);
			child.on('close', () => file?.end());
		}
		child.on('error', reject);
		child.on('exit', (code) =>
			code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
		);
	});
}

/** Megabytes under `dir` so far (for the progress line; 0 when it cannot be read). */
function sizeMb(dir: string): Promise<number> {
	return new Promise((resolve) => {
		const du = spawn('du', ['-sm', dir], { stdio: ['ignore', 'pipe', 'ignore'] });
		let out = '';
		du.stdout.on('data', (chunk: Buffer) => (out += String(chunk)));
		du.on('close', () => resolve(Number.parseInt(out, 10) || 0));
		du.on('error', () => resolve(0));
	});
}

/** One line that rewrites itself on a terminal (a line every 15 s otherwise, as in CI logs). */
export function progressLine(write: (text: string) => void = (text) => process.stdout.write(text)) {
	const tty = process.stdout.isTTY === true;
	let lastPrinted = 0;
	return {
		update(text: string) {
			if (tty) write(`\r\u001b[K${text}`);
			else if (Date.now() - lastPrinted >= 15_000) {
				write(`${text}\n`);
				lastPrinted = Date.now();
			}
		},
		done(text: string) {
			write(tty ? `\r\u001b[K${text}\n` : `${text}\n`);
		},
	};
}

/**
 * Installs the runtime if it is not in the cache yet and returns it. npm's
 * own log goes to a file beside the runtime; the console gets one progress
 * line (packages fetched, MB on disk, elapsed) and, on failure, the log's path.
 */
export async function ensureRuntime(name: RuntimeName, log: (line: string) => void = console.log): Promise<Runtime> {
	const spec = RUNTIMES[name];
	const runtime = runtimeOf(name);
	if (isInstalled(name)) return runtime;

	const logFile = path.join(CACHE_ROOT, `n8n-${spec.version}.install.log`);
	log(`Installing n8n ${spec.version} into ${runtime.dir} (once; later runs reuse it). npm's log: ${logFile}`);
	rmSync(runtime.dir, { recursive: true, force: true });
	mkdirSync(runtime.dir, { recursive: true });
	writeFileSync(logFile, '');
	writeFileSync(
		path.join(runtime.dir, 'package.json'),
		`${JSON.stringify(
			{
				name: `n8n-runtime-${spec.version}`,
				private: true,
				overrides: spec.overrides,
				allowScripts: spec.denyScripts ? Object.fromEntries(spec.denyScripts.map((name) => [name, false])) : undefined,
			},
			null,
			2,
		)}\n`,
	);
	const started = Date.now();
	const progress = progressLine();
	let fetched = 0;
	let megabytes = 0;
	const show = () =>
		progress.update(`  n8n ${spec.version}: ${fetched} packages fetched, ${megabytes} MB, ${Math.round((Date.now() - started) / 1000)} s`);
	const timer = setInterval(() => {
		void sizeMb(runtime.dir).then((mb) => (megabytes = mb));
		show();
	}, 2000);
	try {
		await run(
			'npm',
			['install', `n8n@${spec.version}`, '--save-exact', '--legacy-peer-deps', '--no-audit', '--no-fund', '--loglevel=http'],
			{ cwd: runtime.dir, logFile, onLine: (line) => /\bhttp fetch GET 200\b/.test(line) && fetched++ },
		);
	} catch (error) {
		progress.done(`  n8n ${spec.version}: the install failed after ${Math.round((Date.now() - started) / 1000)} s; npm's whole log: ${logFile}`);
		throw error;
	} finally {
		clearInterval(timer);
	}
	if (!existsSync(runtime.bin)) throw new Error(`n8n ${spec.version} installed, but ${runtime.bin} is missing (npm's log: ${logFile})`);
	megabytes = await sizeMb(runtime.dir);
	const seconds = Math.round((Date.now() - started) / 1000);
	writeFileSync(path.join(runtime.dir, '.installed'), `${recipeOf(spec)}\n${new Date().toISOString()} ${seconds}s\n`);
	progress.done(`  n8n ${spec.version}: installed, ${fetched} packages fetched, ${megabytes} MB, ${seconds} s`);
	return runtime;
}

if (require.main === module) {
	const names = (process.argv.slice(2).length ? process.argv.slice(2) : RUNTIME_NAMES) as RuntimeName[];
	(async () => {
		for (const name of names) {
			if (!(name in RUNTIMES)) throw new Error(`Unknown runtime ${name}: one of ${RUNTIME_NAMES.join(', ')}`);
			await ensureRuntime(name);
		}
	})().catch((error) => {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	});
}
