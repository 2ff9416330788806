/*
 * What the RD Station engine suites share: a sandbox and engine with a
 * connected OAuth2 credential, the sandbox's undocumented-behaviour switches
 * reset before each test, and ways to run the node as a given version and to
 * read its "From List" choices as the editor does.
 */
import type { IDataObject, INodeListSearchResult } from 'n8n-workflow';

import { deduplicator } from '../harness/engine';
import type { TestBed } from '../setup';
import { jsonOf, NODE, sandboxCredentials, useTestBed } from '../setup';

export interface RdTestBed extends TestBed {
	store: () => TestBed['sandbox']['stores']['rdstation'];
}

/** A connected OAuth2 credential, as n8n holds it once "Connect my account" has completed. */
export function oauthCredentials(bed: TestBed) {
	return { ...sandboxCredentials(bed.sandbox), rdStationMarketingOAuth2Api: bed.sandbox.rdOAuthCredentialData() };
}

export function useRdTestBed(): RdTestBed {
	const bed = useTestBed() as RdTestBed;
	bed.store = () => bed.sandbox.stores.rdstation;
	beforeEach(() => {
		bed.engine.setCredentials(oauthCredentials(bed));
		bed.store().resetPlatform();
		bed.store().batchRule = 'rejectBatch';
		bed.sandbox.injectFaults(undefined);
		deduplicator.rows.clear();
	});
	return bed;
}

/** The RD node with OAuth2, unpaced (pacing has its own suites), Continue On Fail so every item shows. */
export const rdNode = (parameters: IDataObject, extra: IDataObject = {}) => ({
	type: NODE.rdStation,
	continueOnFail: true,
	parameters: { authentication: 'oAuth2', requestOptions: { requestsPerMinute: 0 }, ...parameters },
	...extra,
});

/** The RD node of a given version (1: saved workflows; 2: a node added today), on `items`; its output and the run's error. */
export async function runVersion(bed: TestBed, version: number, parameters: IDataObject, items: IDataObject[]) {
	const { items: output, error, run } = await bed.engine.runNode({ type: NODE.rdStation, parameters, typeVersion: version, name: 'RD' }, items);
	return { items: output, error, node: run.data.resultData.runData.RD };
}

/** A resource locator's "From List" choices, as the editor loads them for a node with these parameters. */
export async function listSearch(bed: TestBed, method: string, parameters: IDataObject, filter?: string): Promise<INodeListSearchResult> {
	return await bed.engine.listSearch(NODE.rdStation, method, parameters, filter);
}

export const emails = (count: number, prefix: string) => Array.from({ length: count }, (_, index) => ({ email: `${prefix}${index}@example.com` }));

/**
 * After Stop pressed as the second batch reached RD (paced one at a time, at
 * most one more on its way): every item is sent (its event stored), or says
 * it may have been recorded (its batch had left when Stop cut its answer),
 * or says it was not sent — and nothing stored says it was not sent.
 */
export function expectStoppedBetweenBatches(bed: TestBed, batchesSent: number, items: number, eventsStored: number): void {
	expect(batchesSent).toBeGreaterThanOrEqual(2);
	expect(batchesSent).toBeLessThanOrEqual(3);
	const output = jsonOf(bed.engine.settled.at(-1)!.output![0]);
	const delivered = output.filter((json) => typeof json.event_uuid === 'string').length;
	const possiblyRecorded = output.filter((json) => json.possiblyCreated === true).length;
	expect(delivered).toBeGreaterThanOrEqual(2);
	expect(eventsStored).toBeGreaterThanOrEqual(delivered);
	expect(eventsStored).toBeLessThanOrEqual(delivered + possiblyRecorded);
	expect(output.filter((json) => json.notSent === true).length).toBe(items - delivered - possiblyRecorded);
}
