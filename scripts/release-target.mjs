// Which package a release tag publishes: `<package name>@<version>` (or `v<version>` for the
// all-in-one, as before there were four). Prints the package's folder, relative to the tree;
// exits 1, saying why, when no package has that name or its package.json has another version.
//   node scripts/release-target.mjs n8n-nodes-nexor@0.1.0   →   packages/nexor
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const tag = process.argv[2] ?? '';
const folders = ['.', ...readdirSync(path.join(root, 'packages')).map((name) => `packages/${name}`)].filter((folder) =>
	existsSync(path.join(root, folder, 'package.json')),
);
const manifests = folders.map((folder) => ({ folder, ...JSON.parse(readFileSync(path.join(root, folder, 'package.json'), 'utf8')) }));
const legacy = /^v(\d+\.\d+\.\d+)$/.exec(tag);
const named = /^(n8n-nodes-[a-z0-9-]+)@(\d+\.\d+\.\d+)$/.exec(tag);
const [name, version] = legacy ? [manifests[0].name, legacy[1]] : named ? [named[1], named[2]] : [];
const target = manifests.find((manifest) => manifest.name === name);
if (!target) {
	console.log(`Tag ${tag} names no package of this tree (${manifests.map((manifest) => `${manifest.name}@<version>`).join(', ')}): not publishing.`);
	process.exit(1);
}
if (target.version !== version) {
	console.log(`Tag ${tag} does not match ${target.name}'s version ${target.version} (${target.folder}/package.json): not publishing.`);
	process.exit(1);
}
console.log(target.folder);
