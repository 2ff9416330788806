/* Before any suite: the n8n runtimes of the matrix that are not installed yet are installed (first run only). */
import { ensureRuntime, RUNTIME_NAMES } from './runtime/n8nRuntime';
import type { RuntimeName } from './runtime/n8nRuntime';

export default async function globalSetup(): Promise<void> {
	const wanted = (process.env.N8N_RUNTIMES ?? RUNTIME_NAMES.join(',')).split(',').map((name) => name.trim()) as RuntimeName[];
	for (const name of RUNTIME_NAMES.filter((runtime) => wanted.includes(runtime))) await ensureRuntime(name);
}
