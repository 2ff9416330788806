import type { IDataObject, IExecuteFunctions, ISupplyDataFunctions } from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes } from 'n8n-workflow';

import { cutOf } from './paging';
import type { NodeError } from './types';

/*
 * A node run as a tool of n8n's AI Agent answers the model: a refused
 * argument or an API error becomes the tool's result, one short text, and
 * the agent goes on. What n8n does with a tool's thrown error depends on the
 * agent and the runtime (docs/ai-agent-tools.md has the code paths):
 * - Agent 2.2 (and every agent that calls tools through LangChain): n8n
 *   records the error on the tool's run and the model gets an empty string.
 *   So the node returns the text, and records the error on its run itself,
 *   as n8n's own Code Tool does (`addOutputData` with the error).
 * - Agent 3.x (the engine runs the tool as a node): n8n 2.25 and later record
 *   the error on the tool's run and hand `[{"error": <message>}]` to the
 *   agent; n8n 1.x and 2.0–2.23 fail the whole execution. So the node throws
 *   where n8n answers the agent, and returns the text where it would not.
 */

/** n8n names a node used as a tool "<package>.<node>Tool" (all runtimes: its tool variant of a `usableAsTool` node). */
export function runsAsTool(context: IExecuteFunctions): boolean {
	const node = context.getNode();
	// n8n's own rule (2.25+): a tool whose On Error is set to "Stop Workflow" ends the execution.
	return node.type.endsWith('Tool') && node.onError !== 'stopWorkflow';
}

/** LangChain's path (Agent 2.2): n8n runs the node in a supply-data context, which can record the run's outcome. */
function calledThroughLangChain(context: IExecuteFunctions): boolean {
	return typeof (context as unknown as Partial<ISupplyDataFunctions>).getNextRunIndex === 'function';
}

/*
 * Whether this n8n's engine hands a tool's thrown error to the agent and goes
 * on (workflow-execute's AI-tool default, n8n PR #31225): not in n8n-core
 * 2.23.1 and 1.123.81, in 2.25.0, 2.30.0 and 2.41.1 (2.24 was not published).
 * n8n gives nodes no flag for it; the execution context's
 * `assertCredentialUsableByNode` arrived in the same release. Without it the
 * error is returned as the tool's output instead: the model still gets it.
 */
function engineAnswersToolErrors(context: IExecuteFunctions): boolean {
	return typeof (context as unknown as Record<string, unknown>).assertCredentialUsableByNode === 'function';
}

const ITEM_SUFFIX = / \[item \d+\]$/;
const EDITOR_ADVICE = / before running this item again \(or turn on "Retry Server Errors" to accept possible duplicates\)\./;
const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/**
 * The tool's result for the model: what was refused (the field, what was
 * expected, what came), and whether anything reached the service.
 */
export function toolErrorText(error: NodeError): string {
	const parts = [sentence(error.message.replace(ITEM_SUFFIX, '').replace(EDITOR_ADVICE, ' before trying again.'))];
	const others = /^Other problems in this item: (.*)$/.exec(error.description ?? '')?.[1];
	if (others) parts.push(sentence(`Also: ${others}`));
	const said = parts.join(' ').toLowerCase();
	if (error.context.possiblyCreated === true) {
		if (!said.includes('may have been recorded')) parts.push('It may have been recorded: check before trying again.');
	} else if (error.context.notSent === true) {
		if (!said.includes('nothing was sent')) parts.push('Nothing was sent.');
	} else if (error instanceof NodeApiError) {
		parts.push(`The service refused it${error.httpCode ? ` (HTTP ${error.httpCode})` : ''}: nothing was changed.`);
	} else {
		parts.push('Nothing was changed.');
	}
	return parts.join(' ');
}

/** Errors already worded for the model (a failed load fails every item with one error). */
const answered = new WeakSet<NodeError>();

/** A failed item in tool mode: the text for the model (also the error's message from now on). */
export function toolErrorItem(error: NodeError): IDataObject {
	if (!answered.has(error)) error.message = toolErrorText(error);
	answered.add(error);
	return { error: error.message };
}

/**
 * The end of a tool run with failed items: the first one's error on the
 * tool's run where n8n lets the node put it, or thrown where n8n's engine
 * turns a thrown error into the model's answer itself.
 */
export function recordToolFailure(context: IExecuteFunctions, error: NodeError, itemIndex: number): void {
	if (calledThroughLangChain(context)) {
		const runIndex = context.getWorkflowDataProxy(itemIndex).$runIndex as number;
		context.addOutputData(NodeConnectionTypes.AiTool, runIndex, error);
	} else if (engineAnswersToolErrors(context)) {
		throw error;
	}
}

/** What a tool's answer adds after a list: that it is empty (n8n would hand an agent "" for no items), or cut at the Limit. */
export function listNote(output: IDataObject | IDataObject[]): IDataObject | undefined {
	if (!Array.isArray(output)) return undefined;
	if (output.length === 0) return { note: 'Nothing found: the list is empty.' };
	const cut = cutOf(output);
	if (cut === 'more') return { note: `The list stops at the tool's Limit (${output.length}): there are more.` };
	if (cut === 'maybe') return { note: `The list stops at the tool's Limit (${output.length}): there may be more.` };
	return undefined;
}
