import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { Engine } from './harness/engine';
import type { Sandbox } from './sandbox/server';
import { SANDBOX_KEYS, startSandbox } from './sandbox/server';

export const NODE = {
	nexor: 'n8n-nodes-lead-conversions.nexor',
	nateq: 'n8n-nodes-lead-conversions.nateq',
	rdStation: 'n8n-nodes-lead-conversions.rdStationMarketing',
};

export interface TestBed {
	sandbox: Sandbox;
	engine: Engine;
}

/** Credentials of all three services, pointing at the sandbox. */
export function sandboxCredentials(sandbox: Sandbox) {
	return {
		nexorApi: { apiKey: SANDBOX_KEYS.nexor, baseUrl: sandbox.baseUrl('nexor') },
		nateqApi: { apiKey: SANDBOX_KEYS.nateq, baseUrl: sandbox.baseUrl('nateq') },
		rdStationMarketingApiKeyApi: { apiKey: SANDBOX_KEYS.rdstation, baseUrl: sandbox.baseUrl('rdstation') },
	};
}

/** A fresh sandbox and engine for each test file; `bed` is filled in beforeAll. */
export function useTestBed(): TestBed {
	const bed = {} as TestBed;
	beforeAll(async () => {
		bed.sandbox = await startSandbox();
		bed.engine = await Engine.load(sandboxCredentials(bed.sandbox));
	});
	afterAll(async () => {
		await bed.sandbox?.stop();
	});
	return bed;
}

export const jsonOf = (items: INodeExecutionData[]) => items.map((item) => item.json);
export const pairedOf = (items: INodeExecutionData[]) =>
	items.map((item) => (item.pairedItem as { item: number } | undefined)?.item);

/** Everything the user can see of a run: output items and the execution's error, serialised. */
export function visibleText(...things: unknown[]): string {
	return things
		.map((thing) => {
			if (thing instanceof Error) {
				const error = thing as Error & IDataObject;
				return JSON.stringify({
					...error,
					message: error.message,
					description: error.description,
					context: error.context,
					cause: error.cause,
					messages: error.messages,
					stack: error.stack,
				});
			}
			return JSON.stringify(thing);
		})
		.join('\n');
}

/** Runs `action` while recording everything written to stdout and stderr (n8n's logger writes there). */
export async function capturingLogs<T>(action: () => Promise<T>): Promise<{ result: T; logs: string }> {
	const written: string[] = [];
	const streams = [process.stdout, process.stderr];
	const originals = streams.map((stream) => stream.write.bind(stream));
	streams.forEach((stream, index) => {
		stream.write = ((chunk: unknown, ...rest: unknown[]) => {
			written.push(String(chunk));
			return (originals[index] as (...args: unknown[]) => boolean)(chunk, ...rest);
		}) as typeof stream.write;
	});
	try {
		return { result: await action(), logs: written.join('') };
	} finally {
		streams.forEach((stream, index) => (stream.write = originals[index] as typeof stream.write));
	}
}
