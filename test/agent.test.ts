/*
 * n8n's AI Agent drives the package's tools, with n8n's own code throughout
 * (harness/agents.ts): the runtime's Agent node in every version it offers
 * (2.2 everywhere; 3.1 in n8n 2.x, 3 in 1.123), its OpenAI Chat Model
 * (typeVersion 1.2, Chat Completions) whose credential's Base URL is the
 * sandbox's scripted model (sandbox/openai.ts), answering as JSON and, in
 * an execution whose answer streams, as server-sent events; and the tool
 * variants n8n makes of Nexor (Lead → Create), Nateq (Convert) and RD
 * Station (Conversion) against the sandbox. What is asserted is what the
 * model was sent as each tool's result, what the services recorded, that
 * the agent's run finishes, and what n8n's run data shows of each tool run.
 */
import type { IConnections, IDataObject, INode, INodeProperties, INodePropertyOptions, ITaskData } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { AGENT_TYPE, OPENAI_CHAT_MODEL_TYPE } from './harness/agents';
import type { RunResult } from './harness/engine';
import { currentRuntime, Engine } from './harness/engine';
import type { RuntimeName } from './runtime/n8nRuntime';
import { NEXOR_IDS } from './sandbox/nexor';
import type { ChatRequest, ModelTurn, ToolResult } from './sandbox/openai';
import { errorOf, lastToolResults, SANDBOX_MODEL, toolResults } from './sandbox/openai';
import type { Sandbox } from './sandbox/server';
import { SANDBOX_KEYS, startSandbox } from './sandbox/server';
import { sandboxCredentials } from './setup';

/** The agent versions each runtime offers (Agent.node.js's versions: 2.2 is V2's newest, then V3's). */
const AGENT_VERSIONS: Record<RuntimeName, number[]> = { '2.41.1': [2.2, 3.1], '2.30.0': [2.2, 3.1], '1.123.81': [2.2, 3] };

/*
 * The tools, named as n8n's editor names a tool node added for an
 * operation ("<action> in <service>"); n8n derives the tool's name from the
 * node's name and, with no description set, its description from the same
 * action.
 */
const NEXOR = 'Create a lead in Nexor';
const NATEQ = 'Convert a lead to a contact in Nateq';
const RD = 'Create a conversion in RD Station Marketing';
const toolName = (node: string) => node.replace(/[^a-zA-Z0-9_-]+/g, '_');

const fromAI = (key: string, description: string) => `={{ $fromAI('${key}', '${description}', 'string') }}`;

type Credentials = INode['credentials'];

const node = (name: string, type: string, typeVersion: number, parameters: IDataObject, credentials?: Credentials): INode => ({
	id: name,
	name,
	type,
	typeVersion,
	position: [0, 0],
	parameters: parameters as INode['parameters'],
	credentials,
});

const NEXOR_CREDENTIAL: Credentials = { nexorApi: { id: '1', name: 'Nexor (sandbox)' } };

/** The three services' tools: Nexor Lead → Create, Nateq Convert, RD Conversion (API key). */
const serviceTools = (): INode[] => [
	node(
		NEXOR,
		'n8n-nodes-lead-conversions.nexorTool',
		2,
		{
			resource: 'lead',
			operation: 'create',
			firstName: fromAI('first_name', 'First name of the lead'),
			email: fromAI('email', 'E-mail address of the lead'),
			workflowId: { __rl: true, mode: 'id', value: fromAI('workflow_id', 'ID of the Nexor workflow to enrol the lead in') },
		},
		NEXOR_CREDENTIAL,
	),
	node(
		NATEQ,
		'n8n-nodes-lead-conversions.nateqTool',
		1,
		{ resource: 'lead', operation: 'convertToContact', leadId: fromAI('lead_id', 'ID of the Nateq lead') },
		{ nateqApi: { id: '1', name: 'Nateq (sandbox)' } },
	),
	node(
		RD,
		'n8n-nodes-lead-conversions.rdStationMarketingTool',
		2,
		{
			authentication: 'apiKey',
			resource: 'conversion',
			operation: 'create',
			conversionIdentifier: 'chat-agent',
			email: fromAI('email', 'E-mail address of the contact'),
			customFields: { field: [{ name: 'cf_plan', value: fromAI('plan', 'Plan the contact chose: basic, pro or enterprise') }] },
		},
		{ rdStationMarketingApiKeyApi: { id: '1', name: 'RD Station (sandbox)' } },
	),
];

/** Input → n8n's AI Agent, with n8n's OpenAI Chat Model on the sandbox's model and these tools. */
function agentWorkflow(agentVersion: number, tools: INode[]): { nodes: INode[]; connections: IConnections } {
	const nodes = [
		node('Input', 'harness.input', 1, {}),
		node('AI Agent', AGENT_TYPE, agentVersion, { promptType: 'define', text: '={{ $json.prompt }}', options: {} }),
		node(
			'OpenAI Chat Model',
			OPENAI_CHAT_MODEL_TYPE,
			1.2,
			{ model: { __rl: true, mode: 'list', value: SANDBOX_MODEL }, options: {} },
			{ openAiApi: { id: '1', name: 'OpenAI (sandbox)' } },
		),
		...tools,
	];
	const connections = {
		Input: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
		'OpenAI Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
		...Object.fromEntries(tools.map((tool) => [tool.name, { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] }])),
	} as IConnections;
	return { nodes, connections };
}

/** A scripted conversation: the model's turn N (N tool-call turns so far) is `turns[N]`, given what it was sent. */
const scripted =
	(...turns: Array<(request: ChatRequest) => ModelTurn>) =>
	(request: ChatRequest): ModelTurn => {
		const turn = request.messages.filter((message) => message.role === 'assistant').length;
		return turns[Math.min(turn, turns.length - 1)](request);
	};

const call = (node: string, args: Record<string, unknown>) => ({ name: toolName(node), arguments: args });
const calls = (...list: Array<ReturnType<typeof call>>) => () => ({ toolCalls: list });
/** The model's last turn: it repeats what each tool answered, so the agent's output shows the model had it. */
const finish = (request: ChatRequest): ModelTurn => ({ content: `Finished. ${toolResults(request).map((result) => `${result.name}: ${result.content}`).join(' | ')}` });

let sandbox: Sandbox;
let engine: Engine;
beforeAll(async () => {
	sandbox = await startSandbox();
	engine = await Engine.load(
		{ ...sandboxCredentials(sandbox), openAiApi: { apiKey: SANDBOX_KEYS.openai, url: sandbox.baseUrl('openai') } },
		{ agents: true },
	);
});
afterAll(async () => await sandbox?.stop());

interface AgentRun extends RunResult {
	/** Every request n8n's Chat Model sent the model in this run. */
	requests: ChatRequest[];
	/** What the model was told, tool by tool, in the order it was told. */
	results: ToolResult[];
	/** The agent's answer. */
	output: unknown;
	/** What n8n streamed (streamed runs). */
	chunks: IDataObject[];
	/** The runs n8n recorded for a tool node. */
	toolRuns(node: string): ITaskData[];
}

async function runAgent(
	{ agentVersion, streamed = false, tools = serviceTools() }: { agentVersion: number; streamed?: boolean; tools?: INode[] },
	prompt: string,
	script: (request: ChatRequest) => ModelTurn,
): Promise<AgentRun> {
	sandbox.stores.openai.script = script;
	const firstRequest = sandbox.stores.openai.requests.length;
	const chunks: IDataObject[] = [];
	const { nodes, connections } = agentWorkflow(agentVersion, tools);
	const result = await engine.runWorkflow(nodes, connections, [{ prompt }], {
		settings: { executionOrder: 'v1' },
		streamChunks: streamed ? (chunk) => chunks.push(chunk as IDataObject) : undefined,
	});
	const requests = sandbox.stores.openai.requests.slice(firstRequest);
	const runData = result.run.data.resultData.runData;
	return {
		...result,
		requests,
		results: toolResults(requests[requests.length - 1]),
		output: result.outputs['AI Agent']?.[0]?.json.output,
		chunks,
		// n8n 1.123's engine keeps a placeholder run (no status) for a tool run it resumed: only the runs that ran.
		toolRuns: (name) => (runData[name] ?? []).filter((task) => task.executionStatus !== undefined),
	};
}

describe.each(AGENT_VERSIONS[currentRuntime()])('n8n AI Agent %s', (agentVersion) => {
	test('a $fromAI typed "number" that the model sends as text: Agent 2.2 (LangChain) fails the run before the node; 3.x hands it over and the node reads it', async () => {
		const tagsTool = node(
			'Get many tags in Nexor',
			'n8n-nodes-lead-conversions.nexorTool',
			2,
			{ resource: 'tag', operation: 'getMany', returnAll: false, limit: "={{ $fromAI('limit', 'How many tags at most', 'number') }}" },
			NEXOR_CREDENTIAL,
		);
		const run = await runAgent({ agentVersion, tools: [tagsTool] }, 'One tag, please.', scripted(calls(call(tagsTool.name, { limit: '1' })), finish));
		if (agentVersion < 3) {
			expect(run.error?.message).toMatch(/^Received tool input did not match expected schema\s+✖ Expected number, received string/);
			expect(run.results).toEqual([]);
		} else {
			expect(run.error).toBeUndefined();
			expect(JSON.parse(run.results[0].content)).toHaveLength(2);
		}
	});

	test('a list: cut at its Limit, empty, or a Limit the model sent as text, the model is told', async () => {
		const listTool = node(
			'Get many tags in Nexor',
			'n8n-nodes-lead-conversions.nexorTool',
			2,
			{ resource: 'tag', operation: 'getMany', search: fromAI('search', 'Text the tag names contain'), returnAll: false, limit: fromAI('limit', 'How many tags at most') },
			NEXOR_CREDENTIAL,
		);
		const tags = (args: Record<string, unknown>) => calls(call(listTool.name, args));
		const run = await runAgent(
			{ agentVersion, tools: [listTool] },
			'Which tags are there?',
			scripted(tags({ search: '', limit: '1' }), tags({ search: 'no such tag', limit: '5' }), tags({ search: '', limit: 'a few' }), finish),
		);
		expect(run.error).toBeUndefined();
		expect(run.results.map((result) => JSON.parse(result.content) as unknown)).toEqual([
			[expect.objectContaining({ id: expect.any(String), name: expect.any(String) }), { note: "The list stops at the tool's Limit (1): there are more." }],
			[{ note: 'Nothing found: the list is empty.' }],
			[{ error: 'Limit: expected a whole number of at least 1, got "a few". Nothing was sent.' }],
		]);
	});

	describe.each([false, true])('answer streamed: %s', (streamed) => {
		const tag = `${agentVersion}${streamed ? 's' : ''}`.replace('.', '');
		const agent = { agentVersion, streamed };

		/** The run finished, every model call was streamed or not as the execution's answer, and no key reached the model. */
		function expectFinished(run: AgentRun) {
			expect(run.error).toBeUndefined();
			expect(typeof run.output).toBe('string');
			expect(run.requests.map((request) => request.stream === true)).toEqual(run.requests.map(() => streamed));
			if (streamed) expect(run.chunks.filter((chunk) => chunk.type === 'item').map((chunk) => chunk.content).join('')).toBe(run.output);
			const seen = JSON.stringify(run.requests);
			for (const key of Object.values(SANDBOX_KEYS)) expect(seen).not.toContain(key);
		}

		/**
		 * What n8n's run data shows of a tool run the node answered with an
		 * error (docs/ai-agent-tools.md): Agent 2.2 keeps the error on the run
		 * (n8n then sets its status to success); Agent 3.x on n8n 2.x records it
		 * as a failed run; n8n 1.123's Agent 3 lets a node mark its run failed
		 * only by failing the whole execution, so there the run succeeds with
		 * the error as its output.
		 */
		function expectFailedToolRun(task: ITaskData, text: string) {
			if (agentVersion < 3) {
				expect(task.error?.message).toBe(text);
			} else if (currentRuntime() !== '1.123.81') {
				expect(task.executionStatus).toBe('error');
				expect(task.error?.message).toBe(text);
			} else {
				expect(task.executionStatus).toBe('success');
				expect(task.data?.ai_tool?.[0]?.[0]?.json).toEqual({ error: text });
			}
		}

		test('the model is offered each tool by its operation, with the $fromAI arguments', async () => {
			const run = await runAgent(agent, 'Say hello.', () => ({ content: 'Hello.' }));
			expectFinished(run);
			const offered = run.requests[0].tools!.map((tool) => ({
				name: tool.function.name,
				description: tool.function.description,
				arguments: Object.keys(tool.function.parameters?.properties ?? {}).sort(),
			}));
			expect(offered.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
				{ name: 'Convert_a_lead_to_a_contact_in_Nateq', description: NATEQ, arguments: ['lead_id'] },
				{ name: 'Create_a_conversion_in_RD_Station_Marketing', description: RD, arguments: ['email', 'plan'] },
				{ name: 'Create_a_lead_in_Nexor', description: NEXOR, arguments: ['email', 'first_name', 'workflow_id'] },
			]);
		});

		test('a good call to each service: the model gets the record with its id; each service has it once', async () => {
			const leadId = sandbox.stores.nateq.addLead(`Good ${tag}`, `good.${tag}@example.com`);
			const run = await runAgent(
				agent,
				'Record Ada everywhere.',
				scripted(
					calls(call(NEXOR, { first_name: `Ada ${tag}`, email: `ada.${tag}@example.com`, workflow_id: NEXOR_IDS.workflowOutreach })),
					calls(call(NATEQ, { lead_id: leadId })),
					calls(call(RD, { email: `ada.${tag}@example.com`, plan: 'pro' })),
					finish,
				),
			);
			expectFinished(run);
			const [nexor, nateq, rd] = run.results.map((result) => JSON.parse(result.content) as IDataObject[]);
			const lead = [...sandbox.stores.nexor.leads.values()].filter((entry) => entry.first_name === `Ada ${tag}`);
			expect(lead).toHaveLength(1);
			expect(nexor).toEqual([expect.objectContaining({ lead: expect.objectContaining({ id: lead[0].id, email: `ada.${tag}@example.com` }) })]);
			expect(sandbox.requests('nateq', 'POST', `/leads/${leadId}/convert`)).toHaveLength(1);
			expect(nateq[0]).toMatchObject({ id: expect.any(String) });
			const conversions = sandbox.stores.rdstation.conversions.filter((entry) => entry.payload.email === `ada.${tag}@example.com`);
			expect(conversions).toHaveLength(1);
			expect(rd).toEqual([expect.objectContaining({ event_uuid: conversions[0].event_uuid })]);
			expect(run.output).toContain(lead[0].id);
			for (const node of [NEXOR, NATEQ, RD]) expect(run.toolRuns(node).map((task) => [task.executionStatus, task.error])).toEqual([['success', undefined]]);
		});

		test('a malformed argument: the model is told which, what was expected and that nothing was sent; it corrects it; one record each', async () => {
			const leadId = sandbox.stores.nateq.addLead(`Fix ${tag}`, `fix.${tag}@example.com`);
			const told: Record<string, string | undefined> = {};
			const corrected = (node: string, args: Record<string, unknown>) => (request: ChatRequest) => {
				// The model corrects only what it was told about: it reads the error it got.
				told[node] = errorOf(lastToolResults(request)[0]);
				return told[node] ? { toolCalls: [call(node, args)] } : { content: 'It worked the first time?' };
			};
			const run = await runAgent(
				agent,
				'Record Bea everywhere.',
				scripted(
					calls(call(NEXOR, { first_name: `Bea ${tag}`, email: 'bea-at-example.com', workflow_id: NEXOR_IDS.workflowOutreach })),
					corrected(NEXOR, { first_name: `Bea ${tag}`, email: `bea.${tag}@example.com`, workflow_id: NEXOR_IDS.workflowOutreach }),
					calls(call(NATEQ, { lead_id: `${leadId}/../other` })),
					corrected(NATEQ, { lead_id: leadId }),
					calls(call(RD, { email: `bea.${tag}@@example.com`, plan: 'basic' })),
					corrected(RD, { email: `bea.${tag}@example.com`, plan: 'basic' }),
					finish,
				),
			);
			expectFinished(run);
			expect(told).toEqual({
				[NEXOR]: 'Email: expected an email address such as jane@example.com, got "bea-at-example.com". Nothing was sent.',
				[NATEQ]: `Lead ID: expected one ID without "/", "\\", "?", "#" or spaces, and not "." or "..", got "${leadId}/../other". Nothing was sent.`,
				[RD]: `Email: expected an email address such as jane@example.com, got "bea.${tag}@@example.com". Nothing was sent.`,
			});
			expect([...sandbox.stores.nexor.leads.values()].filter((entry) => entry.first_name === `Bea ${tag}`)).toHaveLength(1);
			expect(sandbox.requests('nateq', 'POST', /\/convert$/).filter((entry) => entry.path.includes(leadId))).toHaveLength(1);
			expect(sandbox.stores.rdstation.conversions.filter((entry) => String(entry.payload.email).startsWith(`bea.${tag}@`))).toHaveLength(1);
			for (const node of [NEXOR, NATEQ, RD]) {
				const [refused, accepted] = run.toolRuns(node);
				expectFailedToolRun(refused, told[node]!);
				expect(accepted.executionStatus).toBe('success');
			}
		});

		test('an API error: the model is told the service refused it and that nothing changed; the run goes on', async () => {
			const run = await runAgent(
				agent,
				'Record Cleo everywhere.',
				scripted(
					calls(call(NEXOR, { first_name: `Cleo ${tag}`, email: `cleo.${tag}@example.com`, workflow_id: '5f0b6a52-3c1e-4d7a-9b1e-2a7f0c9d1eff' })),
					calls(call(NATEQ, { lead_id: `lead_unknown_${tag}` })),
					calls(call(RD, { email: `cleo.${tag}@example.com`, plan: 'platinum' })),
					finish,
				),
			);
			expectFinished(run);
			const errors = run.results.map(errorOf);
			expect(errors).toEqual([
				'workflow_id not found or does not belong to your account. The service refused it (HTTP 400): nothing was changed.',
				`Nateq has no lead with ID "lead_unknown_${tag}" (NOT_FOUND): Lead not found. The service refused it (HTTP 404): nothing was changed.`,
				'RD Station refused the conversion: cf_plan: Must be one of the valid options. (INVALID_OPTION). The service refused it (HTTP 400): nothing was changed.',
			]);
			expect(run.output).toContain('HTTP 404');
			expect([...sandbox.stores.nexor.leads.values()].filter((entry) => entry.first_name === `Cleo ${tag}`)).toHaveLength(0);
			expect(sandbox.stores.rdstation.conversions.filter((entry) => entry.payload.email === `cleo.${tag}@example.com`)).toHaveLength(0);
			[NEXOR, NATEQ, RD].forEach((node, index) => expectFailedToolRun(run.toolRuns(node)[0], errors[index]!));
		});

		test('three tool calls in one model turn (one tool twice): each answer comes back to its own call', async () => {
			const leadId = sandbox.stores.nateq.addLead(`Turn ${tag}`, `turn.${tag}@example.com`);
			const run = await runAgent(
				agent,
				'Record Dora and Eli, and convert the lead.',
				scripted(
					calls(
						call(NEXOR, { first_name: `Dora ${tag}`, email: `dora.${tag}@example.com`, workflow_id: NEXOR_IDS.workflowOutreach }),
						call(NEXOR, { first_name: `Eli ${tag}`, email: 'eli-at-example.com', workflow_id: NEXOR_IDS.workflowOutreach }),
						call(NATEQ, { lead_id: leadId }),
					),
					finish,
				),
			);
			expectFinished(run);
			const byName = (first: string) => run.results.find((result) => result.arguments.first_name === first)!;
			const dora = [...sandbox.stores.nexor.leads.values()].filter((entry) => entry.first_name === `Dora ${tag}`);
			expect(dora).toHaveLength(1);
			expect(JSON.parse(byName(`Dora ${tag}`).content)).toEqual([expect.objectContaining({ lead: expect.objectContaining({ id: dora[0].id }) })]);
			expect(errorOf(byName(`Eli ${tag}`))).toBe('Email: expected an email address such as jane@example.com, got "eli-at-example.com". Nothing was sent.');
			expect([...sandbox.stores.nexor.leads.values()].filter((entry) => entry.first_name === `Eli ${tag}`)).toHaveLength(0);
			expect(JSON.parse(run.results.find((result) => result.name === toolName(NATEQ))!.content)[0]).toMatchObject({ id: expect.any(String) });
			expect(run.results).toHaveLength(3);
			expect(run.toolRuns(NEXOR)).toHaveLength(2);
		});
	});
});

describe('what n8n derives from every operation used as a tool', () => {
	/*
	 * n8n's editor names a tool node added for an operation "<action> in
	 * <service>", the agent offers it under that name (letters, digits, _ and
	 * -, at most 64) and, with no description set, describes it the same way
	 * (NodeHelpers.getToolDescriptionForNode on n8n's tool variant).
	 */
	test.each([
		['nexor', 2],
		['nateq', 1],
		['rdStationMarketing', 2],
	])('%s version %s: each operation’s tool says the service, the resource and the operation', (name, version) => {
		const toolType = engine.nodeTypes.getByNameAndVersion(`n8n-nodes-lead-conversions.${name}Tool`, version);
		const { properties, defaults } = toolType.description;
		const shown = (property: INodeProperties) => {
			const versions = property.displayOptions?.show?.['@version'] as number[] | undefined;
			return versions === undefined || versions.includes(version);
		};
		// RD lists its resources once per authentication (the API key: conversions only).
		const listed = properties.filter((property) => property.name === 'resource' && shown(property)).flatMap((property) => property.options as INodePropertyOptions[]);
		const resources = listed.filter((resource, index) => listed.findIndex((other) => other.value === resource.value) === index);
		const derived = resources.flatMap((resource) =>
			properties
				.filter((property) => property.name === 'operation' && shown(property) && (property.displayOptions?.show?.resource as string[] | undefined)?.includes(String(resource.value)))
				.flatMap((property) => property.options as INodePropertyOptions[])
				.map((operation) => {
					const parameters = { resource: resource.value, operation: operation.value } as INode['parameters'];
					const description = NodeHelpers.getToolDescriptionForNode({ ...node('Tool', toolType.description.name, version, parameters) }, toolType);
					return { resource: resource.name, operation: operation.name, description };
				}),
		);
		expect(derived.length).toBeGreaterThan(0);
		for (const { resource, description } of derived) {
			// "Get many team members in Nexor": the service last, the resource's word in it, a name the agent accepts.
			expect(description).toMatch(new RegExp(`^[A-Z][a-z]+ .+ in ${defaults.name}$`));
			expect(description.toLowerCase()).toContain(resource.toLowerCase().split(/[\s,]+/).pop()!.replace(/s$/, ''));
			expect(toolName(description).length).toBeLessThanOrEqual(64);
		}
		expect(new Set(derived.map((entry) => entry.description)).size).toBe(derived.length);
	});
});
