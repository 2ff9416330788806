/* Before any suite: the n8n runtimes of the matrix that are not installed yet are installed (first run only), and how long that took. */
import { ensureRuntime, matrixRuntimes } from './runtime/n8nRuntime';

export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	for (const name of matrixRuntimes()) await ensureRuntime(name);
	const seconds = Math.round((Date.now() - started) / 1000);
	if (seconds > 5) console.log(`n8n runtimes: installed in ${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`);
}
