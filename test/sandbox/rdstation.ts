import { randomUUID } from 'node:crypto';

import type { ProviderHandler, SandboxRequest, SandboxResponse } from './types';

/** RD Station Marketing's API-key conversion endpoint (providers.md §3), in memory. */

export const RD_KEY = 'rdsm_example_sandbox_5b2e9c71d04a';

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

export interface RdConversion {
	event_uuid: string;
	payload: Record<string, unknown>;
}

export class RdStore {
	conversions: RdConversion[] = [];
}

type FieldError = { error_type: string; error_message: string };

export function rdHandler(store: RdStore): ProviderHandler {
	return (request: SandboxRequest): SandboxResponse => {
		// Shape 1: { errors: { error_type, error_message } }
		if (request.query.api_key !== RD_KEY) {
			return { status: 401, body: { errors: { error_type: 'UNAUTHORIZED', error_message: 'Invalid token.' } } };
		}
		if (request.method !== 'POST' || request.path !== '/platform/conversions') {
			return { status: 404, body: { errors: { error_type: 'RESOURCE_NOT_FOUND', error_message: 'Resource not found' } } };
		}
		if (Buffer.byteLength(request.rawBody) > MAX_BODY_BYTES) {
			return { status: 413, body: { errors: { error_type: 'REQUEST_TOO_LARGE', error_message: 'Request body exceeds 0.2 MB' } } };
		}
		const body = request.body as Record<string, unknown> | undefined;
		if (!body || typeof body !== 'object' || Array.isArray(body)) {
			return { status: 400, body: { errors: { error_type: 'BAD_REQUEST', error_message: 'Body must be a JSON object' } } };
		}
		// Shape 3: { errors: [{ error_type, error_message, path }] } for the envelope.
		const envelopeErrors: Array<FieldError & { path: string }> = [];
		if (body.event_type !== 'CONVERSION') {
			envelopeErrors.push({ error_type: 'INVALID_OPTION', error_message: 'Must be one of the valid options.', path: '$.event_type' });
		}
		if (body.event_family !== 'CDP') {
			envelopeErrors.push({ error_type: 'INVALID_OPTION', error_message: 'Must be one of the valid options.', path: '$.event_family' });
		}
		if (envelopeErrors.length) return { status: 400, body: { errors: envelopeErrors } };

		// Shape 2: { errors: { <field>: [{ error_type, error_message }] } } for the payload.
		const payload = (body.payload ?? {}) as Record<string, unknown>;
		const fieldErrors: Record<string, FieldError[]> = {};
		const add = (field: string, error_type: string, error_message: string) =>
			(fieldErrors[field] ??= []).push({ error_type, error_message });
		for (const field of ['conversion_identifier', 'email']) {
			if (payload[field] === undefined || payload[field] === null || payload[field] === '') add(field, 'CANNOT_BE_NULL', 'Cannot be null.');
		}
		for (const field of STRING_FIELDS) {
			if (payload[field] !== undefined && payload[field] !== null && typeof payload[field] !== 'string') {
				add(field, 'MUST_BE_STRING', 'Must be a string.');
			}
		}
		if (typeof payload.email === 'string' && payload.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(payload.email)) {
			add('email', 'INVALID_FORMAT', 'Invalid email format.');
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
		for (const key of Object.keys(payload)) {
			if (key.startsWith('cf_') && !/^cf_[a-z0-9_]{1,61}$/.test(key)) add(key, 'INVALID_FIELD', 'Invalid custom field identifier.');
		}
		if (Object.keys(fieldErrors).length) return { status: 400, body: { errors: fieldErrors } };

		const event: RdConversion = { event_uuid: randomUUID(), payload };
		store.conversions.push(event);
		return { status: 200, body: { event_uuid: event.event_uuid } };
	};
}
