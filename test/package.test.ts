/*
 * Each of the four packages as this runtime's n8n loads an installed community package
 * (n8n-core's PackageDirectoryLoader): the nodes and credentials its package.json names, and
 * nothing else; icons; tool use. Tarballs, scanner and links: test/publishing.test.ts.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';

import { nodeNamesOf, publishedPackages } from '../scripts/packages';

type Described = { name?: string; usableAsTool?: boolean; iconUrl?: { light: string; dark: string }; credentials?: Array<{ name: string }> };

describe.each(publishedPackages().map((pkg) => [pkg.json.name, pkg] as const))('%s, loaded by n8n', (name, pkg) => {
	let loader: PackageDirectoryLoader;
	beforeAll(async () => {
		loader = new PackageDirectoryLoader(pkg.dir);
		await loader.loadAll();
	});

	test('every file its n8n section names exists after the build and loads: its nodes and credentials, no others', () => {
		for (const file of [...pkg.json.n8n.credentials, ...pkg.json.n8n.nodes]) expect(existsSync(path.join(pkg.dir, file))).toBe(true);
		expect(loader.packageName).toBe(name);
		expect(Object.keys(loader.nodeTypes).sort()).toEqual(nodeNamesOf(pkg).sort());
		expect(Object.keys(loader.credentialTypes).sort()).toEqual(
			pkg.json.n8n.credentials.map((file) => {
				const className = path.basename(file, '.credentials.js');
				return className.charAt(0).toLowerCase() + className.slice(1);
			}).sort(),
		);
	});

	test('each node uses only its own package’s credentials; action nodes are usable as AI tools, triggers are not', () => {
		const nodes = Object.values(loader.nodeTypes).map(({ type }) => (type as unknown as { description: Described }).description);
		for (const node of nodes) {
			expect(node.usableAsTool).toBe(node.name?.endsWith('Trigger') ? undefined : true);
			for (const credential of node.credentials ?? []) expect(Object.keys(loader.credentialTypes)).toContain(credential.name);
		}
	});

	test('every node and credential has a light and a dark icon, different files, in the package', () => {
		const described = [
			...Object.values(loader.nodeTypes).map(({ type }) => (type as unknown as { description: Described }).description),
			...Object.values(loader.credentialTypes).map(({ type }) => type as unknown as Described),
		];
		expect(described).toHaveLength(pkg.json.n8n.nodes.length + pkg.json.n8n.credentials.length);
		for (const { iconUrl } of described) {
			// n8n turns `file:` icons into URLs below icons/<package>/ (relative to the package's folder).
			const { light, dark } = iconUrl!;
			expect(light).not.toBe(dark);
			for (const url of [light, dark]) expect(existsSync(path.join(pkg.dir, url.replace(`icons/${name}/`, '')))).toBe(true);
		}
	});
});

test('tests run on Node 24, as n8n 2.x needs (npm puts the node devDependency first on PATH)', () => {
	expect(process.versions.node.split('.')[0]).toBe('24');
});
