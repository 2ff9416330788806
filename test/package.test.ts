import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { Engine, PACKAGE_ROOT } from './harness/engine';
import { packPackage } from './runtime/n8nInstance';

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
		expect(files).toHaveLength(9);
		for (const file of files) {
			expect(file.startsWith('dist/')).toBe(true);
			expect(existsSync(path.join(PACKAGE_ROOT, file))).toBe(true);
		}
		const engine = await Engine.load();
		expect(Object.keys(engine.loader.nodeTypes).sort()).toEqual(['nateq', 'nexor', 'nexorTrigger', 'rdStationMarketing', 'rdStationMarketingTrigger']);
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

	test('the packed tarball: dist/, README, LICENSE and package.json only; every n8n path, icon and codex file in it; within its size budget', async () => {
		const tarball = await packPackage();
		const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' });
		// npm puts every entry under package/.
		const files = listing.split('\n').filter(Boolean).map((entry) => entry.replace(/^package\//, ''));
		const { size } = statSync(tarball);
		const unpacked = Number(execFileSync('sh', ['-c', `tar -xzOf "${tarball}" | wc -c`], { encoding: 'utf8' }).trim());
		console.info(`Tarball: ${files.length} files, ${(size / 1024).toFixed(1)} KB packed, ${(unpacked / 1024).toFixed(1)} KB unpacked`);

		expect(files.filter((file) => !file.startsWith('dist/')).sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
		// n8n loads the JavaScript only: no sources, maps (they would point at sources not shipped), declarations or tests.
		expect(files.filter((file) => /\.(ts|map)$/.test(file) || /(^|\/)(test|__tests__)\/|\.test\./.test(file))).toEqual([]);
		for (const file of [...packageJson.n8n.credentials, ...packageJson.n8n.nodes]) expect(files).toContain(file);

		const engine = await Engine.load();
		const described = [
			...Object.values(engine.loader.nodeTypes).map(({ type }) => (type as unknown as { description: { iconUrl?: { light: string; dark: string } } }).description),
			...Object.values(engine.loader.credentialTypes).map(({ type }) => type as unknown as { iconUrl?: { light: string; dark: string } }),
		];
		expect(described).toHaveLength(9);
		for (const { iconUrl } of described) {
			// Every node and credential has a light and a dark icon, both in the tarball.
			for (const url of [iconUrl!.light, iconUrl!.dark]) expect(files).toContain(url.replace('icons/n8n-nodes-lead-conversions/', ''));
		}
		for (const node of packageJson.n8n.nodes as string[]) expect(files).toContain(node.replace(/\.js$/, '.json'));

		// Budget, so that growth is a decision: 0.2.0 was 56 KB packed, 235 KB unpacked; Nexor's whole documented API and its
		// trigger with RD's new operations made it 113 KB / 485 KB (the operations' parameter descriptions, mostly): about 1.3× that.
		expect(size).toBeLessThanOrEqual(150 * 1024);
		expect(unpacked).toBeLessThanOrEqual(640 * 1024);
	});

	test('package.json carries what n8n’s scanner and lint rules read, consistent with the README and the changelog', () => {
		expect(packageJson.version).toMatch(/^\d+\.\d+\.\d+$/);
		expect(readFileSync(path.join(PACKAGE_ROOT, 'CHANGELOG.md'), 'utf8')).toContain(`## [${packageJson.version}] - `);
		expect(packageJson.author).toEqual({ name: expect.any(String), email: expect.stringMatching(/@/) });
		expect(packageJson.repository.url).toBe(`git+${packageJson.homepage}.git`);
		expect(packageJson.bugs.url).toBe(`${packageJson.homepage}/issues`);
		expect(packageJson.n8n.strict).toBe(true);
		expect(packageJson.files).toEqual(['dist']);
		expect(readFileSync(path.join(PACKAGE_ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
		expect(readFileSync(path.join(PACKAGE_ROOT, 'README.md'), 'utf8')).toContain('MIT');
	});

	test('tests run on Node 24, as n8n 2.x needs (npm puts the node devDependency first on PATH)', () => {
		expect(process.versions.node.split('.')[0]).toBe('24');
	});
});
