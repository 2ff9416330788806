// `npm test`'s jest phase. The end-to-end suites (real n8n processes, one at a time) and the engine and
// unit suites (n8n's engine inside jest, one at a time) run side by side in two jest processes: each
// side keeps one core busy, and two n8n never boot at once (they would slow each other past the
// browser's and the webhooks' timeouts). Arguments (`npm test -- test/x.test.ts`) run one jest as given.
import { spawn, spawnSync } from 'node:child_process';

const JEST = 'node_modules/.bin/jest';
const minutes = (ms) => `${Math.floor(ms / 60000)} min ${String(Math.round((ms % 60000) / 1000)).padStart(2, '0')} s`;

const args = process.argv.slice(2);
if (args.length > 0) process.exit(spawnSync(JEST, args, { stdio: 'inherit' }).status ?? 1);

// The runtimes first, once (both jest processes would otherwise install a missing one at the same time).
const install = spawnSync('npm', ['run', '-s', 'n8n:install'], { stdio: 'inherit' });
if (install.status !== 0) process.exit(install.status ?? 1);

const started = Date.now();
const sides = [
	{ name: 'end to end', args: ['--selectProjects', 'e2e'] },
	{ name: 'engine and unit', args: ['--ignoreProjects', 'e2e'] },
];
const results = await Promise.all(
	sides.map(
		(side) =>
			new Promise((resolve) => {
				const child = spawn(JEST, side.args, {
					stdio: ['ignore', 'pipe', 'pipe'],
					env: { ...process.env, ...(process.stdout.isTTY && { FORCE_COLOR: '1' }) },
				});
				// Whole lines only, each chunk written at once: a suite's result stays in one piece.
				for (const [stream, out] of [
					[child.stdout, process.stdout],
					[child.stderr, process.stderr],
				]) {
					let pending = '';
					stream.on('data', (chunk) => {
						const text = pending + chunk;
						const end = text.lastIndexOf('\n') + 1;
						pending = text.slice(end);
						if (end > 0) out.write(text.slice(0, end));
					});
					stream.on('end', () => pending && out.write(`${pending}\n`));
				}
				child.on('close', (code) => resolve({ ...side, code: code ?? 1, ms: Date.now() - started }));
			}),
	),
);
for (const { name, code, ms } of results) console.log(`${name}: ${code === 0 ? 'passed' : `failed (${code})`} in ${minutes(ms)}`);
console.log(`jest, both sides: ${minutes(Date.now() - started)}`);
process.exit(results.every(({ code }) => code === 0) ? 0 : 1);
