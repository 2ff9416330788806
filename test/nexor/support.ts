/*
 * What the Nexor engine suites share: running the Nexor node at either of
 * its versions (the harness builds version 1 nodes; version 2 is the one new
 * nodes get), and the editor's "From List" searches, through the same
 * n8n-core LoadOptionsContext the harness uses for dropdowns.
 */
import type { IConnections, IDataObject, INode, INodeListSearchResult } from 'n8n-workflow';

import type { TestBed } from '../setup';
import { NODE } from '../setup';

export interface NexorRun {
	continueOnFail?: boolean;
	/** The node's typeVersion: 1 (saved workflows) or 2 (new nodes). */
	version?: 1 | 2;
	/** Node settings: Request Options etc. are parameters; this is for n8n's own "Retry On Fail" and such. */
	name?: string;
}

/** Runs the Nexor node with `parameters` on `items`, at the version asked (default 1, the harness's). */
export async function runNexor(bed: TestBed, parameters: IDataObject, items: IDataObject[], { continueOnFail = false, version = 1, name = 'Node' }: NexorRun = {}) {
	if (version === 1) return await bed.engine.runNode({ type: NODE.nexor, name, continueOnFail, parameters }, items);
	const nodes: INode[] = [
		{ id: 'node-0', name: 'Input', type: 'harness.input', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'node-1',
			name,
			type: NODE.nexor,
			typeVersion: version,
			position: [200, 0],
			parameters: parameters as INode['parameters'],
			continueOnFail,
			onError: continueOnFail ? 'continueRegularOutput' : 'stopWorkflow',
			credentials: { nexorApi: { id: '1', name: 'nexorApi' } },
		},
	];
	const connections: IConnections = { Input: { main: [[{ node: name, type: 'main', index: 0 }]] } };
	const result = await bed.engine.runWorkflow(nodes, connections, items);
	return { items: result.outputs[name] ?? [], error: result.error, run: result.run };
}

/** A picker's value in "From List" or "By ID" mode, as the editor saves it. */
export const picked = (value: string, mode: 'list' | 'id' | 'email' = 'list') => ({ __rl: true, mode, value });

type WithLoadOptionsContext = { loadOptionsContext(type: string, parameters: IDataObject): unknown };

/** A "From List" search of the Nexor node, as the editor runs it (n8n-core's LoadOptionsContext, like the harness's dropdowns). */
export async function listSearch(bed: TestBed, method: string, filter?: string, parameters: IDataObject = {}): Promise<INodeListSearchResult> {
	const search = bed.engine.nodeTypes.getByNameAndVersion(NODE.nexor).methods?.listSearch?.[method];
	if (!search) throw new Error(`The Nexor node has no listSearch method ${method}`);
	// The harness builds that context for dropdowns; a list search needs the same one (proposed as Engine.listSearch).
	const context = (bed.engine as unknown as WithLoadOptionsContext).loadOptionsContext(NODE.nexor, parameters);
	return await search.call(context as never, filter);
}

/** Requests the sandbox received for Nexor since `mark` (a count of its journal). */
export const nexorRequestsSince = (bed: TestBed, mark: number) => bed.sandbox.requests('nexor').slice(mark);
