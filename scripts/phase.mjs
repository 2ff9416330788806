// `node scripts/phase.mjs "<phase>" <command…>`: runs a command of `npm test` and prints how long it took,
// so that the test run's budget can be read phase by phase (jest prints its own per project).
import { spawnSync } from 'node:child_process';

const [phase, command, ...args] = process.argv.slice(2);
const started = Date.now();
const { status } = spawnSync(command, args, { stdio: 'inherit' });
const seconds = Math.round((Date.now() - started) / 1000);
console.log(`${phase}: ${status === 0 ? 'done' : `failed (${status})`} in ${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`);
process.exit(status ?? 1);
