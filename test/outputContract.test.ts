/*
 * A stable output: an item's keys are its operation's, whatever happened on
 * the wire. Each way the nodes send — one record, a batch, a read, a list, a
 * contact update, an OAuth2 token renewed on the way — runs once cleanly and
 * once after the API first refused or failed (429, 503, 500 on a read, an
 * expired token): the items carry the same keys (the next node's expressions
 * and a spreadsheet's columns see the same fields). Retries are told only in
 * an error (docs/operations.md: the output of every operation).
 */
import type { IDataObject } from 'n8n-workflow';

import type { NodeSpec } from './harness/engine';
import { NATEQ_LEADS } from './sandbox/nateq';
import { NEXOR_IDS } from './sandbox/nexor';
import type { ScriptedResponse } from './sandbox/types';
import { oauthCredentials } from './rdstation/support';
import { jsonOf, NODE, sandboxCredentials, useTestBed } from './setup';

jest.setTimeout(120_000);

const bed = useTestBed();

beforeEach(() => bed.engine.setCredentials(oauthCredentials(bed)));

const unpaced = { requestsPerMinute: 0 };
const busy = (provider: ScriptedResponse['provider'], method: string, path?: string): ScriptedResponse => ({
	provider,
	method,
	path,
	status: 429,
	headers: { 'retry-after': '0' },
	body: provider === 'rdstation' ? { errors: { error_type: 'TOO_MANY_REQUESTS', error_message: 'slow down' } } : { error: 'Too Many Requests', message: 'slow down' },
});

interface Case {
	node: NodeSpec;
	/** The clean run's input, and the input of the run whose request first meets `disturb`. */
	inputs: [IDataObject[], IDataObject[]];
	/** What happens on the wire before the second run succeeds. */
	disturb: () => void;
	/** The requests the second run made (to show the disturbance happened). */
	sent: () => number;
}

const CASES: Record<string, Case> = {
	'Nexor → Lead → Create, one request per item, after a 429': {
		node: { type: NODE.nexor, parameters: { resource: 'lead', operation: 'create', firstName: '={{ $json.name }}', requestOptions: unpaced } },
		inputs: [[{ name: 'Contract1' }], [{ name: 'Contract2' }]],
		disturb: () => bed.sandbox.script(busy('nexor', 'POST', '/leads')),
		sent: () => bed.sandbox.requests('nexor', 'POST', '/leads').filter((entry) => (entry.body as IDataObject).first_name === 'Contract2').length,
	},
	'Nexor → Lead → Create, Send in Batches, after a 429': {
		node: {
			type: NODE.nexor,
			parameters: { resource: 'lead', operation: 'create', firstName: '={{ $json.name }}', email: '={{ $json.email }}', sendInBatches: true, requestOptions: unpaced },
		},
		inputs: [
			[{ name: 'BatchA', email: 'batch-a@example.com' }, { name: 'BatchB', email: 'batch-b@example.com' }],
			[{ name: 'BatchC', email: 'batch-c@example.com' }, { name: 'BatchD', email: 'batch-d@example.com' }],
		],
		disturb: () => bed.sandbox.script(busy('nexor', 'POST', '/leads')),
		sent: () => bed.sandbox.requests('nexor', 'POST', '/leads').filter((entry) => JSON.stringify(entry.body).includes('BatchC')).length,
	},
	'Nexor → Lead → Get, after a 500 (reads are retried)': {
		node: { type: NODE.nexor, parameters: { resource: 'lead', operation: 'get', leadId: NEXOR_IDS.leadAna, requestOptions: unpaced } },
		inputs: [[{}], [{}]],
		disturb: () => bed.sandbox.script({ provider: 'nexor', method: 'GET', path: `/leads/${NEXOR_IDS.leadAna}`, status: 500, body: { error: 'Internal', message: 'boom' } }),
		sent: () => bed.sandbox.requests('nexor', 'GET', `/leads/${NEXOR_IDS.leadAna}`).slice(-2).length,
	},
	'Nexor → Conversion Type → Get Many (pages), after a 429': {
		node: { type: NODE.nexor, parameters: { resource: 'conversionType', operation: 'getMany', returnAll: true, requestOptions: unpaced } },
		inputs: [[{}], [{}]],
		disturb: () => bed.sandbox.script(busy('nexor', 'GET', '/conversion-types')),
		sent: () => bed.sandbox.requests('nexor', 'GET', '/conversion-types').slice(-2).length,
	},
	'Nateq → Lead → Convert to Contact, after a 503 with Retry-After': {
		node: { type: NODE.nateq, parameters: { resource: 'lead', operation: 'convertToContact', leadId: '={{ $json.id }}', requestOptions: unpaced } },
		inputs: [[{ id: NATEQ_LEADS.carla }], [{ id: NATEQ_LEADS.elena }]],
		disturb: () =>
			bed.sandbox.script({ provider: 'nateq', method: 'POST', status: 503, headers: { 'retry-after': '0' }, body: { success: false, error: { code: 'SERVICE_UNAVAILABLE', message: 'later' } } }),
		sent: () => bed.sandbox.requests('nateq', 'POST', `/leads/${NATEQ_LEADS.elena}/convert`).length,
	},
	'RD Station → Conversion → Create with the API key, after a 429': {
		node: {
			type: NODE.rdStation,
			parameters: { authentication: 'apiKey', resource: 'conversion', operation: 'create', conversionIdentifier: 'contract', email: '={{ $json.email }}', requestOptions: unpaced },
		},
		inputs: [[{ email: 'key-a@example.com' }], [{ email: 'key-b@example.com' }]],
		disturb: () => bed.sandbox.script(busy('rdstation', 'POST', '/platform/conversions')),
		sent: () => bed.sandbox.requests('rdstation', 'POST', '/platform/conversions').filter((entry) => JSON.stringify(entry.body).includes('key-b@')).length,
	},
	'RD Station → Conversion → Create with OAuth2, after the access token expired (renewed by n8n)': {
		node: {
			type: NODE.rdStation,
			parameters: { authentication: 'oAuth2', resource: 'conversion', operation: 'create', conversionIdentifier: 'contract', email: '={{ $json.email }}', requestOptions: unpaced },
		},
		inputs: [[{ email: 'oauth-a@example.com' }], [{ email: 'oauth-b@example.com' }]],
		disturb: () => bed.sandbox.stores.rdstation.expireAccessTokens(),
		sent: () => bed.sandbox.requests('rdstation', 'POST', '/platform/events').filter((entry) => JSON.stringify(entry.body).includes('oauth-b@')).length,
	},
	'RD Station → Conversion → Create, Send in Batches, after a 429': {
		node: {
			type: NODE.rdStation,
			parameters: {
				authentication: 'oAuth2',
				resource: 'conversion',
				operation: 'create',
				conversionIdentifier: 'contract',
				email: '={{ $json.email }}',
				sendInBatches: true,
				requestOptions: unpaced,
			},
		},
		inputs: [
			[{ email: 'rd-batch-a@example.com' }, { email: 'rd-batch-b@example.com' }],
			[{ email: 'rd-batch-c@example.com' }, { email: 'rd-batch-d@example.com' }],
		],
		disturb: () => bed.sandbox.script(busy('rdstation', 'POST', '/platform/events/batch')),
		sent: () => bed.sandbox.requests('rdstation', 'POST', '/platform/events/batch').filter((entry) => JSON.stringify(entry.body).includes('rd-batch-c@')).length,
	},
	'RD Station → Contact → Create or Update, after a 429': {
		node: {
			type: NODE.rdStation,
			parameters: { authentication: 'oAuth2', resource: 'contact', operation: 'upsert', identifier: 'email', identifierValue: '={{ $json.email }}', additionalFields: { name: 'Contract' }, requestOptions: unpaced },
		},
		inputs: [[{ email: 'contact-a@example.com' }], [{ email: 'contact-b@example.com' }]],
		disturb: () => bed.sandbox.script(busy('rdstation', 'PATCH')),
		sent: () => bed.sandbox.requests('rdstation', 'PATCH').filter((entry) => decodeURIComponent(entry.path).includes('contact-b@')).length,
	},
};

const keysOf = (json: IDataObject) => Object.keys(json).sort();

test.each(Object.keys(CASES))('%s: the same keys as without it', async (name) => {
	const { node, inputs, disturb, sent } = CASES[name];
	const clean = await bed.engine.runNode(node, inputs[0]);
	expect(clean.error).toBeUndefined();
	disturb();
	const disturbed = await bed.engine.runNode(node, inputs[1]);
	expect(disturbed.error).toBeUndefined();
	// The disturbance happened: the request went twice (or, for the token, was renewed and sent again).
	expect(sent()).toBeGreaterThanOrEqual(name.includes('token') ? 1 : 2);
	expect(jsonOf(disturbed.items).map(keysOf)).toEqual(jsonOf(clean.items).map(keysOf));
	expect(jsonOf(disturbed.items).every((json) => json.attempts === undefined && json.error === undefined)).toBe(true);
});

test('a failed item still says how many attempts it took (in the error, with Continue On Fail)', async () => {
	bed.engine.setCredentials(sandboxCredentials(bed.sandbox));
	for (let attempt = 0; attempt < 2; attempt++) bed.sandbox.script(busy('nexor', 'POST', '/leads'));
	const { items } = await bed.engine.runNode(
		{ type: NODE.nexor, continueOnFail: true, parameters: { resource: 'lead', operation: 'create', firstName: 'Tired', requestOptions: { ...unpaced, maxAttempts: 2 } } },
		[{}],
	);
	expect(items[0].json).toMatchObject({ httpCode: '429', attempts: 2, error: expect.stringContaining('slow down') });
});
