/* Before any suite: the n8n runtimes of the matrix that are not installed yet are installed (first run only). */
import { ensureRuntime, matrixRuntimes } from './runtime/n8nRuntime';

export default async function globalSetup(): Promise<void> {
	for (const name of matrixRuntimes()) await ensureRuntime(name);
}
