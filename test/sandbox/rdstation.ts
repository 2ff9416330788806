import { randomBytes, randomUUID } from 'node:crypto';

import type { ProviderHandler, SandboxRequest, SandboxResponse } from './types';

/*
 * RD Station Marketing (providers.md §3), in memory: the API-key conversion
 * endpoint, and with OAuth2 (RD's authorization server included) events,
 * funnel events, batches, the account's fields, contacts and webhook
 * subscriptions that really deliver.
 */

export const RD_KEY = 'rdsm_example_sandbox_5b2e9c71d04a';
/** The sandbox's one RD app (a fixture, not a secret of anyone's). */
export const RD_SANDBOX_APP = { clientId: 'rd-sandbox-client-7d2f', clientSecret: 'rd_sandbox_client_secret_9c41e6a0' };

export const RD_LEGAL_BASIS_TYPES = [
	'pre_existent_contract',
	'consent',
	'legitimate_interest',
	'judicial_process',
	'vital_interest',
	'public_interest',
];

const STRING_FIELDS = [
	'conversion_identifier',
	'email',
	'name',
	'job_title',
	'state',
	'city',
	'country',
	'personal_phone',
	'mobile_phone',
	'twitter',
	'facebook',
	'linkedin',
	'website',
	'company_name',
	'company_site',
	'company_address',
	'client_tracking_id',
	'traffic_source',
	'traffic_medium',
	'traffic_campaign',
	'traffic_value',
];

const MAX_BODY_BYTES = 200 * 1024;

/** The account's funnels: RD refuses funnel events for any other. */
export const RD_FUNNELS = ['default', 'enterprise'];
const ACCESS_TOKEN_SECONDS = 86_400;

export const BATCH_EVENT_TYPES = [
	'CONVERSION',
	'OPPORTUNITY',
	'SALE',
	'OPPORTUNITY_LOST',
	'ORDER_PLACED',
	'ORDER_PLACED_ITEM',
	'CART_ABANDONED',
	'CART_ABANDONED_ITEM',
	'CHAT_STARTED',
	'CHAT_FINISHED',
	'CALL_FINISHED',
	'MEDIA_PLAYBACK_STARTED',
	'MEDIA_PLAYBACK_STOPPED',
];

export interface RdField {
	uuid: string;
	api_identifier: string;
	custom_field: boolean;
	data_type: 'BOOLEAN' | 'STRING' | 'STRING[]' | 'INTEGER';
	name: Record<string, string>;
	label: Record<string, string>;
	presentation_type: string;
	validation_rules: { valid_options?: Array<{ value: string; label: Record<string, string> }> };
}

const field = (
	api_identifier: string,
	data_type: RdField['data_type'],
	presentation_type: string,
	names: [string, string],
	options?: Array<[string, string]>,
): RdField => ({
	uuid: randomUUID(),
	api_identifier,
	custom_field: api_identifier.startsWith('cf_'),
	data_type,
	name: { default: names[0], 'pt-BR': names[1] },
	label: { default: names[0], 'pt-BR': names[1] },
	presentation_type,
	validation_rules: options
		? { valid_options: options.map(([value, label]) => ({ value, label: { default: label, 'pt-BR': label } })) }
		: {},
});

/** A few standard fields and custom fields of every type. */
export const RD_FIELDS: RdField[] = [
	field('name', 'STRING', 'TEXT_INPUT', ['Name', 'Nome']),
	field('email', 'STRING', 'EMAIL_INPUT', ['Email', 'Email']),
	field('job_title', 'STRING', 'TEXT_INPUT', ['Job title', 'Cargo']),
	field('cf_plan', 'STRING', 'COMBO_BOX', ['Plan', 'Plano'], [['basic', 'Basic'], ['pro', 'Pro'], ['enterprise', 'Enterprise']]),
	field('cf_seats', 'INTEGER', 'NUMBER_INPUT', ['Seats', 'Assentos']),
	field('cf_newsletter', 'BOOLEAN', 'CHECK_BOX', ['Newsletter', 'Newsletter']),
	field('cf_interests', 'STRING[]', 'MULTIPLE_CHOICE', ['Interests', 'Interesses'], [['crm', 'CRM'], ['ads', 'Ads'], ['seo', 'SEO']]),
	field('cf_notes', 'STRING', 'TEXT_AREA', ['Notes', 'Observações']),
];

export interface RdConversion {
	event_uuid: string;
	payload: Record<string, unknown>;
}

export interface RdEvent {
	event_uuid: string;
	event_type: string;
	payload: Record<string, unknown>;
	via: 'apiKey' | 'oauth' | 'batch';
}

export interface RdContact {
	uuid: string;
	email: string;
	tags: string[];
	funnel?: { lifecycle_stage: string; opportunity: boolean; contact_owner_email: null; interest: number; fit: number };
	[key: string]: unknown;
}

export interface RdWebhook {
	uuid: string;
	event_type: 'WEBHOOK.CONVERTED' | 'WEBHOOK.MARKED_OPPORTUNITY';
	entity_type: 'CONTACT';
	url: string;
	http_method: 'POST';
	include_relations: string[];
	event_identifiers?: string[];
}

export class RdStore {
	/** Every conversion (API key or OAuth2), as before. */
	conversions: RdConversion[] = [];

	/** Every accepted event of any type. */
	events: RdEvent[] = [];

	contacts = new Map<string, RdContact>();

	webhooks = new Map<string, RdWebhook>();

	/** Webhook deliveries made (the subscriber's status, or the failure). */
	deliveries: Array<{ url: string; event_type: string; status: number | string }> = [];

	/** What one bad event does to a batch: RD does not document it, so both readings are served. */
	batchRule: 'rejectBatch' | 'acceptGood' = 'rejectBatch';

	/** Batches received (how many events each). */
	batchSizes: number[] = [];

	readonly codes = new Map<string, { redirectUri: string; expiresAt: number }>();

	readonly accessTokens = new Map<string, number>();

	readonly refreshTokens = new Set<string>();

	/** Token requests, as received (grant and how the client authenticated). */
	tokenRequests: Array<{ grant: string; via: 'form' | 'json' }> = [];

	/** The switch of the tests: every access token issued so far expires now. */
	expireAccessTokens(): void {
		for (const token of this.accessTokens.keys()) this.accessTokens.set(token, 0);
	}

	issueTokens(): { access_token: string; expires_in: number; refresh_token: string } {
		const access = `rd_at_${randomBytes(12).toString('hex')}`;
		const refresh = `rd_rt_${randomBytes(12).toString('hex')}`;
		this.accessTokens.set(access, Date.now() + ACCESS_TOKEN_SECONDS * 1000);
		this.refreshTokens.add(refresh);
		return { access_token: access, expires_in: ACCESS_TOKEN_SECONDS, refresh_token: refresh };
	}

	contactByEmail(email: string): RdContact | undefined {
		return [...this.contacts.values()].find((contact) => contact.email === email.toLowerCase());
	}
}

type FieldError = { error_type: string; error_message: string };
type FieldErrors = Record<string, FieldError[]>;

const unauthorized = (message = 'Invalid token.'): SandboxResponse => ({
	status: 401,
	body: { errors: { error_type: 'UNAUTHORIZED', error_message: message } },
});
const notFound = (): SandboxResponse => ({
	status: 404,
	body: { errors: { error_type: 'RESOURCE_NOT_FOUND', error_message: 'Resource not found' } },
});
const badRequest = (errors: FieldErrors | FieldError[] | FieldError): SandboxResponse => ({ status: 400, body: { errors } });

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Custom and standard fields checked against the account's field types (unknown cf_ fields are accepted). */
function checkFields(values: Record<string, unknown>, add: (field: string, type: string, message: string) => void) {
	for (const [key, value] of Object.entries(values)) {
		if (key.startsWith('cf_') && !/^cf_[a-z0-9_]{1,61}$/.test(key)) {
			add(key, 'INVALID_FIELD', 'Invalid custom field identifier.');
			continue;
		}
		const definition = RD_FIELDS.find((entry) => entry.api_identifier === key && entry.custom_field);
		if (!definition || value === null) continue;
		const options = definition.validation_rules.valid_options?.map((option) => option.value);
		if (definition.data_type === 'INTEGER' && !Number.isInteger(value)) add(key, 'MUST_BE_INTEGER', 'Must be an integer.');
		if (definition.data_type === 'BOOLEAN' && typeof value !== 'boolean') add(key, 'MUST_BE_BOOLEAN', 'Must be a boolean.');
		if (definition.data_type === 'STRING' && typeof value !== 'string') add(key, 'MUST_BE_STRING', 'Must be a string.');
		if (definition.data_type === 'STRING[]' && (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string'))) {
			add(key, 'MUST_BE_ARRAY_OF_STRINGS', 'Must be an array of strings.');
		}
		const chosen = Array.isArray(value) ? value : [value];
		if (options && chosen.some((entry) => !options.includes(String(entry)))) add(key, 'INVALID_OPTION', 'Must be one of the valid options.');
	}
}

/** The payload of one event: errors by field, none when it is valid. */
function payloadErrors(eventType: string, payload: Record<string, unknown>): FieldErrors {
	const errors: FieldErrors = {};
	const add = (field: string, error_type: string, error_message: string) => (errors[field] ??= []).push({ error_type, error_message });
	const required = eventType === 'CONVERSION' ? ['conversion_identifier', 'email'] : ['email', 'funnel_name'];
	for (const name of required) {
		if (payload[name] === undefined || payload[name] === null || payload[name] === '') add(name, 'CANNOT_BE_NULL', 'Cannot be null.');
	}
	for (const name of [...STRING_FIELDS, 'funnel_name', 'reason']) {
		if (payload[name] !== undefined && payload[name] !== null && typeof payload[name] !== 'string') add(name, 'MUST_BE_STRING', 'Must be a string.');
	}
	if (typeof payload.email === 'string' && payload.email && !EMAIL.test(payload.email)) add('email', 'INVALID_FORMAT', 'Invalid email format.');
	if (eventType !== 'CONVERSION' && typeof payload.funnel_name === 'string' && payload.funnel_name && !RD_FUNNELS.includes(payload.funnel_name)) {
		add('funnel_name', 'INVALID_OPTION', 'Funnel not found.');
	}
	if (eventType === 'SALE' && payload.value !== undefined && (typeof payload.value !== 'number' || !Number.isFinite(payload.value))) {
		add('value', 'MUST_BE_NUMBER', 'Must be a number.');
	}
	if (payload.tags !== undefined && (!Array.isArray(payload.tags) || payload.tags.some((tag) => typeof tag !== 'string'))) {
		add('tags', 'MUST_BE_ARRAY_OF_STRINGS', 'Must be an array of strings.');
	}
	if (payload.available_for_mailing !== undefined && typeof payload.available_for_mailing !== 'boolean') {
		add('available_for_mailing', 'MUST_BE_BOOLEAN', 'Must be a boolean.');
	}
	if (payload.legal_bases !== undefined) {
		const bases = Array.isArray(payload.legal_bases) ? payload.legal_bases : [null];
		for (const basis of bases as Array<Record<string, unknown> | null>) {
			if (!basis || basis.category !== 'communications') add('legal_bases', 'INVALID_OPTION', 'category must be communications.');
			else if (!RD_LEGAL_BASIS_TYPES.includes(String(basis.type))) add('legal_bases', 'INVALID_OPTION', 'Invalid legal basis type.');
			else if (basis.status !== 'granted' && basis.status !== 'declined') add('legal_bases', 'INVALID_OPTION', 'Invalid legal basis status.');
		}
	}
	checkFields(payload, add);
	return errors;
}

/** The envelope `{ event_type, event_family: "CDP", payload }`: errors in shape 3, with paths. */
function envelopeErrors(body: Record<string, unknown>, allowedTypes: string[], at = '$'): Array<FieldError & { path: string }> {
	const errors: Array<FieldError & { path: string }> = [];
	if (!allowedTypes.includes(String(body.event_type))) {
		errors.push({ error_type: 'INVALID_OPTION', error_message: 'Must be one of the valid options.', path: `${at}.event_type` });
	}
	if (body.event_family !== 'CDP') {
		errors.push({ error_type: 'INVALID_OPTION', error_message: 'Must be one of the valid options.', path: `${at}.event_family` });
	}
	return errors;
}

export function rdHandler(store: RdStore): ProviderHandler {
	/** An accepted event: recorded, the contact updated, subscribers told. */
	const accept = (eventType: string, payload: Record<string, unknown>, via: RdEvent['via']): string => {
		const event_uuid = randomUUID();
		store.events.push({ event_uuid, event_type: eventType, payload, via });
		if (eventType === 'CONVERSION') store.conversions.push({ event_uuid, payload });
		const contact = upsertContact(store, String(payload.email), payload);
		if (eventType === 'OPPORTUNITY' || eventType === 'SALE' || eventType === 'OPPORTUNITY_LOST') {
			contact.funnel = {
				lifecycle_stage: eventType === 'SALE' ? 'Client' : 'Lead',
				opportunity: eventType === 'OPPORTUNITY',
				contact_owner_email: null,
				interest: 0,
				fit: 0,
			};
		}
		deliver(store, eventType, contact, payload);
		return event_uuid;
	};

	return (request: SandboxRequest): SandboxResponse => {
		const { method, path } = request;
		if (path.startsWith('/auth/')) return authServer(store, request);
		if (Buffer.byteLength(request.rawBody) > MAX_BODY_BYTES) {
			return { status: 413, body: { errors: { error_type: 'REQUEST_TOO_LARGE', error_message: 'Request body exceeds 0.2 MB' } } };
		}

		// The API key works only for conversions, and only in the query string.
		if (request.query.api_key !== undefined) {
			if (request.query.api_key !== RD_KEY) return unauthorized();
			if (method !== 'POST' || path !== '/platform/conversions') return notFound();
			const body = request.body as Record<string, unknown> | undefined;
			if (!body || typeof body !== 'object' || Array.isArray(body)) {
				return badRequest({ error_type: 'BAD_REQUEST', error_message: 'Body must be a JSON object' });
			}
			const envelope = envelopeErrors(body, ['CONVERSION']);
			if (envelope.length) return badRequest(envelope);
			const payload = (body.payload ?? {}) as Record<string, unknown>;
			const errors = payloadErrors('CONVERSION', payload);
			if (Object.keys(errors).length) return badRequest(errors);
			return { status: 200, body: { event_uuid: accept('CONVERSION', payload, 'apiKey') } };
		}

		const bearer = /^Bearer (\S+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
		if (!bearer) return unauthorized('Missing access token.');
		const expiresAt = store.accessTokens.get(bearer);
		if (expiresAt === undefined) return unauthorized('Invalid token.');
		if (expiresAt <= Date.now()) return unauthorized('Expired token.');

		if (method === 'POST' && path === '/platform/events') {
			const body = request.body as Record<string, unknown> | undefined;
			if (!body || typeof body !== 'object' || Array.isArray(body)) {
				return badRequest({ error_type: 'BAD_REQUEST', error_message: 'Body must be a JSON object' });
			}
			const envelope = envelopeErrors(body, ['CONVERSION', 'OPPORTUNITY', 'SALE', 'OPPORTUNITY_LOST']);
			if (envelope.length) return badRequest(envelope);
			const payload = (body.payload ?? {}) as Record<string, unknown>;
			const errors = payloadErrors(String(body.event_type), payload);
			if (Object.keys(errors).length) return badRequest(errors);
			return { status: 200, body: { event_uuid: accept(String(body.event_type), payload, 'oauth') } };
		}
		if (method === 'POST' && path === '/platform/events/batch') return batch(store, request, accept);
		if (method === 'GET' && path === '/platform/contacts/fields') return { status: 200, body: { fields: RD_FIELDS } };

		const contactPath = /^\/platform\/contacts\/(email|uuid):([^/]+)(\/tag)?$/.exec(path);
		if (contactPath) return contacts(store, request, contactPath[1], decodeURIComponent(contactPath[2]), contactPath[3] !== undefined);

		if (path === '/integrations/webhooks' || path.startsWith('/integrations/webhooks/')) return webhooks(store, request);
		return notFound();
	};
}

/** RD's authorization server: the dialog redirects back with a code; the token endpoint takes form or JSON. */
function authServer(store: RdStore, request: SandboxRequest): SandboxResponse {
	const { method, path, query } = request;
	if (method === 'GET' && path === '/auth/dialog') {
		if (query.client_id !== RD_SANDBOX_APP.clientId || !query.redirect_uri) {
			return { status: 400, body: { error: 'invalid_client', error_description: 'Unknown client_id or missing redirect_uri' } };
		}
		const code = `rd_code_${randomBytes(8).toString('hex')}`;
		store.codes.set(code, { redirectUri: query.redirect_uri, expiresAt: Date.now() + 3_600_000 });
		const target = new URL(query.redirect_uri);
		target.searchParams.set('code', code);
		if (query.state) target.searchParams.set('state', query.state);
		return { status: 302, headers: { location: target.toString() }, body: undefined };
	}
	if (method === 'POST' && path === '/auth/token') {
		const form = typeof request.body === 'string' ? Object.fromEntries(new URLSearchParams(request.body)) : undefined;
		const fields = (form ?? request.body ?? {}) as Record<string, string>;
		const basic = /^Basic (\S+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
		const [basicId, basicSecret] = basic ? Buffer.from(basic, 'base64').toString().split(':') : [];
		const clientId = fields.client_id ?? basicId;
		const clientSecret = fields.client_secret ?? basicSecret;
		if (clientId !== RD_SANDBOX_APP.clientId || clientSecret !== RD_SANDBOX_APP.clientSecret) {
			return { status: 401, body: { error: 'invalid_client', error_description: 'Invalid client credentials' } };
		}
		const grant = fields.grant_type ?? (fields.refresh_token ? 'refresh_token' : 'authorization_code');
		store.tokenRequests.push({ grant, via: form ? 'form' : 'json' });
		if (grant === 'authorization_code') {
			const code = store.codes.get(fields.code);
			if (!code || code.expiresAt < Date.now()) {
				return { status: 400, body: { errors: { error_type: 'EXPIRED_CODE_GRANT', error_message: 'The authorization code is invalid or expired.' } } };
			}
			store.codes.delete(fields.code);
			return { status: 200, body: store.issueTokens() };
		}
		if (grant === 'refresh_token') {
			if (!store.refreshTokens.has(fields.refresh_token)) {
				return { status: 401, body: { errors: { error_type: 'INVALID_REFRESH_TOKEN', error_message: 'Invalid refresh token.' } } };
			}
			// RD's refresh tokens do not expire: the same one keeps working.
			const tokens = store.issueTokens();
			store.refreshTokens.delete(tokens.refresh_token);
			return { status: 200, body: { ...tokens, refresh_token: fields.refresh_token } };
		}
		return { status: 400, body: { error: 'unsupported_grant_type' } };
	}
	if (method === 'POST' && path === '/auth/revoke') return { status: 200, body: {} };
	return notFound();
}

/** POST /platform/events/batch: an array of events, 0.2 MB in all; what a bad event does is `store.batchRule`. */
function batch(store: RdStore, request: SandboxRequest, accept: (type: string, payload: Record<string, unknown>, via: RdEvent['via']) => string): SandboxResponse {
	const events = request.body;
	if (!Array.isArray(events) || events.length === 0) {
		return badRequest({ error_type: 'BAD_REQUEST', error_message: 'Body must be a non-empty array of events' });
	}
	store.batchSizes.push(events.length);
	const problems = events.map((event: Record<string, unknown>, index) => {
		if (!event || typeof event !== 'object') return [{ error_type: 'BAD_REQUEST', error_message: 'Must be an object', path: `$[${index}]` }];
		const envelope = envelopeErrors(event, BATCH_EVENT_TYPES, `$[${index}]`);
		if (envelope.length) return envelope;
		return Object.entries(payloadErrors(String(event.event_type), (event.payload ?? {}) as Record<string, unknown>)).flatMap(([name, errors]) =>
			errors.map((error) => ({ ...error, path: `$[${index}].payload.${name}` })),
		);
	});
	if (store.batchRule === 'rejectBatch' && problems.some((list) => list.length)) return badRequest(problems.flat());
	const results = events.map((event: Record<string, unknown>, index) =>
		problems[index].length
			? { errors: problems[index] }
			: { event_uuid: accept(String(event.event_type), (event.payload ?? {}) as Record<string, unknown>, 'batch') },
	);
	return { status: 200, body: { event_batch_uuid: randomUUID(), events: results } };
}

function upsertContact(store: RdStore, email: string, values: Record<string, unknown>): RdContact {
	let contact = store.contactByEmail(email);
	if (!contact) {
		contact = { uuid: randomUUID(), email: email.toLowerCase(), tags: [] };
		store.contacts.set(contact.uuid, contact);
	}
	for (const [key, value] of Object.entries(values)) {
		if (['conversion_identifier', 'funnel_name', 'value', 'reason', 'email'].includes(key)) continue;
		if (key === 'tags') contact.tags = [...new Set([...contact.tags, ...(value as string[])])];
		else contact[key] = value;
	}
	return contact;
}

function contacts(store: RdStore, request: SandboxRequest, identifier: string, value: string, tagPath: boolean): SandboxResponse {
	const existing = identifier === 'email' ? store.contactByEmail(value) : store.contacts.get(value);
	const body = (request.body ?? {}) as Record<string, unknown>;
	if (tagPath) {
		if (request.method !== 'POST') return notFound();
		if (!existing) return notFound();
		if (!Array.isArray(body.tags) || body.tags.some((tag) => typeof tag !== 'string')) {
			return badRequest({ tags: [{ error_type: 'MUST_BE_ARRAY_OF_STRINGS', error_message: 'Must be an array of strings.' }] });
		}
		existing.tags = [...new Set([...existing.tags, ...(body.tags as string[])])];
		return { status: 200, body: { tags: existing.tags } };
	}
	if (request.method === 'GET') return existing ? { status: 200, body: existing } : notFound();
	if (request.method !== 'PATCH') return notFound();
	if (identifier === 'uuid' && !existing) return notFound();
	if (identifier === 'email' && !EMAIL.test(value)) return badRequest({ email: [{ error_type: 'INVALID_FORMAT', error_message: 'Invalid email format.' }] });
	const errors: FieldErrors = {};
	checkFields(body, (name, error_type, error_message) => (errors[name] ??= []).push({ error_type, error_message }));
	if (body.tags !== undefined && (!Array.isArray(body.tags) || body.tags.some((tag) => typeof tag !== 'string'))) {
		(errors.tags ??= []).push({ error_type: 'MUST_BE_ARRAY_OF_STRINGS', error_message: 'Must be an array of strings.' });
	}
	if (Object.keys(errors).length) return badRequest(errors);
	const contact = upsertContact(store, existing?.email ?? value, body);
	return { status: 200, body: contact };
}

function webhooks(store: RdStore, request: SandboxRequest): SandboxResponse {
	const id = /^\/integrations\/webhooks\/([^/]+)$/.exec(request.path)?.[1];
	const body = (request.body ?? {}) as Partial<RdWebhook>;
	const invalid = () =>
		!['WEBHOOK.CONVERTED', 'WEBHOOK.MARKED_OPPORTUNITY'].includes(String(body.event_type)) ||
		body.entity_type !== 'CONTACT' ||
		typeof body.url !== 'string' ||
		body.http_method !== 'POST';
	if (!id && request.method === 'GET') return { status: 200, body: { webhooks: [...store.webhooks.values()] } };
	if (!id && request.method === 'POST') {
		if (invalid()) return badRequest({ error_type: 'INVALID_WEBHOOK', error_message: 'event_type, entity_type, url and http_method are required' });
		const webhook: RdWebhook = {
			uuid: randomUUID(),
			event_type: body.event_type!,
			entity_type: 'CONTACT',
			url: body.url!,
			http_method: 'POST',
			include_relations: body.include_relations ?? [],
			...(body.event_identifiers?.length ? { event_identifiers: body.event_identifiers } : {}),
		};
		store.webhooks.set(webhook.uuid, webhook);
		return { status: 201, body: webhook };
	}
	const webhook = id ? store.webhooks.get(id) : undefined;
	if (!webhook) return notFound();
	if (request.method === 'GET') return { status: 200, body: webhook };
	if (request.method === 'DELETE') {
		store.webhooks.delete(webhook.uuid);
		return { status: 204 };
	}
	if (request.method === 'PUT') {
		if (invalid()) return badRequest({ error_type: 'INVALID_WEBHOOK', error_message: 'event_type, entity_type, url and http_method are required' });
		Object.assign(webhook, body);
		return { status: 200, body: webhook };
	}
	return notFound();
}

/** Tells the subscribers of this event: a JSON POST per matching subscription, after the answer. */
function deliver(store: RdStore, eventType: string, contact: RdContact, payload: Record<string, unknown>) {
	const kind = eventType === 'CONVERSION' ? 'WEBHOOK.CONVERTED' : eventType === 'OPPORTUNITY' ? 'WEBHOOK.MARKED_OPPORTUNITY' : undefined;
	if (!kind) return;
	const identifier = String(payload.conversion_identifier ?? payload.funnel_name ?? '');
	for (const webhook of store.webhooks.values()) {
		if (webhook.event_type !== kind) continue;
		if (kind === 'WEBHOOK.CONVERTED' && webhook.event_identifiers && !webhook.event_identifiers.includes(identifier)) continue;
		const now = new Date().toISOString();
		const delivery = { event_type: kind, entity_type: 'CONTACT', event_identifier: identifier, timestamp: now, event_timestamp: now, contact };
		setImmediate(() => {
			fetch(webhook.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(delivery) })
				.then((response) => store.deliveries.push({ url: webhook.url, event_type: kind, status: response.status }))
				.catch((error: Error) => store.deliveries.push({ url: webhook.url, event_type: kind, status: error.message }));
		});
	}
}
