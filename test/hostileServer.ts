import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as a hostile server received it. */
export interface Received {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	body: string;
}

export type HostileHandler = (request: Received, response: ServerResponse) => void;

/**
 * A loopback server a test scripts to misbehave the way real servers and
 * proxies sometimes do: redirects, silence, trickled or huge answers, odd
 * 2xx bodies, echoed headers. It records every request it receives.
 */
export class HostileServer {
	readonly received: Received[] = [];

	handler: HostileHandler = (_request, response) => response.end();

	private readonly open = new Set<ServerResponse>();

	private constructor(private readonly server: Server) {}

	static async start(): Promise<HostileServer> {
		const server = createServer();
		const hostile = new HostileServer(server);
		server.on('request', (incoming: IncomingMessage, response: ServerResponse) => {
			const chunks: Buffer[] = [];
			incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
			incoming.on('end', () => {
				const request = {
					method: incoming.method ?? 'GET',
					url: incoming.url ?? '/',
					headers: incoming.headers,
					body: Buffer.concat(chunks).toString('utf8'),
				};
				hostile.received.push(request);
				hostile.open.add(response);
				response.on('close', () => hostile.open.delete(response));
				hostile.handler(request, response);
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return hostile;
	}

	get origin(): string {
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	/** Answers every request with `status`, JSON or raw text. */
	answer(status: number, body?: unknown, headers: Record<string, string> = {}): void {
		this.handler = (_request, response) => {
			const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
			response.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/html' : 'application/json', ...headers });
			response.end(text);
		};
	}

	reset(): void {
		this.received.length = 0;
		this.endAll();
		this.handler = (_request, response) => response.end();
	}

	/** Ends answers a test left hanging (silence, trickles). */
	endAll(): void {
		for (const response of this.open) response.destroy();
		this.open.clear();
	}

	async stop(): Promise<void> {
		this.endAll();
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}
