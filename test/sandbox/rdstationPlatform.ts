import { randomUUID } from 'node:crypto';

import type { SandboxRequest, SandboxResponse } from './types';

/*
 * The rest of RD Station Marketing's documented API (docs/rdstation-api.md),
 * for rdstation.ts: the event types beyond conversions and funnel events,
 * contact delete and events, the default funnel, custom-field management,
 * segmentations and automation flows, and RD's per-contact limits. Where RD
 * leaves a behaviour undocumented, each reading the node handles is a switch
 * here (`RdPlatformSettings`), so that tests can serve each one.
 */

export type FieldError = { error_type: string; error_message: string; path?: string };
export type FieldErrors = Record<string, FieldError[]>;

export const badRequest = (errors: FieldErrors | FieldError[] | FieldError): SandboxResponse => ({ status: 400, body: { errors } });
export const notFound = (): SandboxResponse => ({
	status: 404,
	body: { errors: { error_type: 'RESOURCE_NOT_FOUND', error_message: 'Resource not found' } },
});

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URL_TEXT = /^https?:\/\/\S+$/;
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** RD's legacy e-commerce events, removed from the API on 2025-12-31: refused everywhere. */
export const REMOVED_EVENT_TYPES = ['ORDER_PLACED', 'ORDER_PLACED_ITEM', 'CART_ABANDONED', 'CART_ABANDONED_ITEM'];

type Check = 'text' | 'email' | 'number' | 'integer' | 'boolean' | 'url' | 'dateTime' | 'seconds' | 'textList' | `one of ${string}`;

interface TypeRule {
	required: string[];
	/** Fields checked for their type when present (beyond the contact's text fields). */
	checks: Record<string, Check>;
	/** Whether cf_… fields are taken (conversions and funnel events); chat, call and media events take none. */
	customFields: boolean;
	ecommerce?: boolean;
	/** The least quantity of items (e-commerce totals). */
	minTotalItems?: number;
}

const CONTACT_TEXT = ['name', 'job_title', 'personal_phone', 'mobile_phone', 'twitter', 'facebook', 'linkedin', 'website', 'company_name', 'company_site'];
const text = (...keys: string[]): Record<string, Check> => Object.fromEntries(keys.map((key) => [key, 'text' as Check]));

const ECOMMERCE_BASE = { ...text('identifier', 'name', 'mobile_phone', 'personal_phone') };
const ORDER_TOTALS: Record<string, Check> = { currency: 'text', price: 'number', total_items: 'integer' };

/** Per event type: what /platform/events and the batch check besides the envelope (docs/rdstation-api.md §Events). */
export const EVENT_RULES: Record<string, TypeRule> = {
	CHAT_STARTED: { required: ['email', 'chat_subject', 'cf_chat_status'], checks: text('chat_subject', 'cf_chat_status', 'cf_chat_type', 'cf_birthdate', 'cf_gender', ...CONTACT_TEXT), customFields: false },
	CHAT_FINISHED: { required: ['email', 'chat_subject', 'cf_chat_status'], checks: text('chat_subject', 'cf_chat_status', 'cf_chat_type', 'cf_birthdate', 'cf_gender', ...CONTACT_TEXT), customFields: false },
	CALL_FINISHED: {
		required: ['email', 'call_from_number', 'call_status'],
		checks: {
			...text('call_from_number', 'call_status', 'call_status_description', 'call_carrier', ...CONTACT_TEXT),
			call_user_email: 'email',
			call_started_at: 'dateTime',
			call_duration: 'seconds',
			call_type: 'one of inbound,outbound',
			call_phone_type: 'one of mobile,commercial',
			call_record: 'url',
		},
		customFields: false,
	},
	MEDIA_PLAYBACK_STARTED: {
		required: ['email', 'media_type', 'media_identifier'],
		checks: { ...text('media_identifier', 'media_category', ...CONTACT_TEXT), media_type: 'one of video,audio', media_metadata: 'url', media_recorded_content: 'boolean', media_duration: 'integer', media_published_date_timestamp: 'dateTime' },
		customFields: false,
	},
	MEDIA_PLAYBACK_STOPPED: {
		required: ['email', 'media_type', 'media_identifier'],
		checks: { ...text('media_identifier', 'media_category', ...CONTACT_TEXT), media_type: 'one of video,audio', media_metadata: 'url', media_recorded_content: 'boolean', media_duration: 'integer', media_published_date_timestamp: 'dateTime' },
		customFields: false,
	},
	ECOMMERCE_CHECKOUT_STARTED: { required: ['email', 'identifier', 'checkout_url', 'currency', 'price', 'total_items'], checks: { ...ECOMMERCE_BASE, ...ORDER_TOTALS, checkout_url: 'url' }, customFields: false, ecommerce: true, minTotalItems: 1 },
	ECOMMERCE_CART_ABANDONED: { required: ['email', 'identifier', 'checkout_url', 'currency', 'price', 'total_items'], checks: { ...ECOMMERCE_BASE, ...ORDER_TOTALS, checkout_url: 'url' }, customFields: false, ecommerce: true, minTotalItems: 1 },
	ECOMMERCE_ORDER_PLACED: { required: ['email', 'identifier', 'currency', 'price', 'total_items'], checks: { ...ECOMMERCE_BASE, ...ORDER_TOTALS, checkout_url: 'url', order_url: 'url' }, customFields: false, ecommerce: true, minTotalItems: 1 },
	ECOMMERCE_ORDER_PAID: {
		required: ['email', 'identifier', 'currency', 'price', 'total_items'],
		checks: { ...ECOMMERCE_BASE, ...ORDER_TOTALS, ...text('shipping_city', 'shipping_state', 'shipping_country'), shipping_price: 'number', order_url: 'url', payment_methods: 'textList' },
		customFields: false,
		ecommerce: true,
		minTotalItems: 0,
	},
	ECOMMERCE_ORDER_FULFILLED: { required: ['email', 'identifier'], checks: { ...ECOMMERCE_BASE, ...text('order_identifier', 'tracking_company', 'tracking_code'), tracking_url: 'url' }, customFields: false, ecommerce: true },
	ECOMMERCE_SHIPMENT_DELIVERED: { required: ['email', 'identifier', 'order_identifier'], checks: { ...ECOMMERCE_BASE, order_identifier: 'text' }, customFields: false, ecommerce: true },
	ECOMMERCE_ORDER_CANCELLED: { required: ['email', 'identifier'], checks: { ...ECOMMERCE_BASE, cancel_reason: 'one of customer,declined,fraud,inventory,other' }, customFields: false, ecommerce: true },
	ECOMMERCE_ORDER_REFUNDED: { required: ['email', 'identifier'], checks: { ...ECOMMERCE_BASE, ...text('order_identifier', 'currency'), price: 'number' }, customFields: false, ecommerce: true },
};

function problemOf(value: unknown, check: Check): FieldError | undefined {
	const fail = (error_type: string, error_message: string) => ({ error_type, error_message });
	if (check === 'text') return typeof value === 'string' ? undefined : fail('MUST_BE_STRING', 'Must be a string.');
	if (check === 'email') return typeof value === 'string' && EMAIL.test(value) ? undefined : fail('INVALID_FORMAT', 'Invalid email format.');
	if (check === 'number') return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? undefined : fail('MUST_BE_NUMBER', 'Must be a number.');
	if (check === 'integer') return Number.isInteger(value) && (value as number) >= 0 ? undefined : fail('MUST_BE_INTEGER', 'Must be an integer.');
	if (check === 'boolean') return typeof value === 'boolean' ? undefined : fail('MUST_BE_BOOLEAN', 'Must be a boolean.');
	if (check === 'url') return typeof value === 'string' && URL_TEXT.test(value) ? undefined : fail('INVALID_FORMAT', 'Must be a URL.');
	if (check === 'dateTime') return typeof value === 'string' && RFC_3339.test(value) ? undefined : fail('INVALID_FORMAT', 'Must be an RFC 3339 date-time.');
	if (check === 'seconds') return typeof value === 'string' && /^\d+$/.test(value) ? undefined : fail('MUST_BE_STRING', 'Must be a string of seconds.');
	if (check === 'textList') return Array.isArray(value) && value.every((entry) => typeof entry === 'string') ? undefined : fail('MUST_BE_ARRAY_OF_STRINGS', 'Must be an array of strings.');
	const allowed = check.slice('one of '.length).split(',');
	return allowed.includes(String(value)) ? undefined : fail('INVALID_OPTION', 'Must be one of the valid options.');
}

/** The payload of a chat, call, media or e-commerce event: errors by field, none when it is valid. */
export function platformPayloadErrors(eventType: string, payload: Record<string, unknown>): FieldErrors {
	const rule = EVENT_RULES[eventType];
	const errors: FieldErrors = {};
	const add = (field: string, error: FieldError) => (errors[field] ??= []).push(error);
	for (const name of rule.required) {
		if (payload[name] === undefined || payload[name] === null || payload[name] === '') add(name, { error_type: 'CANNOT_BE_NULL', error_message: 'Cannot be null.' });
	}
	const checks: Record<string, Check> = { email: 'email', ...rule.checks };
	for (const [key, value] of Object.entries(payload)) {
		if (value === undefined || value === null || key === 'legal_bases' || key === 'line_items') continue;
		const check = checks[key];
		if (!check) {
			// Chat events accept no arbitrary custom fields (RD's chat page); unknown keys are refused.
			add(key, { error_type: 'INVALID_FIELD', error_message: 'Field not accepted for this event.' });
			continue;
		}
		const problem = problemOf(value, check);
		if (problem) add(key, problem);
	}
	if (rule.minTotalItems !== undefined && Number.isInteger(payload.total_items) && (payload.total_items as number) < rule.minTotalItems) {
		add('total_items', { error_type: 'MUST_BE_GREATER_THAN_OR_EQUAL', error_message: `Must be at least ${rule.minTotalItems}.` });
	}
	if (payload.line_items !== undefined) {
		const items = Array.isArray(payload.line_items) ? (payload.line_items as Array<Record<string, unknown>>) : [];
		if (!Array.isArray(payload.line_items) || items.length > 20) add('line_items', { error_type: 'INVALID', error_message: 'At most 20 line items.' });
		items.forEach((item, index) => {
			for (const key of ['product_id', 'product_title']) if (typeof item?.[key] !== 'string' || !item[key]) add(`line_items[${index}].${key}`, { error_type: 'CANNOT_BE_NULL', error_message: 'Cannot be null.' });
			if (typeof item?.price !== 'number' || item.price < 0) add(`line_items[${index}].price`, { error_type: 'MUST_BE_NUMBER', error_message: 'Must be a number.' });
			if (!Number.isInteger(item?.quantity) || (item.quantity as number) < 1) add(`line_items[${index}].quantity`, { error_type: 'MUST_BE_GREATER_THAN_OR_EQUAL', error_message: 'Must be at least 1.' });
		});
	}
	return errors;
}

/** The readings of what RD leaves undocumented: each one the node must handle, served on demand. */
export interface RdPlatformSettings {
	/**
	 * How lists page: `page` + `page_size` honoured; `page` only (RD's own
	 * size); neither (the whole list on every page). And two a node must not
	 * trust: `page_size` honoured but `page` ignored (the first page again and
	 * again), and a list that never ends (a new record on every page).
	 */
	paging: 'pageSize' | 'ownPageSize' | 'unpaged' | 'pageIgnored' | 'endless';
	/** RD's own page size under the "ownPageSize" reading. */
	ownPageSize: number;
	/** Where a contact's events list stands in the answer: under "events", "items", or a bare list. */
	eventsShape: 'events' | 'items' | 'array';
	/** What a delete answers: 204 with no body, or 200 with `{}`. */
	deleteStatus: 204 | 200;
	/** RD's per-contact limits (24 PATCH, 24 funnel calls per 24 h), and how a 429 of one says so. */
	contactLimit: { perContact: number; windowMs: number; answer: 'retryAfter' | 'message' };
	/** Whether the account has RD's e-commerce plan (without it, e-commerce events are refused). */
	ecommercePlan: boolean;
}

export const defaultPlatformSettings = (): RdPlatformSettings => ({
	paging: 'pageSize',
	ownPageSize: 10,
	eventsShape: 'events',
	deleteStatus: 204,
	contactLimit: { perContact: 24, windowMs: 24 * 3_600_000, answer: 'retryAfter' },
	ecommercePlan: true,
});

export interface RdSegmentation {
	id: number;
	name: string;
	standard: boolean;
	created_at: string;
	updated_at: string;
	process_status: string;
	links: Array<{ rel: string; href: string; media: string; type: string }>;
	/** Its contacts' e-mails (the sandbox's own bookkeeping, not in RD's answer). */
	members: string[];
}

export const segmentation = (id: number, name: string, members: string[] = []): RdSegmentation => ({
	id,
	name,
	standard: false,
	created_at: '2026-01-10T12:00:00.000-03:00',
	updated_at: '2026-01-10T12:00:00.000-03:00',
	process_status: 'processed',
	links: [{ rel: 'SELF', href: `https://api.rd.services/platform/segmentations/${id}/contacts`, media: 'application/json', type: 'GET' }],
	members,
});

export const DEFAULT_WORKFLOWS = [
	{ id: 'a3f1c9e0-1111-4c2b-9b1e-0f0e0d0c0b01', name: 'Welcome series', user_email_created: 'ana@example.com', created_at: '2026-01-02T10:00:00-03:00', user_email_updated: 'ana@example.com', updated_at: '2026-01-05T10:00:00-03:00' },
	{ id: 'a3f1c9e0-2222-4c2b-9b1e-0f0e0d0c0b02', name: 'Webinar follow-up', user_email_created: 'bruno@example.com', created_at: '2026-01-03T10:00:00-03:00', user_email_updated: 'ana@example.com', updated_at: '2026-01-06T10:00:00-03:00' },
	{ id: 'a3f1c9e0-3333-4c2b-9b1e-0f0e0d0c0b03', name: 'Cart recovery', user_email_created: 'carla@example.com', created_at: '2026-01-04T10:00:00-03:00', user_email_updated: 'carla@example.com', updated_at: '2026-01-07T10:00:00-03:00' },
];

/** One page of a list, as the paging reading in force serves it. */
export function page<T>(settings: RdPlatformSettings, all: T[], query: Record<string, string>): T[] {
	if (settings.paging === 'unpaged') return all;
	const number = Math.max(1, Number(query.page ?? 1) || 1);
	if (settings.paging === 'endless') return [{ ...all[0], id: number, uuid: `endless-${number}` } as T];
	const asked = Number(query.page_size);
	const size = settings.paging === 'ownPageSize' || !Number.isInteger(asked) || asked < 1 ? settings.ownPageSize : asked;
	const start = settings.paging === 'pageIgnored' ? 0 : (number - 1) * size;
	return all.slice(start, start + size);
}

/** Calls counted against a contact's allowance: when each was made, per contact and kind. */
export class ContactAllowance {
	private readonly calls = new Map<string, number[]>();

	/** The 429 to answer when `contact` used its allowance of `kind`; undefined (and the call counted) otherwise. */
	spend(settings: RdPlatformSettings, contact: string, kind: 'patch' | 'funnel', now = Date.now()): SandboxResponse | undefined {
		const { perContact, windowMs, answer } = settings.contactLimit;
		const key = `${kind}:${contact}`;
		const recent = (this.calls.get(key) ?? []).filter((at) => at > now - windowMs);
		this.calls.set(key, recent);
		if (recent.length < perContact) {
			recent.push(now);
			return undefined;
		}
		if (answer === 'message') {
			const what = kind === 'patch' ? 'updates' : 'funnel requests';
			return { status: 429, body: { errors: { error_type: 'TOO_MANY_REQUESTS', error_message: `Contact exceeded the limit of ${perContact} ${what} in 24 hours.` } } };
		}
		const seconds = Math.max(1, Math.ceil((recent[0] + windowMs - now) / 1000));
		return { status: 429, headers: { 'retry-after': String(seconds) }, body: { errors: { error_type: 'TOO_MANY_REQUESTS', error_message: 'Too many requests.' } } };
	}

	/** Uses up `count` calls of a contact's allowance now (tests start from a contact near its limit). */
	use(contact: string, kind: 'patch' | 'funnel', count: number, now = Date.now()): void {
		const key = `${kind}:${contact}`;
		this.calls.set(key, [...(this.calls.get(key) ?? []), ...Array.from({ length: count }, () => now)]);
	}
}

export const newUuid = () => randomUUID();

export type { SandboxRequest };
