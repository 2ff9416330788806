/*
 * What the Nexor engine suites share: running the Nexor node at either of
 * its versions (1: saved workflows; 2: a node added today), and the
 * editor's "From List" searches.
 */
import type { IDataObject, INodeListSearchResult } from 'n8n-workflow';

import type { TestBed } from '../setup';
import { NODE } from '../setup';

export interface NexorRun {
	continueOnFail?: boolean;
	/** The node's typeVersion: 1 (saved workflows) or 2 (new nodes). */
	version?: 1 | 2;
	/** Node settings: Request Options etc. are parameters; this is for n8n's own "Retry On Fail" and such. */
	name?: string;
}

/** Runs the Nexor node with `parameters` on `items`, at the version asked (default 1: saved workflows). */
export async function runNexor(bed: TestBed, parameters: IDataObject, items: IDataObject[], { continueOnFail = false, version = 1, name = 'Node' }: NexorRun = {}) {
	return await bed.engine.runNode({ type: NODE.nexor, name, continueOnFail, parameters, typeVersion: version }, items);
}

/** A picker's value in "From List" or "By ID" mode, as the editor saves it. */
export const picked = (value: string, mode: 'list' | 'id' | 'email' = 'list') => ({ __rl: true, mode, value });

/** A "From List" search of the Nexor node, as the editor runs it. */
export async function listSearch(bed: TestBed, method: string, filter?: string, parameters: IDataObject = {}): Promise<INodeListSearchResult> {
	return await bed.engine.listSearch(NODE.nexor, method, parameters, filter);
}

/** Requests the sandbox received for Nexor since `mark` (a count of its journal). */
export const nexorRequestsSince = (bed: TestBed, mark: number) => bed.sandbox.requests('nexor').slice(mark);
