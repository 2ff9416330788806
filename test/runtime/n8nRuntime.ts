/*
 * Pinned n8n runtimes, installed once into a cache outside the clone (keyed by
 * version) and reused by `npm start`, the end-to-end tests and later CI runs.
 * Each lives in its own folder with its own package.json, because the
 * `overrides` n8n needs on this registry may not go into ours.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export interface RuntimeSpec {
	version: string;
	/** Registry gaps: packages pinned to versions this registry serves (see ../shared/n8n-notes.md). */
	overrides: Record<string, string>;
}

export const RUNTIMES = {
	/** The newest 2.x this registry serves completely (2.35+ miss dependencies). */
	v2: {
		version: '2.30.0',
		overrides: {
			linkedom: '0.18.12',
			xlsx: '0.18.5',
			'@langchain/langgraph': '1.0.2',
			'@langchain/langgraph-checkpoint': '1.0.0',
		},
	},
	/**
	 * The newest 1.x, which many users still run. Without the langgraph pins its
	 * `start` command fails to load (a checkpoint release needing a newer @langchain/core).
	 */
	v1: {
		version: '1.123.81',
		overrides: {
			linkedom: '0.18.12',
			xlsx: '0.18.5',
			'@langchain/langgraph': '1.0.2',
			'@langchain/langgraph-checkpoint': '1.0.0',
		},
	},
} satisfies Record<string, RuntimeSpec>;

export type RuntimeName = keyof typeof RUNTIMES;

export const CACHE_ROOT =
	process.env.N8N_RUNTIME_CACHE ?? path.join(homedir(), '.cache', 'n8n-nodes-lead-conversions');

export interface Runtime {
	name: RuntimeName;
	version: string;
	dir: string;
	/** n8n's own CLI entry point, run with the Node 24 this project installs. */
	bin: string;
}

export function runtimeDir(spec: RuntimeSpec): string {
	return path.join(CACHE_ROOT, `n8n-${spec.version}`);
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
	options: { cwd: string; env?: NodeJS.ProcessEnv; quiet?: boolean },
): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			stdio: options.quiet ? 'ignore' : 'inherit',
		});
		child.on('error', reject);
		child.on('exit', (code) =>
			code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
		);
	});
}

/** Installs the runtime if it is not in the cache yet (progress shown), and returns it. */
export async function ensureRuntime(name: RuntimeName, log: (line: string) => void = console.log): Promise<Runtime> {
	const spec = RUNTIMES[name];
	const dir = runtimeDir(spec);
	const runtime: Runtime = { name, version: spec.version, dir, bin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n') };
	if (isInstalled(name)) return runtime;

	log(`Installing n8n ${spec.version} into ${dir} (once; later runs reuse it)…`);
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	writeFileSync(
		path.join(dir, 'package.json'),
		`${JSON.stringify({ name: `n8n-runtime-${spec.version}`, private: true, overrides: spec.overrides }, null, 2)}\n`,
	);
	const started = Date.now();
	await run(
		'npm',
		['install', `n8n@${spec.version}`, '--save-exact', '--legacy-peer-deps', '--no-audit', '--no-fund', '--loglevel=http'],
		{ cwd: dir },
	);
	if (!existsSync(runtime.bin)) throw new Error(`n8n ${spec.version} installed, but ${runtime.bin} is missing`);
	writeFileSync(
		path.join(dir, '.installed'),
		`${recipeOf(spec)}\n${new Date().toISOString()} ${Math.round((Date.now() - started) / 1000)}s\n`,
	);
	log(`n8n ${spec.version} installed in ${Math.round((Date.now() - started) / 1000)} s.`);
	return runtime;
}

if (require.main === module) {
	const names = (process.argv.slice(2).length ? process.argv.slice(2) : ['v2']) as RuntimeName[];
	(async () => {
		for (const name of names) await ensureRuntime(name);
	})().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
