import type { EventField } from './eventFields';
import { CONVERSION_TEXT_FIELDS } from './contactFields';

/*
 * Every event type the node sends, with its payload's fields
 * (docs/rdstation-api.md §Events). The removed legacy e-commerce events
 * (ORDER_PLACED, CART_ABANDONED and their _ITEM forms, gone since
 * 2025-12-31) are not here, so nothing offers or sends them.
 */

export interface EventSpec {
	/** RD's `event_type`. */
	type: string;
	/** In the list of types RD's batch endpoint accepts (docs/rdstation-api.md §Batch); the others go one per request. */
	batchable: boolean;
	fields: EventField[];
	/** cf_… fields may ride along (conversions, funnel events); RD accepts no arbitrary ones on chat, call and media events. */
	customFields: boolean;
	/** What identifies the event in its output item, besides RD's id and the contact's email. */
	outputKeys: string[];
	/** RD takes it only on its e-commerce plans. */
	ecommerce?: boolean;
}

const text = (key: string, displayName: string, extra: Partial<EventField> = {}): EventField => ({ key, displayName, kind: 'text', ...extra });

const EMAIL: EventField = { key: 'email', displayName: 'Email', kind: 'email', required: true, placeholder: 'name@email.com', description: 'Email of the contact' };
const LEGAL_BASES: EventField = { key: 'legal_bases', displayName: 'Legal Bases', kind: 'legalBases' };
const LINE_ITEMS: EventField = { key: 'line_items', displayName: 'Line Items', kind: 'lineItems' };

const byKey = Object.fromEntries(CONVERSION_TEXT_FIELDS.map(([, displayName, key]) => [key, text(key, displayName)]));
/** Contact fields by payload key, as the conversion documents them. */
const contact = (...keys: string[]) => keys.map((key) => byKey[key]);

const CONVERSION: EventSpec = {
	type: 'CONVERSION',
	batchable: true,
	customFields: true,
	outputKeys: ['conversion_identifier'],
	fields: [
		text('conversion_identifier', 'Conversion Identifier', { required: true }),
		EMAIL,
		...CONVERSION_TEXT_FIELDS.map(([, displayName, key]) => text(key, displayName)),
		{ key: 'tags', displayName: 'Tags', kind: 'textList' },
		{ key: 'available_for_mailing', displayName: 'Available for Mailing', kind: 'boolean' },
		LEGAL_BASES,
	],
};

const FUNNEL_FIELDS: EventField[] = [EMAIL, text('funnel_name', 'Funnel Name', { required: true })];
const funnelEvent = (type: string, extra: EventField[] = []): EventSpec => ({
	type,
	batchable: true,
	customFields: true,
	outputKeys: ['funnel_name'],
	fields: [...FUNNEL_FIELDS, ...extra],
});

/** Chat events: CHAT_FINISHED's own table is not published; RD's chat page reads as one set for both (inferred). */
const chatEvent = (type: string): EventSpec => ({
	type,
	batchable: true,
	customFields: false,
	outputKeys: ['chat_subject'],
	fields: [
		EMAIL,
		text('chat_subject', 'Chat Subject', { required: true }),
		text('cf_chat_status', 'Chat Status', { required: true, description: 'The chat’s status, as your chat tool names it' }),
		text('cf_chat_type', 'Chat Type'),
		text('cf_birthdate', 'Birthdate'),
		text('cf_gender', 'Gender'),
		...contact('name', 'job_title', 'personal_phone', 'mobile_phone', 'twitter', 'facebook', 'linkedin', 'website', 'company_name', 'company_site'),
		LEGAL_BASES,
	],
});

const CALL_FINISHED: EventSpec = {
	type: 'CALL_FINISHED',
	batchable: true,
	customFields: false,
	outputKeys: ['call_from_number'],
	fields: [
		EMAIL,
		text('call_from_number', 'Call From Number', { required: true, description: 'The call-tracking number the call came through' }),
		text('call_status', 'Call Status', { required: true }),
		...contact('name', 'company_name', 'company_site', 'job_title', 'personal_phone'),
		{ key: 'call_user_email', displayName: 'Call User Email', kind: 'email', description: 'Email of the user who took the call' },
		{ key: 'call_started_at', displayName: 'Call Started At', kind: 'dateTime', placeholder: '2026-02-01T15:30:00-03:00' },
		{ key: 'call_duration', displayName: 'Call Duration (Seconds)', kind: 'seconds' },
		{ key: 'call_type', displayName: 'Call Type', kind: 'options', options: [{ name: 'Inbound', value: 'inbound' }, { name: 'Outbound', value: 'outbound' }] },
		text('call_status_description', 'Call Status Description'),
		{ key: 'call_phone_type', displayName: 'Call Phone Type', kind: 'options', options: [{ name: 'Commercial', value: 'commercial' }, { name: 'Mobile', value: 'mobile' }] },
		text('call_carrier', 'Call Carrier'),
		{ key: 'call_record', displayName: 'Call Recording URL', kind: 'url' },
		LEGAL_BASES,
	],
};

/** Media events: MEDIA_PLAYBACK_STOPPED's own table is not published; read as the same set (inferred). */
const mediaEvent = (type: string): EventSpec => ({
	type,
	batchable: true,
	customFields: false,
	outputKeys: ['media_identifier'],
	fields: [
		EMAIL,
		{ key: 'media_type', displayName: 'Media Type', kind: 'options', required: true, options: [{ name: 'Audio', value: 'audio' }, { name: 'Video', value: 'video' }] },
		text('media_identifier', 'Media Identifier', { required: true, description: 'The video or audio’s own ID' }),
		...contact('name', 'company_name', 'company_site', 'job_title', 'personal_phone', 'mobile_phone', 'twitter', 'facebook', 'linkedin', 'website'),
		{ key: 'media_metadata', displayName: 'Media URL', kind: 'url' },
		{ key: 'media_recorded_content', displayName: 'Recorded Content', kind: 'boolean', description: 'Whether it was recorded (off: live)' },
		text('media_category', 'Media Category'),
		{ key: 'media_duration', displayName: 'Media Duration (Seconds)', kind: 'integer', min: 0 },
		{ key: 'media_published_date_timestamp', displayName: 'Published At', kind: 'dateTime', placeholder: '2026-02-01T15:30:00-03:00' },
		LEGAL_BASES,
	],
});

/*
 * E-commerce: field groups as RD's own n8n node sends them (RD publishes no
 * field tables for the new events); ORDER_PLACED and ORDER_REFUNDED, which
 * RD's node lacks, take the order fields (inferred). docs/rdstation-api.md §E-commerce.
 */
const ECOMMERCE_CONTACT: EventField[] = [
	EMAIL,
	// Not "identifier": Contact's "Find Contact By" has that name, and a value would carry over between them.
	text('identifier', 'Identifier', { required: true, parameter: 'ecommerceIdentifier', description: 'The checkout, cart, order or shipment ID in your store' }),
	...contact('name', 'mobile_phone', 'personal_phone'),
	LEGAL_BASES,
];
const CURRENCY: EventField = { key: 'currency', displayName: 'Currency', kind: 'currency', required: true, placeholder: 'BRL' };
const PRICE: EventField = { key: 'price', displayName: 'Price', kind: 'number', required: true, min: 0, description: 'Total price' };
const totalItems = (min: number): EventField => ({ key: 'total_items', displayName: 'Total Items', kind: 'integer', required: true, min });
const ORDER_URL: EventField = { key: 'order_url', displayName: 'Order URL', kind: 'url' };
const ORDER_IDENTIFIER: EventField = text('order_identifier', 'Order Identifier', { description: 'The order this event is about' });

const ecommerceEvent = (type: string, fields: EventField[]): EventSpec => ({
	type,
	batchable: false,
	customFields: false,
	outputKeys: ['identifier'],
	ecommerce: true,
	fields: [...ECOMMERCE_CONTACT, ...fields],
});

const cartFields = (): EventField[] => [
	{ key: 'checkout_url', displayName: 'Checkout URL', kind: 'url', required: true },
	CURRENCY,
	PRICE,
	totalItems(1),
	LINE_ITEMS,
];

export const EVENT_TYPES: Record<string, EventSpec> = Object.fromEntries(
	[
		CONVERSION,
		funnelEvent('OPPORTUNITY'),
		funnelEvent('SALE', [{ key: 'value', displayName: 'Value', kind: 'number', required: true }]),
		funnelEvent('OPPORTUNITY_LOST', [text('reason', 'Reason')]),
		chatEvent('CHAT_STARTED'),
		chatEvent('CHAT_FINISHED'),
		CALL_FINISHED,
		mediaEvent('MEDIA_PLAYBACK_STARTED'),
		mediaEvent('MEDIA_PLAYBACK_STOPPED'),
		ecommerceEvent('ECOMMERCE_CHECKOUT_STARTED', cartFields()),
		ecommerceEvent('ECOMMERCE_CART_ABANDONED', cartFields()),
		ecommerceEvent('ECOMMERCE_ORDER_PLACED', [CURRENCY, PRICE, totalItems(1), { key: 'checkout_url', displayName: 'Checkout URL', kind: 'url' }, ORDER_URL, LINE_ITEMS]),
		ecommerceEvent('ECOMMERCE_ORDER_PAID', [
			CURRENCY,
			PRICE,
			totalItems(0),
			{ key: 'shipping_price', displayName: 'Shipping Price', kind: 'number', min: 0 },
			text('shipping_city', 'Shipping City'),
			text('shipping_state', 'Shipping State'),
			text('shipping_country', 'Shipping Country'),
			ORDER_URL,
			{ key: 'payment_methods', displayName: 'Payment Methods', kind: 'textList', max: 5, description: 'Up to 5, e.g. credit_card, pix' },
			LINE_ITEMS,
		]),
		ecommerceEvent('ECOMMERCE_ORDER_FULFILLED', [
			ORDER_IDENTIFIER,
			text('tracking_company', 'Tracking Company'),
			text('tracking_code', 'Tracking Code'),
			{ key: 'tracking_url', displayName: 'Tracking URL', kind: 'url' },
		]),
		ecommerceEvent('ECOMMERCE_SHIPMENT_DELIVERED', [{ ...ORDER_IDENTIFIER, required: true }]),
		ecommerceEvent('ECOMMERCE_ORDER_CANCELLED', [
			{
				key: 'cancel_reason',
				displayName: 'Cancel Reason',
				kind: 'options',
				options: ['customer', 'declined', 'fraud', 'inventory', 'other'].map((value) => ({ name: value[0].toUpperCase() + value.slice(1), value })),
			},
		]),
		ecommerceEvent('ECOMMERCE_ORDER_REFUNDED', [
			ORDER_IDENTIFIER,
			{ ...CURRENCY, required: false },
			{ ...PRICE, required: false, description: 'The amount refunded' },
			LINE_ITEMS,
		]),
	].map((spec) => [spec.type, spec]),
);

/** The types RD's batch endpoint takes, as the node may send them (its list minus the removed legacy events). */
export const BATCHABLE_TYPES = Object.values(EVENT_TYPES)
	.filter((spec) => spec.batchable)
	.map((spec) => spec.type);

export const isBatchable = (eventType: unknown) => EVENT_TYPES[String(eventType)]?.batchable === true;
