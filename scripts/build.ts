/*
 * `npm run build`: the four packages (scripts/packages.ts). The all-in-one's dist/ is compiled
 * from the tree (tsc) with the icons and codex files beside the code; each service package is
 * then generated from it. One line per package.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

import { generateServicePackage, publishedPackages, ROOT } from './packages';

/** Icons and codex files: what n8n reads beside the code, which tsc does not copy. */
function copyAssets(folder: string) {
	for (const entry of readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })) {
		if (!entry.isFile() || !/\.(svg|png|node\.json)$/.test(entry.name)) continue;
		const relative = path.relative(ROOT, path.join(entry.parentPath, entry.name));
		cpSync(path.join(ROOT, relative), path.join(ROOT, 'dist', relative));
	}
}

const started = Date.now();
rmSync(path.join(ROOT, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.json')], { stdio: 'inherit' });
copyAssets('nodes');
copyAssets('credentials');
const [allInOne, ...services] = publishedPackages();
console.log(`${allInOne.json.name}@${allInOne.json.version}: dist/ (${((Date.now() - started) / 1000).toFixed(1)} s)`);
for (const pkg of services) {
	const { files, examples } = generateServicePackage(pkg);
	console.log(`${pkg.json.name}@${pkg.json.version}: ${path.relative(ROOT, pkg.dir)}/ — ${files.length} source files, ${examples.length} example workflows`);
}
