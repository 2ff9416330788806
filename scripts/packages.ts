/*
 * The four npm packages built from this one source tree:
 *
 * - n8n-nodes-lead-conversions (this folder): every node, as existing workflows reference them;
 * - n8n-nodes-nexor, n8n-nodes-nateq, n8n-nodes-rd-station-marketing (packages/<service>/):
 *   one service each, as n8n's verification asks.
 *
 * A service package's folder holds only what differs (package.json, README.md, CHANGELOG.md).
 * The build generates the rest there: its own nodes/ and credentials/ sources (what n8n's
 * linter and scanner read: the files its package.json names and every file they import, so a
 * service package can never reach into another service), their compiled JavaScript in dist/
 * (the all-in-one's, with the package's own name and homepage), the icons and codex files
 * they use, the example workflows that use only its nodes (node types renamed), the licence
 * and n8n's default eslint.config.mjs. The generated paths are git-ignored.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');
export const ALL_IN_ONE = 'n8n-nodes-lead-conversions';

export interface PackageJson {
	name: string;
	version: string;
	homepage: string;
	files: string[];
	n8n: { nodes: string[]; credentials: string[]; strict?: boolean };
	[key: string]: unknown;
}

export interface PublishedPackage {
	/** The folder npm publishes from. */
	dir: string;
	json: PackageJson;
	/** Whether this is the all-in-one package (the root), whose sources are the tree itself. */
	allInOne: boolean;
}

/** What the build writes into a service package's folder (and .gitignore keeps out of git). */
export const GENERATED = ['nodes', 'credentials', 'dist', 'examples', 'LICENSE', 'eslint.config.mjs', 'node_modules'];

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** The all-in-one first, then the service packages in packages/. */
export function publishedPackages(): PublishedPackage[] {
	const services = readdirSync(path.join(ROOT, 'packages'), { withFileTypes: true })
		.filter((entry) => entry.isDirectory() && existsSync(path.join(ROOT, 'packages', entry.name, 'package.json')))
		.map((entry) => path.join(ROOT, 'packages', entry.name))
		.sort();
	return [ROOT, ...services].map((dir) => ({ dir, json: readJson<PackageJson>(path.join(dir, 'package.json')), allInOne: dir === ROOT }));
}

export function packageNamed(name: string): PublishedPackage {
	const found = publishedPackages().find((entry) => entry.json.name === name);
	if (!found) throw new Error(`No package named ${name}; the packages are ${publishedPackages().map((entry) => entry.json.name).join(', ')}`);
	return found;
}

/** `dist/nodes/Nexor/Nexor.node.js` → `nodes/Nexor/Nexor.node.ts` */
const sourceOf = (distFile: string) => distFile.replace(/^dist\//, '').replace(/\.js$/, '.ts');

const RELATIVE_IMPORT = /(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/g;
const FILE_REFERENCE = /'file:([^']+)'/g;

/**
 * The source files a package ships, from the entries its package.json names: every module they
 * import (relatively), every `file:` icon they reference, and each node's codex file.
 */
export function sourceClosure(entries: string[]): string[] {
	const seen = new Set<string>();
	const visit = (file: string) => {
		if (seen.has(file)) return;
		const absolute = path.join(ROOT, file);
		if (!existsSync(absolute)) throw new Error(`${file} is referenced but does not exist`);
		seen.add(file);
		if (!file.endsWith('.ts')) return;
		const text = readFileSync(absolute, 'utf8');
		const from = path.dirname(file);
		for (const [, specifier] of text.matchAll(RELATIVE_IMPORT)) {
			const target = path.normalize(path.join(from, specifier));
			visit(existsSync(path.join(ROOT, `${target}.ts`)) ? `${target}.ts` : path.join(target, 'index.ts'));
		}
		for (const [, icon] of text.matchAll(FILE_REFERENCE)) visit(path.normalize(path.join(from, icon)));
		const codex = file.replace(/\.node\.ts$/, '.node.json');
		if (file.endsWith('.node.ts') && existsSync(path.join(ROOT, codex))) visit(codex);
	};
	entries.forEach(visit);
	const outside = [...seen].filter((file) => !/^(nodes|credentials)\//.test(file));
	if (outside.length) throw new Error(`A package may ship only nodes/ and credentials/, but these are reached: ${outside.join(', ')}`);
	return [...seen].sort();
}

/** The node's short name in a type (`n8n-nodes-lead-conversions.nexorTool` → `nexor`). */
const nodeNameOf = (type: string) => type.slice(type.indexOf('.') + 1).replace(/Tool$/, '');

/** The all-in-one's example workflows that use only this package's nodes (and n8n's own), with their node types renamed. */
export function examplesFor(pkg: PublishedPackage, nodeNames: string[]): Array<{ file: string; json: { nodes: Array<{ type: string }> } }> {
	const dir = path.join(ROOT, 'examples');
	return readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, json: readJson<{ nodes: Array<{ type: string }> }>(path.join(dir, file)) }))
		.filter(({ json }) => {
			const ours = json.nodes.filter((node) => node.type.startsWith(`${ALL_IN_ONE}.`));
			return ours.length > 0 && ours.every((node) => nodeNames.includes(nodeNameOf(node.type)));
		})
		.map(({ file, json }) => ({
			file,
			json: JSON.parse(JSON.stringify(json).replaceAll(`"${ALL_IN_ONE}.`, `"${pkg.json.name}.`)) as typeof json,
		}));
}

/** The node names a package's n8n section lists (`nexor`, `nexorTrigger`), as n8n derives them from the classes. */
export function nodeNamesOf(pkg: PublishedPackage): string[] {
	return pkg.json.n8n.nodes.map((file) => {
		const className = path.basename(file, '.node.js');
		return className.charAt(0).toLowerCase() + className.slice(1);
	});
}

const allInOneHomepage = () => readJson<PackageJson>(path.join(ROOT, 'package.json')).homepage;

/** A source or codex file as the service package ships it: its own package name and homepage in place of the all-in-one's. */
function rename(pkg: PublishedPackage, text: string): string {
	return text.replaceAll(`${allInOneHomepage()}#`, `${pkg.json.homepage}#`).replaceAll(`"${ALL_IN_ONE}.`, `"${pkg.json.name}.`);
}

/** Writes a service package's generated files (see the top of this file); the all-in-one's dist/ must be built. */
export function generateServicePackage(pkg: PublishedPackage): { files: string[]; examples: string[] } {
	if (pkg.allInOne) throw new Error('The all-in-one package is the tree itself');
	for (const generated of GENERATED) rmSync(path.join(pkg.dir, generated), { recursive: true, force: true });
	const entries = [...pkg.json.n8n.credentials, ...pkg.json.n8n.nodes].map(sourceOf);
	const files = sourceClosure(entries);
	for (const file of files) {
		const target = path.join(pkg.dir, file);
		mkdirSync(path.dirname(target), { recursive: true });
		if (file.endsWith('.svg')) {
			cpSync(path.join(ROOT, file), target);
			cpSync(path.join(ROOT, file), path.join(pkg.dir, 'dist', file));
			continue;
		}
		writeFileSync(target, rename(pkg, readFileSync(path.join(ROOT, file), 'utf8')));
		const compiled = file.endsWith('.ts') ? `dist/${file.replace(/\.ts$/, '.js')}` : `dist/${file}`;
		mkdirSync(path.dirname(path.join(pkg.dir, compiled)), { recursive: true });
		writeFileSync(path.join(pkg.dir, compiled), rename(pkg, readFileSync(path.join(ROOT, compiled), 'utf8')));
	}
	const examples = examplesFor(pkg, nodeNamesOf(pkg));
	mkdirSync(path.join(pkg.dir, 'examples'), { recursive: true });
	for (const { file, json } of examples) writeFileSync(path.join(pkg.dir, 'examples', file), `${JSON.stringify(json, null, '\t')}\n`);
	cpSync(path.join(ROOT, 'LICENSE'), path.join(pkg.dir, 'LICENSE'));
	// n8n's default lint configuration, to the letter: `n8n-node lint` refuses any other in strict mode.
	cpSync(path.join(ROOT, 'node_modules/@n8n/node-cli/dist/template/templates/shared/default/eslint.config.mjs'), path.join(pkg.dir, 'eslint.config.mjs'));
	// `n8n-node lint` runs `npm exec eslint` in the package's folder: the tree's tools, as an installed package would have them.
	symlinkSync(path.join('..', '..', 'node_modules'), path.join(pkg.dir, 'node_modules'), 'dir');
	return { files, examples: examples.map((example) => example.file) };
}
