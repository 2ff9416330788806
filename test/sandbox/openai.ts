import type { SandboxRequest, SandboxResponse } from './types';

/*
 * A stand-in for OpenAI's Chat Completions API (POST /v1/chat/completions,
 * GET /v1/models), as n8n's OpenAI Chat Model (typeVersion 1.2) calls it
 * through its `openAiApi` credential's Base URL: `tools` offered, answers
 * with `tool_calls` or text, JSON or server-sent events when `stream` is
 * asked. What it answers is scripted: the example workflow's stand-in by
 * default (it fills a tool's arguments from "key: value" lines of the
 * prompt), or a test's own script. Every request is kept, so a test reads
 * what the model was told (the tool results) and when.
 */

export const OPENAI_KEY = 'sk-sandbox-model-0123456789abcdef';
export const SANDBOX_MODEL = 'sandbox-model';

export interface ToolCallMessage {
	id: string;
	type: 'function';
	function: { name: string; arguments: string };
}

export interface ChatMessage {
	role: 'system' | 'user' | 'assistant' | 'tool' | 'developer';
	content?: unknown;
	tool_calls?: ToolCallMessage[];
	tool_call_id?: string;
}

export interface OfferedTool {
	type: 'function';
	function: { name: string; description?: string; parameters?: { properties?: Record<string, { type?: string; description?: string }>; required?: string[] } };
}

export interface ChatRequest {
	model: string;
	messages: ChatMessage[];
	tools?: OfferedTool[];
	stream?: boolean;
	stream_options?: { include_usage?: boolean };
}

/** What the model does next: call tools (several at once is one turn), or answer in text. */
export type ModelTurn = { toolCalls: Array<{ name: string; arguments: Record<string, unknown> }> } | { content: string };

/** One tool's answer as the model received it. */
export interface ToolResult {
	name: string;
	arguments: Record<string, unknown>;
	content: string;
}

const text = (content: unknown): string =>
	typeof content === 'string'
		? content
		: Array.isArray(content)
			? content.map((part) => (typeof part === 'string' ? part : String((part as { text?: unknown }).text ?? ''))).join('')
			: '';

/** The prompt: the last message from the user. */
export function userText(request: ChatRequest): string {
	return text([...request.messages].reverse().find((message) => message.role === 'user')?.content);
}

/** Every tool answer in the conversation so far, oldest first, with the call it answers. */
export function toolResults(request: ChatRequest): ToolResult[] {
	const calls = new Map<string, ToolCallMessage>();
	for (const message of request.messages) for (const call of message.tool_calls ?? []) calls.set(call.id, call);
	return request.messages
		.filter((message) => message.role === 'tool')
		.map((message) => {
			const call = calls.get(message.tool_call_id ?? '');
			let args: Record<string, unknown> = {};
			try {
				args = JSON.parse(call?.function.arguments ?? '{}') as Record<string, unknown>;
			} catch {
				// kept empty: the call's arguments were not JSON
			}
			return { name: call?.function.name ?? '', arguments: args, content: text(message.content) };
		});
}

/** The answers to the model's last turn of tool calls (empty before any). */
export function lastToolResults(request: ChatRequest): ToolResult[] {
	const lastCall = request.messages.map((message) => message.role).lastIndexOf('assistant');
	return lastCall === -1 ? [] : toolResults({ ...request, messages: request.messages.slice(lastCall) });
}

/** A tool result that reports a failure: n8n hands the model `[{"error": "…"}]` (or an `error` key at the top). */
export function errorOf(result: ToolResult): string | undefined {
	try {
		const parsed = JSON.parse(result.content) as unknown;
		const first = (Array.isArray(parsed) ? parsed[0] : parsed) as { error?: unknown } | undefined;
		return typeof first?.error === 'string' ? first.error : undefined;
	} catch {
		return undefined;
	}
}

/**
 * The example workflow's stand-in model: it calls the first tool offered,
 * with the arguments the prompt gives as "key: value" lines, then says what
 * the tool answered (the record, or the tool's error word for word).
 */
export function standIn(request: ChatRequest): ModelTurn {
	const [tool] = request.tools ?? [];
	const results = toolResults(request);
	if (!tool) return { content: 'No tool is connected to the agent: there is nothing to record.' };
	if (results.length === 0) {
		const names = Object.keys(tool.function.parameters?.properties ?? {});
		const given = Object.fromEntries(
			userText(request)
				.split('\n')
				.map((line) => /^\s*([A-Za-z0-9_-]+)\s*:\s*(.*?)\s*$/.exec(line))
				.filter((match): match is RegExpExecArray => match !== null && names.includes(match[1]))
				.map((match) => [match[1], match[2]]),
		);
		return { toolCalls: [{ name: tool.function.name, arguments: given }] };
	}
	const [last] = results.slice(-1);
	const error = errorOf(last);
	return { content: error ? `The tool refused: ${error}` : `Done. The tool answered: ${last.content}` };
}

/** The model's side of the sandbox: its script, and every request it was sent. */
export class OpenAiStore {
	readonly requests: ChatRequest[] = [];

	script: (request: ChatRequest) => ModelTurn = standIn;

	private calls = 0;

	answer(request: ChatRequest): SandboxResponse {
		this.requests.push(request);
		const turn = this.script(request);
		const toolCalls =
			'toolCalls' in turn
				? turn.toolCalls.map((call) => ({ id: `call_${++this.calls}`, type: 'function' as const, function: { name: call.name, arguments: JSON.stringify(call.arguments) } }))
				: undefined;
		const content = 'content' in turn ? turn.content : null;
		const finish = toolCalls ? 'tool_calls' : 'stop';
		const id = `chatcmpl-${this.calls}-${this.requests.length}`;
		const created = Math.floor(Date.now() / 1000);
		const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
		if (!request.stream) {
			return {
				status: 200,
				body: {
					id,
					object: 'chat.completion',
					created,
					model: request.model,
					choices: [{ index: 0, message: { role: 'assistant', content, ...(toolCalls ? { tool_calls: toolCalls } : {}) }, finish_reason: finish, logprobs: null }],
					usage,
				},
			};
		}
		// Server-sent events, as OpenAI streams: the role, then the text or each call's name and its arguments in pieces.
		const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
			id,
			object: 'chat.completion.chunk',
			created,
			model: request.model,
			choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
		});
		const events: unknown[] = [chunk({ role: 'assistant', content: toolCalls ? null : '' })];
		if (content !== null) for (const piece of content.match(/.{1,12}/gs) ?? []) events.push(chunk({ content: piece }));
		for (const [index, call] of (toolCalls ?? []).entries()) {
			events.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }));
			for (const piece of call.function.arguments.match(/.{1,16}/gs) ?? []) events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
		}
		events.push(chunk({}, finish));
		if (request.stream_options?.include_usage) events.push({ id, object: 'chat.completion.chunk', created, model: request.model, choices: [], usage });
		return {
			status: 200,
			headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
			raw: `${events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join('')}data: [DONE]\n\n`,
		};
	}
}

const unauthorized: SandboxResponse = {
	status: 401,
	body: { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } },
};

/** /openai/v1/…: the Chat Completions stand-in (Bearer OPENAI_KEY). */
export function openAiHandler(store: OpenAiStore) {
	return (request: SandboxRequest): SandboxResponse => {
		if (request.headers.authorization !== `Bearer ${OPENAI_KEY}`) return unauthorized;
		if (request.method === 'GET' && request.path === '/v1/models') {
			return { status: 200, body: { object: 'list', data: [{ id: SANDBOX_MODEL, object: 'model', created: 0, owned_by: 'sandbox' }] } };
		}
		if (request.method === 'POST' && request.path === '/v1/chat/completions') {
			const body = request.body as ChatRequest | undefined;
			if (!body || !Array.isArray(body.messages)) {
				return { status: 400, body: { error: { message: 'messages is required', type: 'invalid_request_error' } } };
			}
			return store.answer(body);
		}
		return { status: 404, body: { error: { message: `Unknown path ${request.method} ${request.path}`, type: 'invalid_request_error' } } };
	};
}
