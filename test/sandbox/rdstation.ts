import { randomBytes, randomUUID } from 'node:crypto';

import type { ProviderHandler, SandboxRequest, SandboxResponse } from './types';
import type { FieldErrors, RdPlatformSettings, RdSegmentation } from './rdstationPlatform';
import {
	badRequest,
	ContactAllowance,
	DEFAULT_WORKFLOWS,
	defaultPlatformSettings,
	EVENT_RULES,
	notFound,
	page,
	platformPayloadErrors,
	REMOVED_EVENT_TYPES,
	segmentation,
} from './rdstationPlatform';

/*
 * RD Station Marketing (docs/rdstation-api.md), in memory: the API-key conversion
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

/** What /platform/events takes: the standard events, and the chat, call, media and e-commerce ones. */
const SINGLE_EVENT_TYPES = ['CONVERSION', 'OPPORTUNITY', 'SALE', 'OPPORTUNITY_LOST', ...Object.keys(EVENT_RULES)];

/** RD's batch list as documented (the legacy e-commerce types on it are refused since their removal). */
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
	created_at: string;
}

export interface RdContact {
	uuid: string;
	email: string;
	tags: string[];
	funnel?: { lifecycle_stage: string; opportunity: boolean; contact_owner_email: string | null; interest: number; fit: number };
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

	/** The account's contact fields: RD's standard ones and custom ones, created, changed and deleted through the API. */
	fields: RdField[] = RD_FIELDS.map((entry) => structuredClone(entry));

	segmentations: RdSegmentation[] = [segmentation(71384, 'Leads from the webinar'), segmentation(71385, 'Customers')];

	workflows = DEFAULT_WORKFLOWS.map((flow) => ({ ...flow }));

	/** The readings of what RD leaves undocumented, switched by tests (rdstationPlatform.ts). */
	settings: RdPlatformSettings = defaultPlatformSettings();

	/** Each contact's calls counted against RD's per-contact limits. */
	allowance = new ContactAllowance();

	/** The account as it starts: its fields, segmentations and flows, the default readings, no calls counted. */
	resetPlatform(): void {
		this.fields = RD_FIELDS.map((entry) => structuredClone(entry));
		this.segmentations = [segmentation(71384, 'Leads from the webinar'), segmentation(71385, 'Customers')];
		this.workflows = DEFAULT_WORKFLOWS.map((flow) => ({ ...flow }));
		this.settings = defaultPlatformSettings();
		this.allowance = new ContactAllowance();
	}

	webhooks = new Map<string, RdWebhook>();

	/** Webhook deliveries made (the subscriber's status, or the failure). */
	deliveries: Array<{ url: string; event_type: string; status: number | string }> = [];

	/** What one bad event does to a batch: RD does not document it, so every reading is served (`RdBatchRule`). */
	batchRule: RdBatchRule = 'rejectBatch';

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
		// A scan without copying the map: a batch of 1,000 conversions looks up 1,000 contacts.
		const wanted = email.toLowerCase();
		for (const contact of this.contacts.values()) if (contact.email === wanted) return contact;
		return undefined;
	}
}

const unauthorized = (message = 'Invalid token.'): SandboxResponse => ({
	status: 401,
	body: { errors: { error_type: 'UNAUTHORIZED', error_message: message } },
});

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Custom and standard fields checked against the account's field types (unknown cf_ fields are accepted). */
function checkFields(fields: RdField[], values: Record<string, unknown>, add: (field: string, type: string, message: string) => void) {
	for (const [key, value] of Object.entries(values)) {
		if (key.startsWith('cf_') && !/^cf_[a-z0-9_]{1,61}$/.test(key)) {
			add(key, 'INVALID_FIELD', 'Invalid custom field identifier.');
			continue;
		}
		const definition = fields.find((entry) => entry.api_identifier === key && entry.custom_field);
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
function payloadErrors(fields: RdField[], eventType: string, payload: Record<string, unknown>): FieldErrors {
	const errors: FieldErrors = EVENT_RULES[eventType] ? platformPayloadErrors(eventType, payload) : {};
	const add = (field: string, error_type: string, error_message: string) => (errors[field] ??= []).push({ error_type, error_message });
	if (EVENT_RULES[eventType]) {
		checkLegalBases(payload, add);
		return errors;
	}
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
	checkLegalBases(payload, add);
	checkFields(fields, payload, add);
	return errors;
}

function checkLegalBases(payload: Record<string, unknown>, add: (field: string, type: string, message: string) => void) {
	if (payload.legal_bases === undefined) return;
	const bases = Array.isArray(payload.legal_bases) ? payload.legal_bases : [null];
	for (const basis of bases as Array<Record<string, unknown> | null>) {
		if (!basis || basis.category !== 'communications') add('legal_bases', 'INVALID_OPTION', 'category must be communications.');
		else if (!RD_LEGAL_BASIS_TYPES.includes(String(basis.type))) add('legal_bases', 'INVALID_OPTION', 'Invalid legal basis type.');
		else if (basis.status !== 'granted' && basis.status !== 'declined') add('legal_bases', 'INVALID_OPTION', 'Invalid legal basis status.');
	}
}

/** The envelope `{ event_type, event_family: "CDP", payload }`: errors in shape 3, with paths. */
function envelopeErrors(body: Record<string, unknown>, allowedTypes: string[], at = '$'): Array<{ error_type: string; error_message: string; path: string }> {
	const errors: Array<{ error_type: string; error_message: string; path: string }> = [];
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
		store.events.push({ event_uuid, event_type: eventType, payload, via, created_at: new Date().toISOString() });
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
			const errors = payloadErrors(store.fields, 'CONVERSION', payload);
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
			const envelope = envelopeErrors(body, SINGLE_EVENT_TYPES);
			if (envelope.length) return badRequest(envelope);
			if (EVENT_RULES[String(body.event_type)]?.ecommerce && !store.settings.ecommercePlan) {
				return badRequest([{ error_type: 'INVALID_OPTION', error_message: 'Event type not available for this account.', path: '$.event_type' }]);
			}
			const payload = (body.payload ?? {}) as Record<string, unknown>;
			const errors = payloadErrors(store.fields, String(body.event_type), payload);
			if (Object.keys(errors).length) return badRequest(errors);
			return { status: 200, body: { event_uuid: accept(String(body.event_type), payload, 'oauth') } };
		}
		if (method === 'POST' && path === '/platform/events/batch') return batch(store, request, accept);
		if (path === '/platform/contacts/fields' || path.startsWith('/platform/contacts/fields/')) return fields(store, request);

		const contactPath = /^\/platform\/contacts\/(email|uuid):([^/]+)(\/tag|\/funnels\/default)?$/.exec(path);
		if (contactPath?.[3] === '/funnels/default') return funnel(store, request, contactPath[1], decodeURIComponent(contactPath[2]));
		if (contactPath) return contacts(store, request, contactPath[1], decodeURIComponent(contactPath[2]), contactPath[3] !== undefined);
		const eventsPath = /^\/platform\/contacts\/([^/:]+)\/events$/.exec(path);
		if (eventsPath && method === 'GET') return contactEvents(store, request, decodeURIComponent(eventsPath[1]));

		if (method === 'GET' && path === '/platform/segmentations') return { status: 200, body: { segmentations: page(store.settings, store.segmentations.map(withoutMembers), request.query) } };
		const segmentationPath = /^\/platform\/segmentations\/([^/]+)\/contacts$/.exec(path);
		if (segmentationPath && method === 'GET') return segmentationContacts(store, request, segmentationPath[1]);
		if (method === 'GET' && path === '/platform/workflows') return { status: 200, body: { workflows: page(store.settings, store.workflows, request.query) } };

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

/**
 * What one bad event does to a batch (docs/rdstation-api.md §Batch). RD
 * documents only the answer to a good batch; these are the readings served:
 * - `rejectBatch`: 400, nothing kept, errors naming each bad event's position (`$[i]…`);
 * - `acceptGood`: 200, good events kept, one answer per event in order (`{ event_uuid }` or `{ errors }`);
 * - `keptIdsErrorsByPosition`: 200, good events kept, `events` lists only their ids (in order),
 *   `errors` the bad ones' by position;
 * - `keptIdsErrorsUnplaced`: the same, but the errors name no position;
 * - `acceptGoodAs422`: 422, good events kept all the same, one answer per event in order.
 */
export type RdBatchRule = 'rejectBatch' | 'acceptGood' | 'keptIdsErrorsByPosition' | 'keptIdsErrorsUnplaced' | 'acceptGoodAs422';

/** POST /platform/events/batch: an array of events, 0.2 MB in all; what a bad event does is `store.batchRule`. */
function batch(store: RdStore, request: SandboxRequest, accept: (type: string, payload: Record<string, unknown>, via: RdEvent['via']) => string): SandboxResponse {
	const events = request.body;
	if (!Array.isArray(events) || events.length === 0) {
		return badRequest({ error_type: 'BAD_REQUEST', error_message: 'Body must be a non-empty array of events' });
	}
	store.batchSizes.push(events.length);
	const problems = events.map((event: Record<string, unknown>, index) => {
		if (!event || typeof event !== 'object') return [{ error_type: 'BAD_REQUEST', error_message: 'Must be an object', path: `$[${index}]` }];
		const envelope = envelopeErrors(event, BATCH_EVENT_TYPES.filter((type) => !REMOVED_EVENT_TYPES.includes(type)), `$[${index}]`);
		if (envelope.length) return envelope;
		return Object.entries(payloadErrors(store.fields, String(event.event_type), (event.payload ?? {}) as Record<string, unknown>)).flatMap(([name, errors]) =>
			errors.map((error) => ({ ...error, path: `$[${index}].payload.${name}` })),
		);
	});
	const rule = store.batchRule;
	if (rule === 'rejectBatch' && problems.some((list) => list.length)) return badRequest(problems.flat());
	const results = events.map((event: Record<string, unknown>, index) =>
		problems[index].length
			? { errors: problems[index] }
			: { event_uuid: accept(String(event.event_type), (event.payload ?? {}) as Record<string, unknown>, 'batch') },
	);
	const refused = problems.flat();
	if (refused.length && (rule === 'keptIdsErrorsByPosition' || rule === 'keptIdsErrorsUnplaced')) {
		const kept = results.filter((result) => 'event_uuid' in result);
		const errors = rule === 'keptIdsErrorsByPosition' ? refused : refused.map((error) => ({ error_type: error.error_type, error_message: error.error_message }));
		return { status: 200, body: { event_batch_uuid: randomUUID(), events: kept, errors } };
	}
	return { status: refused.length && rule === 'acceptGoodAs422' ? 422 : 200, body: { event_batch_uuid: randomUUID(), events: results } };
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
	if (request.method === 'DELETE') {
		if (!existing) return notFound();
		store.contacts.delete(existing.uuid);
		for (const list of store.segmentations) list.members = list.members.filter((email) => email !== existing.email);
		return store.settings.deleteStatus === 204 ? { status: 204 } : { status: 200, body: {} };
	}
	if (request.method !== 'PATCH') return notFound();
	if (identifier === 'uuid' && !existing) return notFound();
	if (identifier === 'email' && !EMAIL.test(value)) return badRequest({ email: [{ error_type: 'INVALID_FORMAT', error_message: 'Invalid email format.' }] });
	// RD counts 24 updates per contact in 24 hours (docs/rdstation-api.md §Limits).
	const limited = store.allowance.spend(store.settings, existing?.email ?? value.toLowerCase(), 'patch');
	if (limited) return limited;
	const errors: FieldErrors = {};
	checkFields(store.fields, body, (name, error_type, error_message) => (errors[name] ??= []).push({ error_type, error_message }));
	if (body.tags !== undefined && (!Array.isArray(body.tags) || body.tags.some((tag) => typeof tag !== 'string'))) {
		(errors.tags ??= []).push({ error_type: 'MUST_BE_ARRAY_OF_STRINGS', error_message: 'Must be an array of strings.' });
	}
	if (Object.keys(errors).length) return badRequest(errors);
	const contact = upsertContact(store, existing?.email ?? value, body);
	return { status: 200, body: contact };
}

const DEFAULT_FUNNEL = { lifecycle_stage: 'Lead', opportunity: false, contact_owner_email: null, interest: 0, fit: 0 };
const LIFECYCLE_STAGES = ['Lead', 'Qualified Lead', 'Client'];

/** GET/PUT …/funnels/default: the contact's default funnel; fit and interest are RD's own scores (read-only). */
function funnel(store: RdStore, request: SandboxRequest, identifier: string, value: string): SandboxResponse {
	const contact = identifier === 'email' ? store.contactByEmail(value) : store.contacts.get(value);
	if (!contact) return notFound();
	if (request.method !== 'GET' && request.method !== 'PUT') return notFound();
	// RD counts 24 funnel reads and updates per contact in 24 hours.
	const limited = store.allowance.spend(store.settings, contact.email, 'funnel');
	if (limited) return limited;
	contact.funnel ??= { ...DEFAULT_FUNNEL };
	if (request.method === 'GET') return { status: 200, body: contact.funnel };
	const body = (request.body ?? {}) as Record<string, unknown>;
	const errors: FieldErrors = {};
	const add = (name: string, error_type: string, error_message: string) => (errors[name] ??= []).push({ error_type, error_message });
	for (const key of Object.keys(body)) {
		if (key === 'fit' || key === 'interest') add(key, 'READ_ONLY', 'This field cannot be changed.');
		else if (!['lifecycle_stage', 'opportunity', 'contact_owner_email'].includes(key)) add(key, 'INVALID_FIELD', 'Unknown field.');
	}
	if (body.lifecycle_stage !== undefined && !LIFECYCLE_STAGES.includes(String(body.lifecycle_stage))) add('lifecycle_stage', 'INVALID_OPTION', 'Must be one of the valid options.');
	if (body.opportunity !== undefined && typeof body.opportunity !== 'boolean') add('opportunity', 'MUST_BE_BOOLEAN', 'Must be a boolean.');
	const owner = body.contact_owner_email;
	if (owner !== undefined && owner !== null && owner !== 'null' && !(typeof owner === 'string' && EMAIL.test(owner))) add('contact_owner_email', 'INVALID_FORMAT', 'Invalid email format.');
	if (Object.keys(errors).length) return badRequest(errors);
	if (body.lifecycle_stage !== undefined) contact.funnel.lifecycle_stage = String(body.lifecycle_stage);
	if (body.opportunity !== undefined) contact.funnel.opportunity = body.opportunity as boolean;
	// RD's own node clears the owner with the text "null"; JSON null is read the same way.
	if (owner !== undefined) contact.funnel.contact_owner_email = owner === 'null' || owner === null ? null : String(owner);
	return { status: 200, body: contact.funnel };
}

/** GET /platform/contacts/{uuid}/events: the contact's conversions or opportunities, paged, in `order`, shaped as `settings.eventsShape`. */
function contactEvents(store: RdStore, request: SandboxRequest, uuid: string): SandboxResponse {
	const contact = store.contacts.get(uuid);
	if (!contact) return notFound();
	const { event_type: eventType, order = 'created_at:desc' } = request.query;
	if (eventType !== 'CONVERSION' && eventType !== 'OPPORTUNITY') {
		return badRequest([{ error_type: 'INVALID_OPTION', error_message: 'Must be one of the valid options.', path: '$.query.event_type' }]);
	}
	if (order !== 'created_at:asc' && order !== 'created_at:desc') {
		return badRequest([{ error_type: 'INVALID_OPTION', error_message: 'Must be one of the valid options.', path: '$.query.order' }]);
	}
	const events = store.events
		.filter((event) => event.event_type === eventType && String(event.payload.email).toLowerCase() === contact.email)
		.map((event) => ({
			event_uuid: event.event_uuid,
			event_type: event.event_type,
			event_family: 'CDP',
			event_identifier: event.payload.conversion_identifier ?? event.payload.funnel_name,
			created_at: event.created_at,
			payload: event.payload,
		}));
	if (order === 'created_at:desc') events.reverse();
	const list = page(store.settings, events, request.query);
	const shape = store.settings.eventsShape;
	return { status: 200, body: shape === 'array' ? list : { [shape]: list } };
}

/** A segmentation as RD lists it (its members are the sandbox's own bookkeeping). */
const withoutMembers = (entry: RdSegmentation) => Object.fromEntries(Object.entries(entry).filter(([key]) => key !== 'members'));

/** GET /platform/segmentations/{id}/contacts: its contacts as RD lists them, paged. */
function segmentationContacts(store: RdStore, request: SandboxRequest, id: string): SandboxResponse {
	const found = store.segmentations.find((entry) => String(entry.id) === id);
	if (!found) return notFound();
	const contacts = found.members
		.map((email) => store.contactByEmail(email))
		.filter((contact): contact is RdContact => contact !== undefined)
		.map((contact) => ({
			uuid: contact.uuid,
			name: contact.name ?? null,
			email: contact.email,
			last_conversion_date: store.events.filter((event) => event.event_type === 'CONVERSION' && event.payload.email === contact.email).at(-1)?.created_at ?? null,
			created_at: '2026-01-10T12:00:00.000-03:00',
			links: [{ rel: 'SELF', href: `https://api.rd.services/platform/contacts/${contact.uuid}`, media: 'application/json', type: 'GET' }],
		}));
	return { status: 200, body: { contacts: page(store.settings, contacts, request.query) } };
}

const DATA_TYPES = ['STRING', 'INTEGER', 'BOOLEAN', 'STRING[]'];
const PRESENTATION_TYPES = ['TEXT_INPUT', 'TEXT_AREA', 'URL_INPUT', 'PHONE_INPUT', 'EMAIL_INPUT', 'CHECK_BOX', 'NUMBER_INPUT', 'COMBO_BOX', 'RADIO_BUTTON', 'MULTIPLE_CHOICE'];
const isTexts = (value: unknown) =>
	!!value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0 && Object.values(value).every((entry) => typeof entry === 'string' && entry !== '');

/** /platform/contacts/fields: the account's fields; custom ones created, changed and deleted (RD's standard ones refused). */
function fields(store: RdStore, request: SandboxRequest): SandboxResponse {
	const uuid = /^\/platform\/contacts\/fields\/([^/]+)$/.exec(request.path)?.[1];
	const body = (request.body ?? {}) as Record<string, unknown>;
	if (!uuid && request.method === 'GET') return { status: 200, body: { fields: store.fields } };
	const errors: FieldErrors = {};
	const add = (name: string, error_type: string, error_message: string) => (errors[name] ??= []).push({ error_type, error_message });
	const checkBody = (creating: boolean) => {
		if (creating || body.name !== undefined) if (!isTexts(body.name)) add('name', 'CANNOT_BE_BLANK', 'Must be texts by language.');
		if (body.label !== undefined && !isTexts(body.label)) add('label', 'INVALID', 'Must be texts by language.');
		if (creating && !DATA_TYPES.includes(String(body.data_type))) add('data_type', 'INVALID_OPTION', 'Must be one of the valid options.');
		if ((creating || body.presentation_type !== undefined) && !PRESENTATION_TYPES.includes(String(body.presentation_type))) add('presentation_type', 'INVALID_OPTION', 'Must be one of the valid options.');
		const options = (body.validation_rules as { valid_options?: unknown } | undefined)?.valid_options;
		if (options !== undefined && (!Array.isArray(options) || options.some((option: { value?: unknown; label?: unknown }) => typeof option?.value !== 'string' || !isTexts(option.label)))) {
			add('validation_rules', 'INVALID', 'valid_options must be values with labels by language.');
		}
	};
	if (!uuid && request.method === 'POST') {
		const identifier = String(body.api_identifier ?? '');
		if (!/^cf_[a-z0-9_]+$/.test(identifier) || identifier.length > 64) add('api_identifier', 'INVALID_FORMAT', 'Must start with cf_ and hold lowercase letters, digits and _.');
		else if (store.fields.some((entry) => entry.api_identifier === identifier)) add('api_identifier', 'TAKEN', 'Has already been taken.');
		checkBody(true);
		if (Object.keys(errors).length) return badRequest(errors);
		const created: RdField = {
			uuid: randomUUID(),
			api_identifier: identifier,
			custom_field: true,
			data_type: body.data_type as RdField['data_type'],
			name: body.name as Record<string, string>,
			label: (body.label ?? body.name) as Record<string, string>,
			presentation_type: String(body.presentation_type),
			validation_rules: (body.validation_rules as RdField['validation_rules']) ?? {},
		};
		store.fields.push(created);
		return { status: 201, body: created };
	}
	const existing = uuid ? store.fields.find((entry) => entry.uuid === decodeURIComponent(uuid)) : undefined;
	if (!existing) return notFound();
	if (!existing.custom_field) return badRequest({ error_type: 'FORBIDDEN', error_message: 'Default fields cannot be changed or deleted.' });
	if (request.method === 'DELETE') {
		store.fields = store.fields.filter((entry) => entry !== existing);
		return store.settings.deleteStatus === 204 ? { status: 204 } : { status: 200, body: {} };
	}
	if (request.method !== 'PATCH') return notFound();
	for (const key of ['api_identifier', 'data_type']) if (body[key] !== undefined) add(key, 'READ_ONLY', 'This field cannot be changed.');
	checkBody(false);
	if (Object.keys(errors).length) return badRequest(errors);
	if (body.name !== undefined) existing.name = body.name as Record<string, string>;
	if (body.label !== undefined) existing.label = body.label as Record<string, string>;
	if (body.presentation_type !== undefined) existing.presentation_type = String(body.presentation_type);
	if (body.validation_rules !== undefined) existing.validation_rules = body.validation_rules as RdField['validation_rules'];
	return { status: 200, body: existing };
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
