import type { IncomingHttpHeaders } from 'node:http';

export type ProviderName = 'nexor' | 'nateq' | 'rdstation' | 'openai';

/** One request as the sandbox received it, and what it answered. */
export interface JournalEntry {
	provider: ProviderName;
	method: string;
	/** Path below the provider's base URL, without the query string. */
	path: string;
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	/** Parsed JSON body, or the raw text when it was not JSON. */
	body: unknown;
	status: number;
	response: unknown;
	at: number;
}

export interface SandboxRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	body: unknown;
	rawBody: string;
}

export interface SandboxResponse {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
	/** The body as it goes, instead of `body` as JSON (server-sent events). */
	raw?: string;
}

export type ProviderHandler = (request: SandboxRequest) => SandboxResponse;

/** A canned answer for the next matching requests (e.g. 429 with Retry-After). */
export interface ScriptedResponse extends Partial<SandboxResponse> {
	provider?: ProviderName;
	method?: string;
	/** Exact path, or a pattern. */
	path?: string | RegExp;
	/** How many matching requests get it; default 1. */
	times?: number;
	/** Close the connection without answering, instead of answering `status`. */
	reset?: boolean;
	/** Only requests whose parsed body this accepts. */
	match?: (body: unknown) => boolean;
}
