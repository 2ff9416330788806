// n8n's package scanner (@n8n/scan-community-package), run on a folder instead of a published
// package: its exported analyzer, with the rules and patterns n8n's verification applies.
//   node scripts/scan.mjs <folder> [source|tarball]
// `source` lints what n8n lints in the attested source checkout (package.json, nodes/, credentials/);
// `tarball` what it lints in the published tarball (its JavaScript and package.json). Prints the
// analyzer's result as JSON and exits 1 when it did not pass.
import path from 'node:path';

import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const [folder, leg = 'tarball'] = process.argv.slice(2);
if (!folder || !['source', 'tarball'].includes(leg)) {
	console.error('usage: node scripts/scan.mjs <folder> [source|tarball]');
	process.exit(2);
}
const result = await analyzePackage(path.resolve(folder), leg === 'source' ? SOURCE_FILE_PATTERNS : ['**/*.js', 'package.json']);
console.log(JSON.stringify({ passed: result.passed, message: result.message, details: result.details }));
process.exit(result.passed ? 0 : 1);
