import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { Engine, PACKAGE_ROOT } from './harness/engine';

const packageJson = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8'));

describe('the npm package n8n installs', () => {
	test('follows n8n’s community package rules', () => {
		expect(packageJson.name).toBe('n8n-nodes-lead-conversions');
		expect(packageJson.keywords).toContain('n8n-community-node-package');
		expect(packageJson.dependencies ?? {}).toEqual({});
		expect(packageJson.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(packageJson.overrides).toBeUndefined();
		expect(packageJson.devDependencies.zod).toMatch(/^3\.25\./);
		for (const script of ['prepare', 'preinstall', 'install', 'postinstall']) expect(packageJson.scripts[script]).toBeUndefined();
		expect(packageJson.license).toBe('MIT');
	});

	test('every file the n8n section names exists after the build, and each loads', async () => {
		const files: string[] = [...packageJson.n8n.credentials, ...packageJson.n8n.nodes];
		expect(files).toHaveLength(8);
		for (const file of files) {
			expect(file.startsWith('dist/')).toBe(true);
			expect(existsSync(path.join(PACKAGE_ROOT, file))).toBe(true);
		}
		const engine = await Engine.load();
		expect(Object.keys(engine.loader.nodeTypes).sort()).toEqual(['nateq', 'nexor', 'rdStationMarketing', 'rdStationMarketingTrigger']);
		expect(Object.keys(engine.loader.credentialTypes).sort()).toEqual([
			'nateqApi',
			'nexorApi',
			'rdStationMarketingApiKeyApi',
			'rdStationMarketingOAuth2Api',
		]);
		type Described = { name?: string; usableAsTool?: boolean; iconUrl?: { light: string; dark: string } };
		const nodes = Object.values(engine.loader.nodeTypes).map(({ type }) => (type as unknown as { description: Described }).description);
		const credentials = Object.values(engine.loader.credentialTypes).map(({ type }) => type as unknown as Described);
		// Action nodes are usable as AI tools; a trigger is not (n8n's rule).
		for (const node of nodes) expect(node.usableAsTool).toBe(node.name?.endsWith('Trigger') ? undefined : true);
		for (const described of [...nodes, ...credentials]) {
			// n8n turns `file:` icons into URLs below icons/<package>/; both variants must exist and differ.
			const { light, dark } = described.iconUrl!;
			expect(light).not.toBe(dark);
			for (const url of [light, dark]) {
				expect(existsSync(path.join(PACKAGE_ROOT, url.replace('icons/n8n-nodes-lead-conversions/', '')))).toBe(true);
			}
		}
	});

	test('npm pack ships dist/ only, plus package.json, README and LICENSE, with icons and codex files', () => {
		const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
			cwd: PACKAGE_ROOT,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		});
		const files: string[] = JSON.parse(output)[0].files.map((file: { path: string }) => file.path);
		const outside = files.filter((file) => !file.startsWith('dist/'));
		expect(outside.sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
		for (const file of [...packageJson.n8n.credentials, ...packageJson.n8n.nodes]) expect(files).toContain(file);
		for (const icon of ['nexor.svg', 'nexor.dark.svg', 'nateq.svg', 'nateq.dark.svg', 'rdStation.svg', 'rdStation.dark.svg']) {
			expect(files.some((file) => file.endsWith(`/${icon}`))).toBe(true);
		}
		for (const codex of ['Nexor.node.json', 'Nateq.node.json', 'RdStationMarketing.node.json', 'RdStationMarketingTrigger.node.json']) {
			expect(files.some((file) => file.endsWith(`/${codex}`))).toBe(true);
		}
	});

	test('tests run on Node 24, as n8n 2.x needs (npm puts the node devDependency first on PATH)', () => {
		expect(process.versions.node.split('.')[0]).toBe('24');
	});
});
