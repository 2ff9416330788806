/* What the end-to-end suites share: reading `n8n execute` output, and waiting for something to happen. */
import type { IDataObject } from 'n8n-workflow';

export type RunData = Record<string, Array<{ data?: { main: Array<Array<{ json: IDataObject }>> }; error?: IDataObject }>>;

/** `n8n execute --rawOutput` prints the run's data as a JSON block among its own log lines. */
export function runDataOf(stdout: string): RunData {
	const start = stdout.search(/^\{/m);
	const end = stdout.lastIndexOf('\n}') + 2;
	if (start === -1 || end < start) throw new Error(`n8n execute printed no run data:\n${stdout.slice(0, 2000)}`);
	const parsed = JSON.parse(stdout.slice(start, end)) as { data?: { resultData: { runData: RunData } }; resultData?: { runData: RunData } };
	return (parsed.data?.resultData ?? parsed.resultData)!.runData;
}

/** Reads `read()` until `accept` holds or the time is up; returns the last value read. */
export async function eventually<T>(read: () => Promise<T> | T, accept: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let value = await read();
	while (!accept(value) && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 300));
		value = await read();
	}
	return value;
}
