/*
 * The four npm packages as n8n and npm see them (scripts/packages.ts builds them; `npm run lint`
 * runs `n8n-node lint` on each): what each tarball holds, n8n's package scanner on each, the
 * codex and credential links into each README, the release's dry runs, and proof that each of
 * these checks can fail.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { PublishedPackage } from '../scripts/packages';
import { ALL_IN_ONE, GENERATED, nodeNamesOf, publishedPackages, ROOT } from '../scripts/packages';

jest.setTimeout(180_000);

const NODE = process.execPath;
const N8N_NODE = path.join(ROOT, 'node_modules/@n8n/node-cli/bin/n8n-node.mjs');
const packages = publishedPackages();
const work = mkdtempSync(path.join(tmpdir(), 'lead-conversions-publishing-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * The environment users and n8n run these tools in. Jest sets NODE_ENV=test, under which
 * eslint-plugin-n8n-nodes-base takes fixture file names for real ones (and refuses every node).
 */
function userEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${path.join(ROOT, 'node_modules/.bin')}:${process.env.PATH}`, FORCE_COLOR: '0' };
	delete env.NODE_ENV;
	return env;
}

/** `npm pack` of a package folder: the tarball, its files (without npm's `package/`) and its folder unpacked. */
function pack(dir: string) {
	const destination = mkdtempSync(path.join(work, 'pack-'));
	const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], { cwd: dir, encoding: 'utf8' })) as Array<{ filename: string }>;
	const tarball = path.join(destination, filename);
	const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
		.split('\n')
		.filter(Boolean)
		.map((entry) => entry.replace(/^package\//, ''));
	execFileSync('tar', ['-xzf', tarball, '-C', destination]);
	return { tarball, files, unpacked: path.join(destination, 'package') };
}

/** n8n's scanner (its exported analyzer) on a folder: `source` as n8n lints the attested checkout, `tarball` as the published package. */
function scan(dir: string, leg: 'source' | 'tarball') {
	const result = spawnSync(NODE, [path.join(ROOT, 'scripts/scan.mjs'), dir, leg], { encoding: 'utf8', env: userEnv() });
	return { status: result.status, ...(JSON.parse(result.stdout || '{}') as { passed?: boolean; details?: string }) };
}

/** `n8n-node lint` in a folder, as a developer runs it. */
function n8nNodeLint(dir: string) {
	const result = spawnSync(NODE, [N8N_NODE, 'lint'], { cwd: dir, encoding: 'utf8', env: userEnv() });
	return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The anchors GitHub gives a README's headings (github-slugger: lower case, punctuation dropped, spaces to hyphens, repeats numbered). */
function headingAnchors(markdown: string): Set<string> {
	const seen = new Map<string, number>();
	const anchors = new Set<string>();
	let fenced = false;
	for (const line of markdown.split('\n')) {
		if (/^```/.test(line)) fenced = !fenced;
		const heading = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (!heading) continue;
		const base = heading[1]
			.replace(/`/g, '')
			.toLowerCase()
			.replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
			.replace(/\s/g, '-');
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		anchors.add(count ? `${base}-${count}` : base);
	}
	return anchors;
}

/** The README a documentation link opens: the package's own (its homepage is its folder on GitHub). */
function readmeOf(url: string): { file: string; anchor: string } {
	const [page, anchor = ''] = url.split('#');
	const owner = packages.find((pkg) => pkg.json.homepage === page);
	if (!owner) throw new Error(`${url} is not a package's homepage`);
	return { file: path.join(owner.dir, 'README.md'), anchor };
}

/** [packed, unpacked] KB. */
const SIZE_BUDGETS_KB: Record<string, [number, number]> = {
	'n8n-nodes-lead-conversions': [140, 600],
	'n8n-nodes-nexor': [85, 360],
	'n8n-nodes-rd-station-marketing': [80, 330],
	'n8n-nodes-nateq': [35, 125],
};

const tarballs = new Map<string, ReturnType<typeof pack>>();
const tarballOf = (pkg: PublishedPackage) => {
	if (!tarballs.has(pkg.json.name)) tarballs.set(pkg.json.name, pack(pkg.dir));
	return tarballs.get(pkg.json.name)!;
};

describe.each(packages.map((pkg) => [pkg.json.name, pkg] as const))('%s', (name, pkg) => {
	const service = !pkg.allInOne;

	test('package.json: n8n’s rules for a community package; strict (cloud support) for a service package', () => {
		const json = pkg.json as PublishedPackage['json'] & Record<string, never>;
		expect(name).toMatch(/^n8n-nodes-[a-z0-9-]+$/);
		expect(json.keywords).toContain('n8n-community-node-package');
		expect(json.license).toBe('MIT');
		expect(json.dependencies ?? {}).toEqual({});
		expect(json.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(json.overrides).toBeUndefined();
		for (const script of ['prepare', 'preinstall', 'install', 'postinstall']) expect((json.scripts ?? {})[script]).toBeUndefined();
		expect(json.version).toMatch(/^\d+\.\d+\.\d+$/);
		expect(readFileSync(path.join(pkg.dir, 'CHANGELOG.md'), 'utf8')).toContain(`## [${json.version}] - `);
		expect(json.author).toEqual({ name: expect.any(String), email: expect.stringMatching(/@/) });
		expect((json.repository as { url: string }).url).toBe(`git+${packages[0].json.homepage}.git`);
		expect((json.bugs as { url: string }).url).toBe(`${packages[0].json.homepage}/issues`);
		expect(json.n8n.strict).toBe(service);
		expect(json.files).toEqual(service ? ['dist', 'examples', 'CHANGELOG.md'] : ['dist', 'CHANGELOG.md']);
		if (service) {
			expect(json.homepage).toBe(`${packages[0].json.homepage}/tree/main/${path.relative(ROOT, pkg.dir)}`);
			expect((json.repository as { directory: string }).directory).toBe(path.relative(ROOT, pkg.dir));
			// The folder holds only what differs; everything else is generated by the build (and ignored by git).
			const committed = execFileSync('git', ['ls-files', path.relative(ROOT, pkg.dir)], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean).map((file) => path.basename(file));
			expect(committed.sort()).toEqual(['CHANGELOG.md', 'README.md', 'package.json']);
			for (const generated of GENERATED) expect(existsSync(path.join(pkg.dir, generated))).toBe(true);
		}
	});

	test('the tarball: its dist/, examples, README, CHANGELOG, LICENSE and package.json only; every n8n path in it; within its size budget', () => {
		const { tarball, files, unpacked } = tarballOf(pkg);
		const size = statSync(tarball).size;
		const unpackedBytes = files.reduce((sum, file) => sum + statSync(path.join(unpacked, file)).size, 0);
		console.info(`${name}: ${files.length} files, ${(size / 1024).toFixed(1)} KB packed, ${(unpackedBytes / 1024).toFixed(1)} KB unpacked`);
		expect(files.filter((file) => !/^(dist|examples)\//.test(file)).sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json']);
		expect(files.some((file) => file.startsWith('examples/'))).toBe(service);
		// n8n loads the JavaScript only: no sources, maps (they would point at sources not shipped), declarations or tests.
		expect(files.filter((file) => /\.(ts|map)$/.test(file) || /(^|\/)(test|__tests__)\/|\.test\./.test(file))).toEqual([]);
		for (const file of [...pkg.json.n8n.credentials, ...pkg.json.n8n.nodes]) expect(files).toContain(file);
		for (const node of pkg.json.n8n.nodes) expect(files).toContain(node.replace(/\.js$/, '.json'));
		// A service package ships its own service only (and the shared layer).
		const nodeFolders = new Set(files.filter((file) => file.startsWith('dist/nodes/')).map((file) => file.split('/')[2]));
		const ownFolders = pkg.json.n8n.nodes.map((file) => file.split('/')[2]);
		expect([...nodeFolders].sort()).toEqual([...ownFolders, 'shared'].sort());
		// Budgets, so that growth is a decision: about 1.3× each package's size when the four were first built
		// (KB packed / unpacked: all-in-one 104 / 455, Nexor 65 / 272, RD 60 / 252, Nateq 27 / 95).
		const [packedBudget, unpackedBudget] = SIZE_BUDGETS_KB[name];
		expect(size).toBeLessThanOrEqual(packedBudget * 1024);
		expect(unpackedBytes).toBeLessThanOrEqual(unpackedBudget * 1024);
	});

	test('n8n’s package scanner passes: the tarball as published, and the sources as n8n lints the attested checkout', () => {
		const { unpacked } = tarballOf(pkg);
		expect(scan(unpacked, 'tarball')).toMatchObject({ status: 0, passed: true });
		expect(scan(pkg.dir, 'source')).toMatchObject({ status: 0, passed: true });
	});

	test('its example workflows use its own node types only, and each of its nodes is in one', () => {
		const examples = service ? readdirSync(path.join(pkg.dir, 'examples')) : readdirSync(path.join(ROOT, 'examples'));
		const types = new Set<string>();
		for (const file of examples) {
			const workflow = JSON.parse(readFileSync(path.join(service ? path.join(pkg.dir, 'examples') : path.join(ROOT, 'examples'), file), 'utf8')) as { nodes: Array<{ type: string }> };
			for (const { type } of workflow.nodes) {
				if (type.startsWith('n8n-nodes-base.') || type.startsWith('@n8n/')) continue;
				expect(type.startsWith(`${name}.`)).toBe(true);
				types.add(type.slice(name.length + 1).replace(/Tool$/, ''));
			}
		}
		const triggers = nodeNamesOf(pkg).filter((node) => node.endsWith('Trigger'));
		// A trigger needs a service sending webhooks to a published workflow: the end-to-end tests cover those.
		for (const node of nodeNamesOf(pkg).filter((entry) => !triggers.includes(entry))) expect(types).toContain(node);
	});

	test('every documentation link of its nodes and credentials opens a heading of its own README', () => {
		const links: string[] = [];
		for (const node of pkg.json.n8n.nodes) {
			const codex = JSON.parse(readFileSync(path.join(pkg.dir, node.replace(/\.js$/, '.json')), 'utf8')) as {
				node: string;
				nodeVersion: string;
				resources: Record<string, Array<{ url: string }>>;
			};
			const className = path.basename(node, '.node.js');
			expect(codex.node).toBe(`${name}.${className.charAt(0).toLowerCase()}${className.slice(1)}`);
			links.push(...codex.resources.primaryDocumentation.map(({ url }) => url), ...codex.resources.credentialDocumentation.map(({ url }) => url));
		}
		// The nodes' and credentials' own documentationUrl: what n8n's editor opens as it is (a codex link gets its
		// tracking parameters appended after the #, so the node's own link is the one that reaches the heading).
		for (const file of [...pkg.json.n8n.credentials, ...pkg.json.n8n.nodes]) {
			const code = readFileSync(path.join(pkg.dir, file), 'utf8');
			links.push(...[...code.matchAll(/documentationUrl\s*[=:]\s*["']([^"']+)["']/g)].map(([, url]) => url));
		}
		expect(links.length).toBe(pkg.json.n8n.nodes.length * 3 + pkg.json.n8n.credentials.length);
		for (const url of links) {
			const { file, anchor } = readmeOf(url);
			expect(file).toBe(path.join(pkg.dir, 'README.md'));
			expect({ url, exists: headingAnchors(readFileSync(file, 'utf8')).has(anchor) }).toEqual({ url, exists: true });
		}
	});

	test('its README is for users and short', () => {
		const readme = readFileSync(path.join(pkg.dir, 'README.md'), 'utf8');
		expect(readme.split('\n').length).toBeLessThanOrEqual(service ? 200 : 300);
		const order = ['Install', 'Credentials', 'Operations', 'Compatibility', 'Troubleshooting'].map((heading) => readme.search(new RegExp(`^## ${heading}`, 'm')));
		expect(order.every((at) => at > 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
		expect(readme).toContain('MIT');
	});

	test('the release: `npm pack --dry-run` in its folder names the same files as the tarball', () => {
		const [{ files }] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: pkg.dir, encoding: 'utf8' })) as Array<{ files: Array<{ path: string }> }>;
		expect(files.map((file) => file.path).sort()).toEqual([...tarballOf(pkg).files].sort());
	});
});

describe('each check can fail', () => {
	/** A copy of a built service package in a folder of its own, with the tree's tools (as the build links them). */
	function copyOf(pkg: PublishedPackage): string {
		const copy = mkdtempSync(path.join(work, 'fixture-'));
		for (const entry of readdirSync(pkg.dir)) if (entry !== 'node_modules') cpSync(path.join(pkg.dir, entry), path.join(copy, entry), { recursive: true });
		symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
		return copy;
	}
	const nateq = packages.find((pkg) => pkg.json.name === 'n8n-nodes-nateq')!;

	test('n8n-node lint passes on the package as built, and refuses a node that reads an environment variable', () => {
		const copy = copyOf(nateq);
		expect(n8nNodeLint(copy).status).toBe(0);
		const node = path.join(copy, 'nodes/Nateq/Nateq.node.ts');
		writeFileSync(node, `${readFileSync(node, 'utf8')}\nexport const region = process.env.NATEQ_REGION;\n`);
		const { status, output } = n8nNodeLint(copy);
		expect(status).toBe(1);
		expect(output).toContain('@n8n/community-nodes/no-restricted-globals');
	});

	test('n8n-node lint in strict mode refuses an eslint.config.mjs other than n8n’s default', () => {
		const copy = copyOf(nateq);
		writeFileSync(path.join(copy, 'eslint.config.mjs'), `import { config } from '@n8n/node-cli/eslint';\n\nexport default [...config, { rules: { 'no-console': 'off' } }];\n`);
		const { status, output } = n8nNodeLint(copy);
		expect(status).toBe(1);
		expect(output).toContain('Strict mode violation');
	});

	test('the scanner refuses a tarball whose code reads an environment variable, or that declares a runtime dependency', () => {
		const { unpacked } = tarballOf(nateq);
		const leaky = mkdtempSync(path.join(work, 'leaky-'));
		cpSync(unpacked, leaky, { recursive: true });
		const node = path.join(leaky, 'dist/nodes/Nateq/Nateq.node.js');
		writeFileSync(node, `${readFileSync(node, 'utf8')}\nexports.region = process.env.NATEQ_REGION;\n`);
		const refused = scan(leaky, 'tarball');
		expect(refused).toMatchObject({ status: 1, passed: false });
		expect(refused.details).toContain('no-restricted-globals');

		const dependent = mkdtempSync(path.join(work, 'dependent-'));
		cpSync(unpacked, dependent, { recursive: true });
		const manifest = JSON.parse(readFileSync(path.join(dependent, 'package.json'), 'utf8')) as Record<string, unknown>;
		writeFileSync(path.join(dependent, 'package.json'), JSON.stringify({ ...manifest, dependencies: { axios: '^1.0.0' } }, null, 2));
		const withDependency = scan(dependent, 'tarball');
		expect(withDependency).toMatchObject({ status: 1, passed: false });
		expect(withDependency.details).toContain('no-runtime-dependencies');
	});

	test('a codex link to a heading its README lacks is caught', () => {
		const readme = '# Pkg\n\n## Credentials\n\n### Nexor API\n\n```\n## not a heading\n```\n';
		expect(headingAnchors(readme)).toEqual(new Set(['pkg', 'credentials', 'nexor-api']));
		expect(headingAnchors('## RD Station Marketing API key and OAuth2\n## Nexor → Lead → Create')).toEqual(
			new Set(['rd-station-marketing-api-key-and-oauth2', 'nexor--lead--create']),
		);
		expect(() => readmeOf('https://example.com/elsewhere#nexor')).toThrow(/not a package's homepage/);
	});
});

test(`the all-in-one (${ALL_IN_ONE}) holds every node of the service packages, and they share none`, () => {
	const [allInOne, ...services] = packages;
	const own = services.flatMap((pkg) => [...pkg.json.n8n.nodes, ...pkg.json.n8n.credentials]);
	expect(new Set(own).size).toBe(own.length);
	expect(own.sort()).toEqual([...allInOne.json.n8n.nodes, ...allInOne.json.n8n.credentials].sort());
});
