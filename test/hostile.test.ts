/*
 * The shared transport against servers that misbehave the way real ones and
 * proxies sometimes do. Every case runs our real nodes in n8n-core against
 * small loopback servers started here, and checks what a user would see:
 * a clear error or a correct item, a bounded time, nothing sent where it
 * must not go, and the key nowhere (items, the error with its JSON and
 * inspection, the run data, stdout and stderr).
 */
import { inspect } from 'node:util';

import type { IDataObject } from 'n8n-workflow';

import { checkBaseUrl, isLocalHost } from '../nodes/shared/baseUrl';
import { MAX_PAGES } from '../nodes/shared/paging';
import { retryAfterMs } from '../nodes/shared/transport';
import { Engine } from './harness/engine';
import type { HostileServer as Hostile } from './hostileServer';
import { HostileServer } from './hostileServer';
import { NATEQ_KEY } from './sandbox/nateq';
import { NEXOR_KEY } from './sandbox/nexor';
import { RD_KEY } from './sandbox/rdstation';
import { capturingLogs, NODE, visibleText } from './setup';

jest.setTimeout(120_000);

interface Target {
	label: string;
	type: string;
	credentialType: string;
	key: string;
	parameters: IDataObject;
	/** The request path below the Base URL. */
	path: string;
	write: boolean;
	/** A correct answer. */
	good: unknown;
}

const PREFIX = '/api';

const targets: Record<string, Target> = {
	nexorCreate: {
		label: 'Nexor lead create',
		type: NODE.nexor,
		credentialType: 'nexorApi',
		key: NEXOR_KEY,
		parameters: { resource: 'lead', operation: 'create', firstName: 'Ana' },
		path: '/leads',
		write: true,
		good: { success: true, lead: { id: 'lead-1', first_name: 'Ana' } },
	},
	nexorRead: {
		label: 'Nexor conversions read',
		type: NODE.nexor,
		credentialType: 'nexorApi',
		key: NEXOR_KEY,
		parameters: { resource: 'conversion', operation: 'getMany', returnAll: false, limit: 5 },
		path: '/conversions',
		write: false,
		good: { success: true, conversion_events: [{ id: 'conv-1' }], total: 1 },
	},
	nateqCreate: {
		label: 'Nateq convert',
		type: NODE.nateq,
		credentialType: 'nateqApi',
		key: NATEQ_KEY,
		parameters: { resource: 'lead', operation: 'convertToContact', leadId: 'lead_1' },
		path: '/leads/lead_1/convert',
		write: true,
		good: { success: true, data: { id: 'contact-1', name: 'Ana' }, message: 'ok', meta: {} },
	},
	rdCreate: {
		label: 'RD conversion create',
		type: NODE.rdStation,
		credentialType: 'rdStationMarketingApiKeyApi',
		key: RD_KEY,
		parameters: { resource: 'conversion', operation: 'create', conversionIdentifier: 'signup', email: 'ana@example.com' },
		path: '/platform/conversions',
		write: true,
		good: { event_uuid: 'event-1' },
	},
};
const allTargets = Object.values(targets);
const createTargets = allTargets.filter((target) => target.write);

let engine: Engine;
let server: Hostile;
let elsewhere: Hostile;

beforeAll(async () => {
	engine = await Engine.load();
	server = await HostileServer.start();
	elsewhere = await HostileServer.start();
});
afterAll(async () => {
	await server.stop();
	await elsewhere.stop();
});
beforeEach(() => {
	server.reset();
	elsewhere.reset();
});

const useCredential = (target: Target, baseUrl = `${server.origin}${PREFIX}`, extra: IDataObject = {}) =>
	engine.setCredentials({ [target.credentialType]: { apiKey: target.key, baseUrl, ...extra } });

interface Outcome {
	json: IDataObject;
	ms: number;
	/** Everything a user, a log or an output could show. */
	visible: string;
}

/** Runs the target's node on one item under Continue On Fail, and once without it (the thrown error). */
async function run(target: Target, requestOptions: IDataObject = {}, parameters: IDataObject = {}): Promise<Outcome> {
	const spec = (continueOnFail: boolean) => ({
		type: target.type,
		continueOnFail,
		parameters: { ...target.parameters, ...parameters, requestOptions: { requestsPerMinute: 0, maxAttempts: 2, ...requestOptions } },
	});
	const started = Date.now();
	const { result, logs } = await capturingLogs(async () => await engine.runNode(spec(true), [{}]));
	const ms = Date.now() - started;
	const thrown = await capturingLogs(async () => await engine.runNode(spec(false), [{}]));
	const error = thrown.result.error;
	const visible = visibleText(result.items, result.run.data.resultData, error, thrown.result.run.data.resultData) +
		inspect(error, { depth: 8 }) + logs + thrown.logs;
	return { json: result.items[0]?.json ?? {}, ms, visible };
}

const requestsTo = (hostile: Hostile) => hostile.received.length;

function expectNoKey(outcome: Outcome, key: string) {
	expect(outcome.visible).not.toContain(key);
	expect(outcome.visible).not.toContain(encodeURIComponent(key));
	expect(outcome.visible).not.toMatch(/api_key=(?!\*\*\*)[^&"\s]/);
}

describe('redirects are never followed', () => {
	const statuses = [301, 302, 303, 307, 308];
	const cases = allTargets.flatMap((target) =>
		statuses.flatMap((status) => [
			[target.label, status, 'the same server'] as const,
			[target.label, status, 'another server'] as const,
		]),
	);

	test.each(cases)('%s answered %i to %s: a clear error, nothing re-sent, nothing sent elsewhere', async (label, status, where) => {
		const target = allTargets.find((entry) => entry.label === label)!;
		useCredential(target);
		const destination = where === 'the same server' ? `${server.origin}/v2` : `${elsewhere.origin}/api`;
		server.answer(status, '', { location: `${destination}${target.path}?api_key=${target.key}` });
		const outcome = await run(target);

		expect(outcome.json.error).toMatch(new RegExp(`answered ${status}, a redirect to `));
		expect(outcome.json.error).toContain('Redirects are never followed, so nothing was sent there.');
		expect(outcome.json.error).toContain(`If ${destination} is the right address, put it in the Base URL`);
		if (where === 'another server') expect(outcome.json.error).toContain('another server');
		// 303 after a write is "done, see there": the record may exist.
		expect(outcome.json.possiblyCreated).toBe(target.write && status === 303 ? true : undefined);
		// One request per run (two runs), none to the other server: no header, no body went there.
		expect(requestsTo(server)).toBe(2);
		expect(requestsTo(elsewhere)).toBe(0);
		expectNoKey(outcome, target.key);
	});
});

describe('the Base URL is checked before anything is sent', () => {
	const bad: Array<[string, RegExp]> = [
		['http://api.getnexor.example/api/public', /expected an address starting with https:\/\/ \(plain http:\/\/ sends the key unencrypted\)/],
		['api.getnexor.example/api/public', /expected a full address starting with https:\/\/, got text that is not a URL/],
		['not a url', /got text that is not a URL/],
		['file:///etc/passwd', /got a "file:" address/],
		['ftp://files.example/api', /got a "ftp:" address/],
		['javascript:alert(1)', /got a "javascript:" address/],
		['https://api.example/api?x=1', /without "\?" or "#" parts/],
	];

	test.each(createTargets.flatMap((target) => bad.map(([url, message]) => [target.label, url, message] as const)))(
		'%s with Base URL %j: refused, naming the credential field; nothing sent, not "possibly created"',
		async (label, url, message) => {
			const target = allTargets.find((entry) => entry.label === label)!;
			useCredential(target, url);
			const outcome = await run(target);
			expect(outcome.json.error).toMatch(/^Base URL of the ".+" credential: /);
			expect(outcome.json.error).toMatch(message);
			expect(outcome.json.description).toBe('Nothing was sent. Correct the Base URL in the credential, or leave it empty for the default.');
			expect(outcome.json.possiblyCreated).toBeUndefined();
			expect(requestsTo(server)).toBe(0);
			expectNoKey(outcome, target.key);
		},
	);

	test('http:// is accepted for this machine and private networks, or when the credential allows it', () => {
		for (const host of ['127.0.0.1', 'localhost', '10.1.2.3', '172.20.0.5', '192.168.1.10', '[::1]', '[fd00::1]']) {
			expect(checkBaseUrl(`http://${host}:8080/api`, '', false).ok).toBe(true);
		}
		for (const host of ['8.8.8.8', '172.32.0.1', 'example.com', '[2001:db8::1]']) {
			expect(isLocalHost(host.replace(/^\[|\]$/g, ''))).toBe(false);
			expect(checkBaseUrl(`http://${host}/api`, '', false).ok).toBe(false);
			expect(checkBaseUrl(`http://${host}/api`, '', true).ok).toBe(true);
		}
	});

	test('user info in the Base URL (a proxy password) is used but never shown', async () => {
		const target = targets.nexorCreate;
		const proxyWord = 'pr0xy-Passw0rd-9f8e';
		useCredential(target, `http://proxyuser:${proxyWord}@127.0.0.1:${new URL(server.origin).port}${PREFIX}`);
		server.answer(400, { error: 'Bad Request', message: `rejected ${proxyWord}` });
		const outcome = await run(target);
		expect(outcome.json.httpCode).toBe('400');
		expect(server.received[0].headers.authorization).toBe(`Basic ${Buffer.from(`proxyuser:${proxyWord}`).toString('base64')}`);
		expect(outcome.visible).not.toContain(proxyWord);
		expect(outcome.visible).not.toContain('proxyuser:');
		expectNoKey(outcome, target.key);
	});
});

describe('every wait, deadline and body is bounded', () => {
	test.each(allTargets.map((target) => [target.label]))('%s: a server that never answers ends at the Timeout', async (label) => {
		const target = allTargets.find((entry) => entry.label === label)!;
		useCredential(target);
		server.handler = () => undefined;
		const outcome = await run(target, { timeout: 1 });
		expect(outcome.json.error).toMatch(/did not answer within 1 second \(Timeout in Request Options\)/);
		expect(outcome.json.code).toBe('ETIMEDOUT');
		// A create may have been received: not sent again. A read is tried again (Attempts per Request 2).
		expect(outcome.json.possiblyCreated).toBe(target.write ? true : undefined);
		expect(requestsTo(server)).toBe(target.write ? 2 : 4);
		expect(outcome.ms).toBeLessThan(target.write ? 2_500 : 5_000);
		expectNoKey(outcome, target.key);
	});

	test('a server that trickles its answer (1 byte every 100 ms) is cut at the Timeout, not waited for', async () => {
		const target = targets.nexorCreate;
		useCredential(target);
		server.handler = (_request, response) => {
			response.writeHead(201, { 'content-type': 'application/json' });
			const drip = () => {
				if (response.destroyed) return;
				response.write(' ');
				setTimeout(drip, 100);
			};
			drip();
		};
		const outcome = await run(target, { timeout: 1 });
		expect(outcome.json.error).toMatch(/did not answer within 1 second /);
		expect(outcome.json.possiblyCreated).toBe(true);
		expect(outcome.ms).toBeLessThan(2_500);
	});

	test('a 50 MB answer is not read: a clear error, nothing of it in the item', async () => {
		const target = targets.nexorRead;
		useCredential(target);
		const chunk = Buffer.alloc(1024 * 1024, 'a');
		server.handler = (_request, response) => {
			response.writeHead(200, { 'content-type': 'application/json' });
			let sent = 0;
			const more = () => {
				while (sent < 50 && !response.destroyed) {
					sent++;
					if (!response.write(chunk)) return void response.once('drain', more);
				}
				response.end();
			};
			more();
		};
		const outcome = await run(target, { maxAttempts: 1 });
		expect(outcome.json.error).toBe('Nexor’s answer was larger than 10 MB and was not read.');
		expect(outcome.visible.length).toBeLessThan(200_000);
		expect(outcome.ms).toBeLessThan(10_000);
	});

	const retryAfters: Array<[string, 'fail' | 'backoff']> = [
		['3600', 'fail'],
		['86400', 'fail'],
		['Fri, 31 Dec 9999 23:59:59 GMT', 'fail'],
		['-1', 'backoff'],
		['soon-ish', 'backoff'],
	];
	const statuses = [429, 500, 503];
	test.each(statuses.flatMap((status) => retryAfters.map(([value, kind]) => [status, value, kind] as const)))(
		'%i with Retry-After %j: bounded (fails at once when the wait is over the cap)',
		async (status, value, kind) => {
			const target = targets.nexorCreate;
			useCredential(target);
			let calls = 0;
			server.handler = (_request, response) => {
				calls++;
				const body = calls % 2 === 1 ? { error: 'Busy', message: 'later' } : target.good;
				response.writeHead(calls % 2 === 1 ? status : 201, { 'content-type': 'application/json', 'retry-after': value });
				response.end(JSON.stringify(body));
			};
			const outcome = await run(target);
			expect(outcome.ms).toBeLessThan(3_000);
			if (kind === 'fail') {
				expect(outcome.json.error).toMatch(new RegExp(`^Nexor answered ${status} and asked to wait (\\d+ minutes|more than a year); run it later`));
				expect(requestsTo(server)).toBe(2);
				// A 500 on a create may have been processed; 429 and 503 say the server did not.
				expect(outcome.json.possiblyCreated).toBe(status === 500 ? true : undefined);
			} else if (status === 429) {
				// An unreadable Retry-After is no Retry-After: a short backoff, then the create goes through.
				expect(outcome.json).toMatchObject({ lead: { id: 'lead-1' } });
				expect(outcome.json.attempts).toBeUndefined();
			} else {
				// A server error on a create without a usable Retry-After: not sent again.
				expect(outcome.json.possiblyCreated).toBe(true);
			}
		},
	);

	test('Retry-After parsing: negative, garbage and far-future values', () => {
		const now = Date.parse('2026-11-24T10:00:00Z');
		expect(retryAfterMs('-1', now)).toBeUndefined();
		expect(retryAfterMs('soon', now)).toBeUndefined();
		expect(retryAfterMs('12abc', now)).toBeUndefined();
		expect(retryAfterMs('Fri, 31 Dec 9999 23:59:59 GMT', now)).toBeGreaterThan(1e14);
		expect(retryAfterMs('Tue, 24 Nov 2026 10:00:05 GMT', now)).toBe(5000);
	});
});

describe('every 2xx is checked against what the operation expects', () => {
	const odd: Array<[string, number, unknown]> = [
		['an empty body', 200, ''],
		['plain text', 200, 'OK'],
		['an HTML login page', 200, '<html><body><form>Sign in to the proxy</form></body></html>'],
		['null', 200, 'null'],
		['[]', 200, '[]'],
		['{}', 201, {}],
		['success: false', 200, { success: false, error: 'quota' }],
		['204 No Content', 204, undefined],
	];
	test.each(allTargets.flatMap((target) => odd.map(([name, status, body]) => [target.label, name, status, body] as const)))(
		'%s answered %s: the item fails, saying what was expected',
		async (label, _name, status, body) => {
			const target = allTargets.find((entry) => entry.label === label)!;
			useCredential(target);
			server.answer(status, body);
			const outcome = await run(target);
			const provider = target.type === NODE.nexor ? 'Nexor' : target.type === NODE.nateq ? 'Nateq' : 'RD Station';
			expect(outcome.json.error).toMatch(new RegExp(`^${provider} answered ${status} but not with .+: `));
			expect(outcome.json.possiblyCreated).toBe(target.write ? true : undefined);
			// Never sent twice; never an item without an error.
			expect(requestsTo(server)).toBe(2);
			expect(Object.keys(outcome.json)).toContain('error');
		},
	);

	test('a correct answer still makes a correct item for every target', async () => {
		for (const target of allTargets) {
			useCredential(target);
			server.answer(target.write ? 201 : 200, target.good);
			const outcome = await run(target);
			expect(outcome.json.error).toBeUndefined();
		}
	});
});

describe('paging stops', () => {
	test('Return All against a server that ignores the offset ends with a clear error', async () => {
		const target = targets.nexorRead;
		useCredential(target);
		server.answer(200, { success: true, conversion_events: Array.from({ length: 200 }, (_, index) => ({ id: `c${index}` })) });
		const outcome = await run(target, {}, { returnAll: true });
		expect(outcome.json.error).toBe(
			'Nexor answered offset 200 with records it had already sent (it ignores the offset); stopped after 200 records',
		);
		expect(requestsTo(server)).toBe(4);
	});

	test(`Return All against a server that never runs out stops after ${MAX_PAGES} pages`, async () => {
		const target = targets.nexorRead;
		useCredential(target);
		let page = 0;
		server.handler = (_request, response) => {
			page++;
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end(JSON.stringify({ success: true, conversion_events: Array.from({ length: 200 }, (_, index) => ({ id: `p${page}-${index}` })) }));
		};
		const outcome = await run(target, {}, { returnAll: true });
		expect(outcome.json.error).toBe(`Nexor kept answering after ${MAX_PAGES} pages; stopped after ${MAX_PAGES * 200} records`);
		expect(requestsTo(server)).toBe(2 * MAX_PAGES);
	});
});

describe('redaction is total', () => {
	test.each(allTargets.map((target) => [target.label]))('%s: a key echoed in the error code, request id, field names and messages is hidden', async (label) => {
		const target = allTargets.find((entry) => entry.label === label)!;
		useCredential(target);
		const key = target.key;
		server.answer(
			400,
			{
				error: key,
				message: `bad key ${key}`,
				[key]: 'as a field name',
				success: false,
				errors: { [key]: [{ error_type: key, error_message: `echo ${key}` }] },
			},
			{ 'x-request-id': key },
		);
		const outcome = await run(target);
		expect(outcome.json.error).toBeDefined();
		expectNoKey(outcome, key);
	});

	test.each(allTargets.map((target) => [target.label]))('%s: a 2xx that echoes the request (headers, URL) has the key hidden in the item', async (label) => {
		const target = allTargets.find((entry) => entry.label === label)!;
		useCredential(target);
		server.handler = (request, response) => {
			const good = JSON.parse(JSON.stringify(target.good)) as IDataObject;
			const echo = { headers: request.headers, url: request.url };
			if (good.lead) Object.assign(good.lead as IDataObject, { echo });
			else if (good.data) Object.assign(good.data as IDataObject, { echo });
			else if (good.conversion_events) (good.conversion_events as IDataObject[])[0].echo = echo;
			response.writeHead(target.write ? 201 : 200, { 'content-type': 'application/json' });
			response.end(JSON.stringify(good));
		};
		const outcome = await run(target);
		expect(outcome.json.error).toBeUndefined();
		// RD's item holds the event id and what was sent, not the rest of its answer.
		if (target !== targets.rdCreate) expect(outcome.visible).toContain('echo');
		expectNoKey(outcome, target.key);
	});
});

describe('"possibly created" only when a request may have left', () => {
	test('connection refused: nothing was sent, and the item says so', async () => {
		const target = targets.nexorCreate;
		const closed = await HostileServer.start();
		const origin = closed.origin;
		await closed.stop();
		useCredential(target, `${origin}${PREFIX}`);
		const outcome = await run(target, { maxAttempts: 1 });
		expect(outcome.json.error).toMatch(/^Could not reach Nexor \(.*\): nothing was sent\.$/);
		expect(outcome.json.possiblyCreated).toBeUndefined();
	});
});

describe('values placed in a path stay one segment', () => {
	test.each(['..', '.', 'a/b', '../convert', 'x?admin=1', 'x#frag', 'a\\b'])('Nateq lead ID %j is refused before sending', async (leadId) => {
		const target = targets.nateqCreate;
		useCredential(target);
		server.answer(200, target.good);
		const outcome = await run(target, {}, { leadId });
		expect(outcome.json.error).toMatch(/^Lead ID: expected one ID without "\/", "\\", "\?", "#" or spaces, and not "\." or "\.\.", got .+ \[item 0\]$/);
		expect(requestsTo(server)).toBe(0);
	});

	test('an ID with other characters is encoded into one segment', async () => {
		const target = targets.nateqCreate;
		useCredential(target);
		server.answer(200, target.good);
		await run(target, {}, { leadId: 'lead:ä&1' });
		expect(server.received[0].url).toBe(`${PREFIX}/leads/lead%3A%C3%A4%261/convert`);
	});
});

describe('names JavaScript treats specially are refused, never dropped', () => {
	const names = ['__proto__', 'constructor', 'prototype'];
	test.each(names)('Nexor lead metadata pair named %j', async (name) => {
		const target = targets.nexorCreate;
		useCredential(target);
		const outcome = await run(target, {}, {
			metadataInput: 'pairs',
			metadataPairs: { pair: [{ name: 'source', value: 'form' }, { name, value: 'x' }] },
		});
		expect(outcome.json.error).toBe(
			`Metadata entry 2: expected a name other than "__proto__", "constructor" or "prototype" (those cannot be sent), got "${name}" [item 0]`,
		);
		expect(requestsTo(server)).toBe(0);
	});

	test.each(names)('Nexor lead metadata JSON with key %j', async (name) => {
		const target = targets.nexorCreate;
		useCredential(target);
		const outcome = await run(target, {}, { metadataInput: 'json', metadataJson: `{"source":"form","${name}":{"a":1}}` });
		expect(outcome.json.error).toBe(
			`Metadata: expected a name other than "__proto__", "constructor" or "prototype" (those cannot be sent), got "${name}" [item 0]`,
		);
		expect(requestsTo(server)).toBe(0);
	});

	test('other names reach the wire unchanged', async () => {
		const target = targets.nexorCreate;
		useCredential(target);
		server.answer(201, target.good);
		await run(target, {}, { metadataInput: 'json', metadataJson: '{"proto":"a","Constructor":"b","__x__":"c"}' });
		expect(JSON.parse(server.received[0].body).metadata).toEqual({ proto: 'a', Constructor: 'b', __x__: 'c' });
	});
});
