/*
 * Runs our nodes the way n8n does, on the n8n-core, n8n-workflow and n8n
 * server code of the runtime under test (jest maps `n8n-core` and
 * `n8n-workflow` to that runtime per project; see jest.config.ts): the
 * package is loaded from dist/ by PackageDirectoryLoader (as n8n loads an
 * installed community package), workflows run through WorkflowExecute,
 * dropdowns and resource mappers through LoadOptionsContext (what the
 * editor's /dynamic-node-parameters endpoints call), credentials are
 * decrypted, authenticated and tested by n8n's own CredentialsHelper and
 * CredentialsTester (see n8nServer.ts).
 */
import path from 'node:path';

import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeListSearchResult,
	INodePropertyOptions,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	ITaskData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	ResourceMapperFields,
	IConnections,
	ExecutionError,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';
import { DataDeduplicationService, ExecutionLifecycleHooks, LoadOptionsContext, PackageDirectoryLoader, WorkflowExecute } from 'n8n-core';

import type { RuntimeName } from '../runtime/n8nRuntime';
import { runtimeOf } from '../runtime/n8nRuntime';
import { loadAgentParts } from './agents';
import { Deduplicator } from './deduplication';
import type { N8nServer } from './n8nServer';
import { loadN8nServer } from './n8nServer';

export const PACKAGE_ROOT = path.resolve(__dirname, '../..');
export const PACKAGE_NAME = 'n8n-nodes-lead-conversions';

/** A pass-through start node: the items a test feeds in. */
const INPUT_NODE_TYPE = 'harness.input';
const inputNodeType: INodeType = {
	description: {
		displayName: 'Input',
		name: INPUT_NODE_TYPE,
		group: ['input'],
		version: 1,
		description: 'Items given by the test',
		defaults: { name: 'Input' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	},
	async execute() {
		return [this.getInputData()];
	},
};

class PackageNodeTypes implements INodeTypes {
	/** n8n's own NodeTypes over these, for the tool variants ("…Tool") n8n makes of our nodes (agents.ts). */
	tools?: INodeTypes;

	constructor(
		private readonly loader: PackageDirectoryLoader,
		private readonly extra: Record<string, INodeType | IVersionedNodeType>,
	) {}

	private shortName(type: string) {
		return type.startsWith(`${PACKAGE_NAME}.`) ? type.slice(PACKAGE_NAME.length + 1) : type;
	}

	recognizes(nodeType: string): boolean {
		return nodeType in this.extra || this.shortName(nodeType) in this.loader.nodeTypes;
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		if (this.extra[nodeType]) return this.extra[nodeType];
		const entry = this.loader.nodeTypes[this.shortName(nodeType)];
		if (!entry) throw new Error(`Unknown node type ${nodeType}`);
		return entry.type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		if (this.tools && !this.recognizes(nodeType)) return this.tools.getByNameAndVersion(nodeType, version);
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes() {
		return {};
	}
}

/** The runtime of this jest project (jest.config.ts sets it per engine project). */
export function currentRuntime(): RuntimeName {
	const name = (globalThis as { N8N_RUNTIME?: RuntimeName }).N8N_RUNTIME;
	if (!name) throw new Error('The engine harness runs only in the "engine n8n <version>" jest projects (see jest.config.ts)');
	return name;
}

export interface RunResult {
	/** Output items of each node, by node name (first output, first run). */
	outputs: Record<string, INodeExecutionData[]>;
	/** The items each node sent to its error output (On Error → Continue (using error output)), by node name. */
	errorOutputs: Record<string, INodeExecutionData[]>;
	/** The execution's error, when it failed. */
	error?: ExecutionError;
	run: IRun;
	/** When Stop was pressed (`stopWhen`). */
	stoppedAt?: number;
}

export interface NodeSpec {
	type: string;
	parameters: IDataObject;
	name?: string;
	continueOnFail?: boolean;
	/** n8n's node setting "Retry On Fail": the whole node runs again after it fails. */
	retryOnFail?: { maxTries: number; waitBetweenTries?: number };
	/** n8n's node setting "On Error" (default: Continue using the regular output when `continueOnFail`, else Stop Workflow). */
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	/** The id of the node's credentials (default "1"); pacers are per credential, so two ids act as two processes. */
	credentialId?: string;
	/** The node's version (default 1: what saved workflows hold); a node added today gets the newest. */
	typeVersion?: number;
}

/** When one of our nodes' `execute` ended, and how: n8n ignores a node's result once the execution is stopped. */
export interface Settled {
	node: string;
	at: number;
	output?: INodeExecutionData[][] | null;
	error?: Error & { context?: IDataObject; description?: string };
}

export interface RunOptions {
	/**
	 * Press Stop (n8n-core's cancel path, PCancelable.cancel) as soon as this
	 * holds (checked every 5 ms): at a point of the run, not of the clock,
	 * so that a busy machine changes nothing.
	 */
	stopWhen?: () => boolean;
	/**
	 * Run as n8n runs a webhook or chat execution whose answer streams: n8n's
	 * server sets `streamingEnabled` and a `sendChunk` hook (here, this
	 * function), and the AI Agent streams its model's answers.
	 */
	streamChunks?: (chunk: unknown) => void;
	/** The workflow's settings; n8n gives a new workflow `{ executionOrder: 'v1' }` (the harness's default is n8n's legacy v0). */
	settings?: IWorkflowSettings;
}

/** The deduplication store n8n-core's helpers use; one per test file, as n8n has one per instance. */
export const deduplicator = new Deduplicator();

export class Engine {
	/** Every time one of our nodes' `execute` ended. */
	readonly settled: Settled[] = [];

	readonly server: N8nServer;

	private constructor(
		readonly runtime: RuntimeName,
		readonly loader: PackageDirectoryLoader,
		readonly nodeTypes: PackageNodeTypes,
		extraCredentialTypes: Record<string, ICredentialType> = {},
	) {
		const credentialTypes = Object.fromEntries(Object.entries(loader.credentialTypes).map(([name, entry]) => [name, entry.type]));
		this.server = loadN8nServer(runtimeOf(runtime), { ...credentialTypes, ...extraCredentialTypes }, () => this.additionalData());
	}

	/**
	 * Loads the built package (dist/) the way n8n loads an installed community
	 * package; `agents` adds n8n's AI Agent, its OpenAI Chat Model and their
	 * credential from the runtime, and n8n's tool variants of our nodes.
	 */
	static async load(credentials: Record<string, ICredentialDataDecryptedObject> = {}, options: { agents?: boolean } = {}): Promise<Engine> {
		try {
			DataDeduplicationService.getInstance();
		} catch {
			await DataDeduplicationService.init(deduplicator.load(runtimeOf(currentRuntime())));
		}
		const loader = new PackageDirectoryLoader(PACKAGE_ROOT);
		await loader.loadAll();
		const agents = options.agents ? loadAgentParts(runtimeOf(currentRuntime())) : undefined;
		const nodeTypes = new PackageNodeTypes(loader, { [INPUT_NODE_TYPE]: inputNodeType, ...agents?.nodeTypes });
		if (agents) nodeTypes.tools = agents.toolVariants(nodeTypes);
		const engine = new Engine(currentRuntime(), loader, nodeTypes, agents?.credentialTypes);
		engine.setCredentials(credentials);
		engine.observeNodes();
		return engine;
	}

	get credentialsHelper(): N8nServer['credentialsHelper'] {
		return this.server.credentialsHelper;
	}

	/** Records when each of our nodes' `execute` ends (it goes on after Stop, unseen by n8n). */
	private observeNodes() {
		for (const entry of Object.values(this.loader.nodeTypes)) {
			const type = entry.type as INodeType;
			const execute = type.execute;
			if (!execute) continue;
			const settled = this.settled;
			type.execute = async function (this: IExecuteFunctions) {
				const node = this.getNode().name;
				// The node's own outcome, passed on unchanged.
				return await (execute.call(this as never) as Promise<INodeExecutionData[][] | null>).then(
					(output) => {
						settled.push({ node, at: Date.now(), output });
						return output;
					},
					async (error: Settled['error']) => {
						settled.push({ node, at: Date.now(), error });
						return await Promise.reject(error);
					},
				);
			} as INodeType['execute'];
		}
	}

	/** Replaces the stored credentials (what n8n's credentials table holds), for every credential id. */
	setCredentials(credentials: Record<string, ICredentialDataDecryptedObject>) {
		this.server.table.replaceAll(credentials);
	}

	/** A credential as n8n has it stored now (an OAuth2 token n8n refreshed included), for credential id `id`. */
	async storedCredential(type: string, id = '1'): Promise<ICredentialDataDecryptedObject> {
		return await this.server.stored(type, id);
	}

	credentialType(name: string): ICredentialType {
		return this.loader.credentialTypes[name].type;
	}

	private additionalData(hooks?: ExecutionLifecycleHooks, streamingEnabled?: boolean): IWorkflowExecuteAdditionalData {
		return {
			hooks,
			streamingEnabled,
			credentialsHelper: this.credentialsHelper,
			currentNodeParameters: undefined,
			restApiUrl: 'http://localhost:5678/rest',
			instanceBaseUrl: 'http://localhost:5678',
			formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
			webhookBaseUrl: 'http://localhost:5678/webhook',
			webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
			webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
			variables: {},
			executeWorkflow: async () => {
				throw new Error('Sub-workflows are not available in the harness');
			},
			logAiEvent: () => {},
			getRunExecutionData: async () => undefined,
			startRunnerTask: async () => {
				throw new Error('Task runners are not available in the harness');
			},
		} as unknown as IWorkflowExecuteAdditionalData;
	}

	private node(spec: NodeSpec, index: number): INode {
		const credentialNames = this.nodeCredentialTypes(spec.type);
		return {
			id: `node-${index}`,
			name: spec.name ?? `Node ${index}`,
			type: spec.type,
			typeVersion: spec.typeVersion ?? 1,
			position: [index * 200, 0],
			parameters: spec.parameters as INode['parameters'],
			continueOnFail: spec.continueOnFail,
			onError: spec.onError ?? (spec.continueOnFail ? 'continueRegularOutput' : 'stopWorkflow'),
			retryOnFail: spec.retryOnFail !== undefined,
			maxTries: spec.retryOnFail?.maxTries,
			waitBetweenTries: spec.retryOnFail?.waitBetweenTries ?? 0,
			// Every credential the node lists (a node choosing one by "Authentication" uses the one it needs).
			credentials: credentialNames.length
				? Object.fromEntries(credentialNames.map((name) => [name, { id: spec.credentialId ?? '1', name }]))
				: undefined,
		};
	}

	private nodeCredentialTypes(type: string): string[] {
		if (type === INPUT_NODE_TYPE) return [];
		const description = this.nodeTypes.getByNameAndVersion(type).description;
		return (description.credentials ?? []).map((credential) => credential.name);
	}

	/** Runs the nodes as a chain (Input → first → second …) on `items`; returns every node's output. */
	async runChain(nodes: NodeSpec[], items: IDataObject[], options: RunOptions = {}): Promise<RunResult> {
		const specs: NodeSpec[] = [{ type: INPUT_NODE_TYPE, parameters: {}, name: 'Input' }, ...nodes];
		const workflowNodes = specs.map((spec, index) => this.node(spec, index));
		const connections: IConnections = {};
		for (let index = 0; index < workflowNodes.length - 1; index++) {
			connections[workflowNodes[index].name] = {
				main: [[{ node: workflowNodes[index + 1].name, type: 'main', index: 0 }]],
			};
		}
		return await this.runWorkflow(workflowNodes, connections, items, options);
	}

	/** Runs one of our nodes on `items`; returns its output items (and the error if it failed). */
	async runNode(spec: NodeSpec, items: IDataObject[], options: RunOptions = {}) {
		const name = spec.name ?? 'Node';
		const result = await this.runChain([{ ...spec, name }], items, options);
		return { items: result.outputs[name] ?? [], errorItems: result.errorOutputs[name] ?? [], error: result.error, run: result.run, stoppedAt: result.stoppedAt };
	}

	async runWorkflow(nodes: INode[], connections: IConnections, items: IDataObject[], options: RunOptions = {}): Promise<RunResult> {
		const workflow = new Workflow({ id: 'harness', nodes, connections, nodeTypes: this.nodeTypes, active: false, settings: options.settings });
		const hooks = new ExecutionLifecycleHooks('manual', '1', {
			id: 'harness',
			name: 'harness',
			nodes,
			connections,
			active: false,
			activeVersionId: null,
			isArchived: false,
			createdAt: new Date(),
			updatedAt: new Date(),
		});
		let resolveRun!: (run: IRun) => void;
		const finished = new Promise<IRun>((resolve) => (resolveRun = resolve));
		hooks.addHandler('workflowExecuteAfter', (run) => resolveRun(run));
		if (options.streamChunks) hooks.addHandler('sendChunk', options.streamChunks);
		const runExecutionData = {
			startData: {},
			resultData: { runData: {} },
			executionData: {
				contextData: {},
				metadata: {},
				nodeExecutionStack: [
					{ node: nodes[0], data: { main: [items.map((json) => ({ json }))] }, source: null },
				],
				waitingExecution: {},
				waitingExecutionSource: {},
			},
		} as unknown as IRunExecutionData;
		const execution = new WorkflowExecute(this.additionalData(hooks, options.streamChunks !== undefined), 'manual', runExecutionData);
		const running = execution.processRunExecutionData(workflow);
		let stoppedAt: number | undefined;
		const stop = options.stopWhen
			? setInterval(() => {
					if (stoppedAt === undefined && options.stopWhen!()) {
						stoppedAt = Date.now();
						running.cancel();
					}
				}, 5)
			: undefined;
		await running;
		const run = await finished;
		if (stop) clearInterval(stop);
		const outputs: Record<string, INodeExecutionData[]> = {};
		const errorOutputs: Record<string, INodeExecutionData[]> = {};
		for (const [name, taskData] of Object.entries(run.data.resultData.runData)) {
			outputs[name] = (taskData as ITaskData[])[0]?.data?.main?.[0] ?? [];
			errorOutputs[name] = (taskData as ITaskData[])[0]?.data?.main?.[1] ?? [];
		}
		return { outputs, errorOutputs, error: run.data.resultData.error, run, stoppedAt };
	}

	private loadOptionsContext(type: string, parameters: IDataObject, typeVersion?: number): LoadOptionsContext {
		const node = this.node({ type, parameters, name: 'Editor', typeVersion }, 0);
		const workflow = new Workflow({ nodes: [node], connections: {}, nodeTypes: this.nodeTypes, active: false });
		// n8n's editor endpoints pass the node's current parameters along.
		const additionalData = { ...this.additionalData(), currentNodeParameters: node.parameters };
		return new LoadOptionsContext(workflow, node, additionalData, 'parameters');
	}

	/** A dropdown's options, as the editor loads them for a node with these parameters. */
	async loadOptions(type: string, method: string, parameters: IDataObject = {}): Promise<INodePropertyOptions[]> {
		const nodeType = this.nodeTypes.getByNameAndVersion(type);
		const loader = nodeType.methods?.loadOptions?.[method];
		if (!loader) throw new Error(`${type} has no loadOptions method ${method}`);
		return await loader.call(this.loadOptionsContext(type, parameters));
	}

	/** A resource locator's "From List" choices, as the editor loads them for a node with these parameters. */
	async listSearch(type: string, method: string, parameters: IDataObject = {}, filter?: string, typeVersion?: number): Promise<INodeListSearchResult> {
		const nodeType = this.nodeTypes.getByNameAndVersion(type, typeVersion);
		const search = nodeType.methods?.listSearch?.[method];
		if (!search) throw new Error(`${type} has no listSearch method ${method}`);
		return await search.call(this.loadOptionsContext(type, parameters, typeVersion), filter);
	}

	/** A resource mapper's fields, as the editor loads them for a node with these parameters. */
	async resourceMapperFields(type: string, method: string, parameters: IDataObject = {}): Promise<ResourceMapperFields> {
		const nodeType = this.nodeTypes.getByNameAndVersion(type);
		const mapper = nodeType.methods?.resourceMapping?.[method];
		if (!mapper) throw new Error(`${type} has no resourceMapping method ${method}`);
		return await mapper.call(this.loadOptionsContext(type, parameters));
	}

	/** The result of "Test" in the credential dialog: n8n's own CredentialsTester, with what was entered. */
	async testCredential(type: string, data: ICredentialDataDecryptedObject): Promise<INodeCredentialTestResult> {
		return await this.server.testCredentials(type, data);
	}
}
