/*
 * A small stand-in for n8n's webhook server, for the Nexor Trigger's engine
 * tests: an HTTP server that, for each POST, does what n8n does around a
 * trigger's webhook (live-webhooks + webhook-helpers): reads the raw body
 * and parses the JSON (`rawBody`, `body`), loads the workflow with its
 * static data, runs the node's `webhook()` in n8n-core's own WebhookContext
 * of the runtime under test, answers as n8n answers (the node's own answer,
 * `webhookResponse`, or "Workflow was started"), and saves the static data
 * when it changed. A started workflow is recorded, not run. Activation runs
 * the node's webhookMethods in n8n-core's HookContext. The end-to-end test
 * proves the same in a real n8n.
 */
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { HookContext, WebhookContext } from 'n8n-core';
import type { IDataObject, INode, INodeType, IWebhookData, IWebhookResponseData, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { currentRuntime } from '../harness/engine';
import { onReceivedAnswer } from '../harness/n8nServer';
import { runtimeOf } from '../runtime/n8nRuntime';
import type { TestBed } from '../setup';

export const TRIGGER_TYPE = 'n8n-nodes-lead-conversions.nexorTrigger';

export interface Answer {
	status: number;
	body: string;
}

export class TriggerHost {
	/** What n8n keeps in the workflow's row: its static data, saved after each webhook that changed it. */
	staticData: IDataObject = {};

	/** The items of each workflow the trigger started. */
	readonly started: IDataObject[][] = [];

	readonly answers: Answer[] = [];

	/** Answer the next requests with 500 before the node sees them (a busy n8n), to make Nexor retry. */
	failNext = 0;

	parameters: IDataObject;

	private server?: Server;

	constructor(
		private readonly bed: TestBed,
		parameters: IDataObject,
		private readonly workflowId = 'nexor-trigger-workflow',
	) {
		this.parameters = parameters;
	}

	get url(): string {
		return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/webhook/nexor`;
	}

	private node(): INode {
		return {
			id: 'trigger-node',
			name: 'Nexor Trigger',
			type: TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			webhookId: '5c2a8e71-0d4b-4c9e-9f3a-1b2c3d4e5f60',
			parameters: JSON.parse(JSON.stringify(this.parameters)) as INode['parameters'],
			credentials: { nexorApi: { id: '1', name: 'nexorApi' } },
		};
	}

	private workflow(): Workflow {
		return new Workflow({
			id: this.workflowId,
			name: 'Nexor Trigger test',
			nodes: [this.node()],
			connections: {},
			nodeTypes: this.bed.engine.nodeTypes,
			active: true,
			staticData: JSON.parse(JSON.stringify(this.staticData)) as IDataObject,
		});
	}

	private additionalData(extra: Partial<IWorkflowExecuteAdditionalData> = {}): IWorkflowExecuteAdditionalData {
		return {
			credentialsHelper: this.bed.engine.credentialsHelper,
			restApiUrl: 'http://127.0.0.1/rest',
			instanceBaseUrl: 'http://127.0.0.1',
			webhookBaseUrl: this.url.replace(/\/nexor$/, ''),
			webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
			webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
			formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
			variables: {},
			...extra,
		} as unknown as IWorkflowExecuteAdditionalData;
	}

	private nodeType(): INodeType {
		return this.bed.engine.nodeTypes.getByNameAndVersion(TRIGGER_TYPE);
	}

	private webhookData(workflow: Workflow, additionalData: IWorkflowExecuteAdditionalData): IWebhookData {
		return {
			httpMethod: 'POST',
			node: 'Nexor Trigger',
			path: 'webhook',
			webhookDescription: this.nodeType().description.webhooks![0],
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
		} as IWebhookData;
	}

	/** What n8n runs when the workflow is activated (published): checkExists, then create when it answers false. */
	async activate(): Promise<boolean> {
		const workflow = this.workflow();
		const additionalData = this.additionalData();
		const node = workflow.getNode('Nexor Trigger')!;
		const context = new HookContext(workflow, node, additionalData, 'trigger', 'activate', this.webhookData(workflow, additionalData));
		const methods = this.nodeType().webhookMethods!.default!;
		if (await methods.checkExists.call(context)) return true;
		return await methods.create.call(context);
	}

	async start(): Promise<this> {
		this.server = createServer((request, response) => {
			const chunks: Buffer[] = [];
			request.on('data', (chunk: Buffer) => chunks.push(chunk));
			request.on('end', () => void this.handle(request, response, Buffer.concat(chunks)));
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		return this;
	}

	async stop(): Promise<void> {
		this.server?.closeAllConnections();
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}

	private async handle(request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse, raw: Buffer) {
		const answer = (status: number, body: unknown) => {
			// A text body goes out as it is (as n8n sends one), anything else as JSON.
			const text = typeof body === 'string' ? body : JSON.stringify(body);
			this.answers.push({ status, body: text });
			response.writeHead(status, { 'content-type': 'application/json' });
			response.end(text);
		};
		if (this.failNext > 0) {
			this.failNext--;
			return answer(500, { message: 'busy' });
		}
		let body: unknown = {};
		// n8n's body parser: JSON by content type, the bytes kept as `rawBody`.
		if (raw.length && String(request.headers['content-type']).startsWith('application/json')) {
			try {
				body = JSON.parse(raw.toString('utf8'));
			} catch {
				return answer(400, { message: 'Invalid JSON' });
			}
		}
		const req = Object.assign(request, { body, rawBody: raw, params: {}, query: {} });
		// What the node writes itself (a refusal), kept to be read by the test.
		const written: string[] = [];
		const end = response.end.bind(response);
		response.end = ((chunk?: unknown, ...rest: unknown[]) => {
			if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) written.push(String(chunk));
			return (end as (...args: unknown[]) => typeof response)(chunk, ...rest);
		}) as typeof response.end;
		const workflow = this.workflow();
		const additionalData = this.additionalData({ httpRequest: req as never, httpResponse: response as never });
		const node = workflow.getNode('Nexor Trigger')!;
		const context = new WebhookContext(workflow, node, additionalData, 'webhook', this.webhookData(workflow, additionalData), [], null);
		let result: IWebhookResponseData;
		try {
			result = await this.nodeType().webhook!.call(context);
		} catch (error) {
			return answer(500, { message: (error as Error).message });
		}
		// Saved when the node changed it, as n8n saves it once the webhook answered.
		const staticData = workflow.staticData as IDataObject;
		if (staticData.__dataChanged === true) {
			const saved = JSON.parse(JSON.stringify(staticData)) as IDataObject;
			delete saved.__dataChanged;
			this.staticData = saved;
		}
		if (result.noWebhookResponse) {
			this.answers.push({ status: response.statusCode, body: written.join('') });
			return;
		}
		if (result.workflowData) {
			this.started.push(result.workflowData[0].map((item) => item.json));
			// What n8n's server sends (its own code): the node's webhookResponse only when the description lets it.
			const body = onReceivedAnswer(runtimeOf(currentRuntime()), this.nodeType().description.webhooks![0].responseData, result);
			return answer(200, body);
		}
		return answer(200, result.webhookResponse ?? { message: 'Webhook call received' });
	}
}
