/*
 * n8n's AI Agent in the engine harness, all of it the runtime's own code:
 * the Agent and OpenAI Chat Model nodes of its @n8n/n8n-nodes-langchain,
 * the `openAiApi` credential of its n8n-nodes-base, and its server's
 * NodeTypes, which makes the tool variant ("nexorTool") of a node that is
 * `usableAsTool` as `n8n start` does. How the agent then calls the tool
 * (LangChain for Agent 2.2, the engine for Agent 3.x) is n8n-core's.
 */
import path from 'node:path';

import type { ICredentialType, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';

import type { Runtime } from '../runtime/n8nRuntime';

export const AGENT_TYPE = '@n8n/n8n-nodes-langchain.agent';
export const OPENAI_CHAT_MODEL_TYPE = '@n8n/n8n-nodes-langchain.lmChatOpenAi';

/** The node types the harness already knows (our package's, its input node, these). */
export interface KnownNodeTypes {
	recognizes(type: string): boolean;
	getByName(type: string): INodeType | IVersionedNodeType;
}

const fromRuntime = <T>(runtime: Runtime, modulePath: string): T =>
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	require(path.join(runtime.modules, modulePath)) as T;

type NodeTypesClass = new (...args: unknown[]) => INodeTypes;

export function loadAgentParts(runtime: Runtime) {
	const langchain = (file: string) => `@n8n/n8n-nodes-langchain/dist/nodes/${file}`;
	const { Agent } = fromRuntime<{ Agent: new () => IVersionedNodeType }>(runtime, langchain('agents/Agent/Agent.node.js'));
	const { LmChatOpenAi } = fromRuntime<{ LmChatOpenAi: new () => INodeType }>(runtime, langchain('llms/LMChatOpenAi/LmChatOpenAi.node.js'));
	const { OpenAiApi } = fromRuntime<{ OpenAiApi: new () => ICredentialType }>(runtime, 'n8n-nodes-base/dist/credentials/OpenAiApi.credentials.js');

	return {
		nodeTypes: { [AGENT_TYPE]: new Agent(), [OPENAI_CHAT_MODEL_TYPE]: new LmChatOpenAi() },
		credentialTypes: { openAiApi: new OpenAiApi() },
		/** n8n's server NodeTypes over the harness's types: what answers for "<package>.<node>Tool". */
		toolVariants(known: KnownNodeTypes): INodeTypes {
			const { NodeTypes } = fromRuntime<{ NodeTypes: NodeTypesClass }>(runtime, 'n8n/dist/node-types.js');
			const { LoadNodesAndCredentials } = fromRuntime<{ LoadNodesAndCredentials: { prototype: object } }>(runtime, 'n8n/dist/load-nodes-and-credentials.js');
			// What NodeTypes asks of n8n's LoadNodesAndCredentials, for the types the harness loaded.
			const own = {
				loadedNodes: {},
				knownNodes: {},
				recognizesNode: (type: string) => known.recognizes(type),
				getNode: (type: string) => {
					if (!known.recognizes(type)) throw new Error(`Unknown node type ${type}`);
					return { type: known.getByName(type), sourcePath: '' };
				},
			};
			// Own values over the class's getters (1.x converts the tool with the class's own method).
			const loaded = Object.create(
				LoadNodesAndCredentials.prototype,
				Object.fromEntries(Object.entries(own).map(([key, value]) => [key, { value }])),
			) as object;
			const logger = { debug: () => undefined, warn: () => undefined, error: () => undefined, info: () => undefined };
			// 2.41: (logger, loadNodesAndCredentials); 2.30 and 1.x: (loadNodesAndCredentials).
			return NodeTypes.length >= 2 ? new NodeTypes(logger, loaded) : new NodeTypes(loaded);
		},
	};
}
