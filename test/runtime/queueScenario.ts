/*
 * What the queue-mode test, `npm run bench:queue` and `npm run start:queue`
 * share: a queue stack (main + workers, Redis, Postgres) with the sandbox
 * credentials and a webhook workflow that records each posted row as a
 * Nexor lead, an RD Station conversion and two Nexor conversions, all with
 * "Skip Items Already Sent" (one conversion also looked up in Nexor before
 * it is created); and the figures read back from the sandbox and n8n.
 */
import type { ExecutionRecord } from './n8nInstance';
import { installedNodeType } from './n8nInstance';

export type { ExecutionRecord } from './n8nInstance';
import type { Runtime } from './n8nRuntime';
import { CREDENTIAL_IDS, nexorCreateLeadNode, rowsWorkflow, sandboxCredentialsForImport, webhookNode } from './fixtures';
import type { Worker } from './queueStack';
import { QueueStack } from './queueStack';
import { NEXOR_IDS } from '../sandbox/nexor';
import type { Sandbox } from '../sandbox/server';

export const QUEUE_WORKFLOW_ID = 'LcQueueLeads0001';
export const QUEUE_WEBHOOK_PATH = 'lead-conversions-queue';

export interface Row {
	name: string;
	email: string;
}

/** The conversion types of the two Nexor conversion nodes: looked up in Nexor first, or n8n's store only. */
export const LOOKED_UP_TYPE = NEXOR_IDS.typeReservation;
export const STORE_ONLY_TYPE = NEXOR_IDS.typeClosedSale;

/** Our Nexor node recording a conversion of `type` for the row (Skip Key: the row's name, also kept in the notes). */
const nexorConversionNode = (id: string, name: string, position: [number, number], type: string, checkNexorFirst: boolean) => ({
	id,
	name,
	type: installedNodeType('nexor'),
	typeVersion: 1,
	position,
	credentials: { nexorApi: { id: CREDENTIAL_IDS.nexorApi, name: 'Nexor (sandbox)' } },
	parameters: {
		resource: 'conversion',
		operation: 'create',
		conversionTypeId: type,
		leadId: NEXOR_IDS.leadAna,
		amount: 100,
		additionalFields: { notes: '={{ $json.name }}' },
		requestOptions: { skipAlreadySent: true, skipKey: '={{ $json.name }}', checkNexorFirst },
	},
});

/**
 * Webhook → Split Out → Nexor "Create Lead", RD Station "Create
 * Conversion" and two Nexor "Create Conversion" (one looked up in Nexor
 * first). RD's Requests per Minute is the account's whole limit, as a user
 * who does not divide it by the workers would set it.
 */
export function queueWorkflow(rdRequestsPerMinute: number) {
	const requestOptions = { skipAlreadySent: true };
	return {
		id: QUEUE_WORKFLOW_ID,
		name: 'Queue mode: leads to Nexor and RD Station',
		nodes: [
			webhookNode(QUEUE_WEBHOOK_PATH, '6c1e9a52-8f3d-4b7a-9e21-5d4c3b2a1f00'),
			{ id: 'split', name: 'Rows', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [200, 0], parameters: { fieldToSplitOut: 'body.rows', options: {} } },
			nexorCreateLeadNode('nexor', [400, -100], requestOptions),
			{
				id: 'rd',
				name: 'RD Station',
				type: installedNodeType('rdStationMarketing'),
				typeVersion: 1,
				position: [400, 100],
				credentials: { rdStationMarketingApiKeyApi: { id: CREDENTIAL_IDS.rdStationMarketingApiKeyApi, name: 'RD Station (sandbox)' } },
				parameters: {
					resource: 'conversion',
					operation: 'create',
					conversionIdentifier: 'queue-mode',
					email: '={{ $json.email }}',
					requestOptions: { ...requestOptions, requestsPerMinute: rdRequestsPerMinute },
				},
			},
			nexorConversionNode('lookedUp', 'Conversion (looked up)', [400, 300], LOOKED_UP_TYPE, true),
			nexorConversionNode('storeOnly', 'Conversion (store only)', [400, 500], STORE_ONLY_TYPE, false),
		],
		connections: {
			Webhook: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: {
				main: [
					[
						{ node: 'Nexor', type: 'main', index: 0 },
						{ node: 'RD Station', type: 'main', index: 0 },
						{ node: 'Conversion (looked up)', type: 'main', index: 0 },
						{ node: 'Conversion (store only)', type: 'main', index: 0 },
					],
				],
			},
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

export const MANUAL_WORKFLOW_ID = 'LcQueueManual001';

/**
 * Manual Trigger → 300 rows (an expression, no Code node) → Nexor
 * "Create Lead", one at a time: what a user runs from the editor. In queue
 * mode with OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS (n8n 3.0's only behaviour),
 * a worker runs it.
 */
export function manualWorkflow() {
	return rowsWorkflow({
		id: MANUAL_WORKFLOW_ID,
		name: 'Queue mode: a manual run of Nexor leads',
		rows: '={{ JSON.stringify({ rows: Array.from({ length: 300 }, (_, index) => ({ name: "manual-" + $execution.id + "-" + index })) }) }}',
		node: { ...nexorCreateLeadNode('nexorManual', [600, 0], { concurrency: 1 }), name: 'Nexor' },
	});
}

/** Runs a workflow as the editor's "Execute workflow" does; returns the execution's id. */
export async function runManually(stack: QueueStack, workflowId: string, trigger: string): Promise<string> {
	const result = await stack.main.rest<{ executionId?: string }>('POST', `/workflows/${workflowId}/run`, { triggerToStartFrom: { name: trigger } });
	if (!result.executionId) throw new Error(`n8n started no execution: ${JSON.stringify(result)}`);
	return String(result.executionId);
}

/** Starts the stack with the sandbox credentials and the workflow imported and activated. */
export async function startQueueStack(
	runtime: Runtime,
	dataDir: string,
	tarball: string,
	sandbox: Sandbox,
	options: { workers: number; rdRequestsPerMinute: number; port?: number; workerConcurrency?: number; workflows?: unknown[] },
): Promise<QueueStack> {
	const stack = await QueueStack.create(runtime, dataDir, tarball, { workers: options.workers, port: options.port });
	let started = false;
	try {
		await stack.main.importJson('credentials', sandboxCredentialsForImport(sandbox));
		await stack.main.importJson('workflow', [queueWorkflow(options.rdRequestsPerMinute), ...(options.workflows ?? [])]);
		await stack.startN8n(options.workerConcurrency ?? 10);
		await stack.main.setupOwnerAndLogin();
		const { versionId } = await stack.main.rest<{ versionId: string }>('GET', `/workflows/${QUEUE_WORKFLOW_ID}`);
		await stack.main.rest('POST', `/workflows/${QUEUE_WORKFLOW_ID}/activate`, { versionId });
		started = true;
	} finally {
		// A stack that did not come up leaves nothing running.
		if (!started) await stack.stop();
	}
	return stack;
}

/** `count` executions of `size` rows each, named `<prefix>-<execution>-<row>`. */
export function payloads(prefix: string, count: number, size: number): Row[][] {
	return Array.from({ length: count }, (_, execution) =>
		Array.from({ length: size }, (_, row) => ({ name: `${prefix}-${execution}-${row}`, email: `${prefix}-${execution}-${row}@example.com` })),
	);
}

/**
 * Posts one execution's rows to the production webhook (n8n answers once it
 * has queued the execution). n8n 2.41 registers an activated workflow's
 * webhooks a moment after answering the activation: a "not registered" 404
 * started nothing, so it is asked again (for up to 30 s).
 */
export async function post(stack: QueueStack, rows: Row[]): Promise<void> {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const response = await fetch(`${stack.main.url}/webhook/${QUEUE_WEBHOOK_PATH}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ rows }),
		});
		if (response.ok) return;
		const text = await response.text();
		if (response.status !== 404 || !/not registered/.test(text) || Date.now() > deadline) {
			throw new Error(`The webhook answered ${response.status}: ${text}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** The workflow's executions as n8n recorded them. */
export async function executions(stack: QueueStack, workflowId = QUEUE_WORKFLOW_ID): Promise<ExecutionRecord[]> {
	return await stack.main.executions(workflowId);
}

/** The error an execution ended with, as n8n recorded it. */
export async function executionError(stack: QueueStack, id: string): Promise<string | undefined> {
	return await stack.main.executionError(id);
}

/** Waits until `expected` executions are recorded and none is new, queued or running (but those of a killed worker, `ignored`). */
export async function settled(stack: QueueStack, expected: number, timeoutMs: number, ignored = new Set<string>()): Promise<ExecutionRecord[]> {
	return await stack.main.settledExecutions(QUEUE_WORKFLOW_ID, expected, timeoutMs, ignored);
}

/** Executions a worker started, and those it finished, from its own log. */
export function workerExecutions(worker: Worker): { started: string[]; finished: string[] } {
	const ids = (pattern: RegExp) => [...worker.output.matchAll(pattern)].map((match) => match[1]);
	return { started: ids(/Worker started execution (\d+)/g), finished: ids(/Worker finished execution (\d+)/g) };
}

/**
 * Records in the sandbox per row name: Nexor leads, RD conversions and the
 * two kinds of Nexor conversions (each must be 1): how many rows have one,
 * and how many have more than one.
 */
export function copiesOf(sandbox: Sandbox, prefix: string) {
	const count = (values: string[]) => {
		const counts = new Map<string, number>();
		for (const value of values) if (value.startsWith(`${prefix}-`)) counts.set(value, (counts.get(value) ?? 0) + 1);
		return counts;
	};
	const leads = count([...sandbox.stores.nexor.leads.values()].map((lead) => String(lead.first_name)));
	const conversions = count(sandbox.stores.rdstation.events.map((event) => String(event.payload.email).replace(/@example\.com$/, '')));
	const ofType = (type: string) => count(sandbox.stores.nexor.conversions.filter((conversion) => conversion.conversion_type_id === type).map((conversion) => String(conversion.notes)));
	const lookedUp = ofType(LOOKED_UP_TYPE);
	const storeOnly = ofType(STORE_ONLY_TYPE);
	const duplicated = (counts: Map<string, number>) => [...counts.values()].filter((copies) => copies > 1).length;
	return {
		leads: leads.size,
		conversions: conversions.size,
		lookedUpConversions: lookedUp.size,
		storeOnlyConversions: storeOnly.size,
		duplicatedLeads: duplicated(leads),
		duplicatedConversions: duplicated(conversions),
		duplicatedLookedUp: duplicated(lookedUp),
		duplicatedStoreOnly: duplicated(storeOnly),
	};
}

/** RD conversion requests in the sandbox's journal since `since`: attempts and accepted, and the most of each in any window. */
export function rdRate(sandbox: Sandbox, since: number, windowMs = 60_000) {
	const sent = sandbox.requests('rdstation', 'POST', '/platform/conversions').filter((entry) => entry.at >= since);
	const peak = (times: number[]) => {
		const sorted = [...times].sort((a, b) => a - b);
		let most = 0;
		for (let start = 0, end = 0; start < sorted.length; start++) {
			while (end < sorted.length && sorted[end] - sorted[start] < windowMs) end++;
			most = Math.max(most, end - start);
		}
		return most;
	};
	const accepted = sent.filter((entry) => entry.status === 200);
	return {
		attempts: sent.length,
		rejected: sent.filter((entry) => entry.status === 429).length,
		peakAttempts: peak(sent.map((entry) => entry.at)),
		peakAccepted: peak(accepted.map((entry) => entry.at)),
		firstAt: Math.min(...sent.map((entry) => entry.at)),
		lastAt: Math.max(...sent.map((entry) => entry.at)),
	};
}
