import type { EventField } from './eventFields';
import { field, text } from './eventFields';

/*
 * Every event type the node sends, with its payload's fields, each declared
 * once: its name on the wire (`key`), the node parameter it is read from
 * (`name`, saved in workflows), its label and what it takes
 * (docs/rdstation-api.md §Events). The operations' parameters and their
 * checks are both derived from these (actions/common.descriptions.ts
 * `eventFieldProperties`, helpers/eventPayload.ts), so the typed operations
 * and "Event → Send" read and check a payload the same way. The removed
 * legacy e-commerce events (ORDER_PLACED, CART_ABANDONED and their _ITEM
 * forms, gone since 2025-12-31) are not here, so nothing offers or sends them.
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

const EMAIL = field('email', 'email', 'Email', 'email', { required: true, placeholder: 'name@email.com', description: 'Email of the contact' });
const LEGAL_BASES = field('legal_bases', 'legalBases', 'Legal Bases', 'legalBases');
const LINE_ITEMS = field('line_items', 'lineItems', 'Line Items', 'lineItems');

/** A contact's documented text fields, as a conversion takes them. */
export const CONVERSION_TEXT_FIELDS: EventField[] = [
	text('name', 'name', 'Name'),
	text('job_title', 'jobTitle', 'Job Title'),
	text('personal_phone', 'personalPhone', 'Personal Phone'),
	text('mobile_phone', 'mobilePhone', 'Mobile Phone'),
	text('city', 'city', 'City'),
	text('state', 'state', 'State'),
	text('country', 'country', 'Country'),
	text('twitter', 'twitter', 'Twitter'),
	text('facebook', 'facebook', 'Facebook'),
	text('linkedin', 'linkedin', 'LinkedIn'),
	text('website', 'website', 'Website'),
	text('company_name', 'companyName', 'Company Name'),
	text('company_site', 'companySite', 'Company Site'),
	text('company_address', 'companyAddress', 'Company Address'),
	text('client_tracking_id', 'clientTrackingId', 'Client Tracking ID'),
	text('traffic_source', 'trafficSource', 'Traffic Source'),
	text('traffic_medium', 'trafficMedium', 'Traffic Medium'),
	text('traffic_campaign', 'trafficCampaign', 'Traffic Campaign'),
	text('traffic_value', 'trafficValue', 'Traffic Value'),
];

/** The contact's own text fields (those of a conversion that are not about the conversion): what Contact → Create or Update takes. */
export const CONTACT_TEXT_FIELDS = CONVERSION_TEXT_FIELDS.filter((entry) => !entry.key.startsWith('traffic_') && entry.key !== 'client_tracking_id');

const byKey = Object.fromEntries(CONVERSION_TEXT_FIELDS.map((entry) => [entry.key, entry]));
/** Contact fields by payload key, as the conversion documents them. */
const contact = (...keys: string[]) => keys.map((key) => byKey[key]);

/** What a contact's tags take (the same in events and Contact → Create or Update). */
export const TAGS = field('tags', 'tags', 'Tags', 'textList', { description: 'Tags for the contact; an expression may also give a list or comma-separated text' });

const CONVERSION: EventSpec = {
	type: 'CONVERSION',
	batchable: true,
	customFields: true,
	outputKeys: ['conversion_identifier'],
	fields: [
		text('conversion_identifier', 'conversionIdentifier', 'Conversion Identifier', {
			required: true,
			placeholder: 'newsletter-signup',
			description: 'Name of the conversion in RD Station, e.g. the form or campaign it came from',
		}),
		{ ...EMAIL, description: 'Email of the contact who converted' },
		...CONVERSION_TEXT_FIELDS,
		TAGS,
		field('available_for_mailing', 'availableForMailing', 'Available for Mailing', 'boolean', {
			default: true,
			description: 'Whether the contact may receive email marketing',
		}),
		LEGAL_BASES,
	],
};

const FUNNEL_FIELDS: EventField[] = [
	EMAIL,
	text('funnel_name', 'funnelName', 'Funnel Name', {
		required: true,
		default: 'default',
		description: 'The funnel in RD Station; "default" unless your account has others',
	}),
];
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
		text('chat_subject', 'chatSubject', 'Chat Subject', { required: true }),
		text('cf_chat_status', 'cfChatStatus', 'Chat Status', { required: true, description: 'The chat’s status, as your chat tool names it' }),
		text('cf_chat_type', 'cfChatType', 'Chat Type'),
		text('cf_birthdate', 'cfBirthdate', 'Birthdate'),
		text('cf_gender', 'cfGender', 'Gender'),
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
		text('call_from_number', 'callFromNumber', 'Call From Number', { required: true, description: 'The call-tracking number the call came through' }),
		text('call_status', 'callStatus', 'Call Status', { required: true }),
		...contact('name', 'company_name', 'company_site', 'job_title', 'personal_phone'),
		field('call_user_email', 'callUserEmail', 'Call User Email', 'email', { description: 'Email of the user who took the call' }),
		field('call_started_at', 'callStartedAt', 'Call Started At', 'dateTime', { placeholder: '2026-02-01T15:30:00-03:00' }),
		field('call_duration', 'callDuration', 'Call Duration (Seconds)', 'seconds'),
		field('call_type', 'callType', 'Call Type', 'options', { options: [{ name: 'Inbound', value: 'inbound' }, { name: 'Outbound', value: 'outbound' }] }),
		text('call_status_description', 'callStatusDescription', 'Call Status Description'),
		field('call_phone_type', 'callPhoneType', 'Call Phone Type', 'options', {
			options: [
				{ name: 'Commercial', value: 'commercial' },
				{ name: 'Mobile', value: 'mobile' },
			],
		}),
		text('call_carrier', 'callCarrier', 'Call Carrier'),
		field('call_record', 'callRecord', 'Call Recording URL', 'url'),
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
		field('media_type', 'mediaType', 'Media Type', 'options', {
			required: true,
			options: [
				{ name: 'Audio', value: 'audio' },
				{ name: 'Video', value: 'video' },
			],
		}),
		text('media_identifier', 'mediaIdentifier', 'Media Identifier', { required: true, description: 'The video or audio’s own ID' }),
		...contact('name', 'company_name', 'company_site', 'job_title', 'personal_phone', 'mobile_phone', 'twitter', 'facebook', 'linkedin', 'website'),
		field('media_metadata', 'mediaMetadata', 'Media URL', 'url'),
		field('media_recorded_content', 'mediaRecordedContent', 'Recorded Content', 'boolean', { description: 'Whether it was recorded (off: live)' }),
		text('media_category', 'mediaCategory', 'Media Category'),
		field('media_duration', 'mediaDuration', 'Media Duration (Seconds)', 'integer', { min: 0 }),
		field('media_published_date_timestamp', 'mediaPublishedDateTimestamp', 'Published At', 'dateTime', { placeholder: '2026-02-01T15:30:00-03:00' }),
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
	text('identifier', 'ecommerceIdentifier', 'Identifier', { required: true, description: 'The checkout, cart, order or shipment ID in your store' }),
	...contact('name', 'mobile_phone', 'personal_phone'),
	LEGAL_BASES,
];
const CURRENCY = field('currency', 'currency', 'Currency', 'currency', { required: true, placeholder: 'BRL' });
const PRICE = field('price', 'price', 'Price', 'number', { required: true, min: 0, description: 'Total price' });
const totalItems = (min: number) => field('total_items', 'totalItems', 'Total Items', 'integer', { required: true, min });
const ORDER_URL = field('order_url', 'orderUrl', 'Order URL', 'url');
const ORDER_IDENTIFIER = text('order_identifier', 'orderIdentifier', 'Order Identifier', { description: 'The order this event is about' });
const CHECKOUT_URL = field('checkout_url', 'checkoutUrl', 'Checkout URL', 'url');

const ecommerceEvent = (type: string, fields: EventField[]): EventSpec => ({
	type,
	batchable: false,
	customFields: false,
	outputKeys: ['identifier'],
	ecommerce: true,
	fields: [...ECOMMERCE_CONTACT, ...fields],
});

const cartFields = (): EventField[] => [
	{ ...CHECKOUT_URL, required: true },
	CURRENCY,
	PRICE,
	totalItems(1),
	LINE_ITEMS,
];

export const EVENT_TYPES: Record<string, EventSpec> = Object.fromEntries(
	[
		CONVERSION,
		funnelEvent('OPPORTUNITY'),
		funnelEvent('SALE', [field('value', 'value', 'Value', 'number', { required: true, precision: 2, description: 'Value of the sale. Text such as "1500.00" is converted.' })]),
		funnelEvent('OPPORTUNITY_LOST', [text('reason', 'reason', 'Reason', { topLevel: true, description: 'Why the opportunity was lost' })]),
		chatEvent('CHAT_STARTED'),
		chatEvent('CHAT_FINISHED'),
		CALL_FINISHED,
		mediaEvent('MEDIA_PLAYBACK_STARTED'),
		mediaEvent('MEDIA_PLAYBACK_STOPPED'),
		ecommerceEvent('ECOMMERCE_CHECKOUT_STARTED', cartFields()),
		ecommerceEvent('ECOMMERCE_CART_ABANDONED', cartFields()),
		ecommerceEvent('ECOMMERCE_ORDER_PLACED', [CURRENCY, PRICE, totalItems(1), CHECKOUT_URL, ORDER_URL, LINE_ITEMS]),
		ecommerceEvent('ECOMMERCE_ORDER_PAID', [
			CURRENCY,
			PRICE,
			totalItems(0),
			field('shipping_price', 'shippingPrice', 'Shipping Price', 'number', { min: 0 }),
			text('shipping_city', 'shippingCity', 'Shipping City'),
			text('shipping_state', 'shippingState', 'Shipping State'),
			text('shipping_country', 'shippingCountry', 'Shipping Country'),
			ORDER_URL,
			field('payment_methods', 'paymentMethods', 'Payment Methods', 'textList', { max: 5, description: 'Up to 5, e.g. credit_card, pix' }),
			LINE_ITEMS,
		]),
		ecommerceEvent('ECOMMERCE_ORDER_FULFILLED', [
			ORDER_IDENTIFIER,
			text('tracking_company', 'trackingCompany', 'Tracking Company'),
			text('tracking_code', 'trackingCode', 'Tracking Code'),
			field('tracking_url', 'trackingUrl', 'Tracking URL', 'url'),
		]),
		ecommerceEvent('ECOMMERCE_SHIPMENT_DELIVERED', [{ ...ORDER_IDENTIFIER, required: true }]),
		ecommerceEvent('ECOMMERCE_ORDER_CANCELLED', [
			field('cancel_reason', 'cancelReason', 'Cancel Reason', 'options', {
				options: ['customer', 'declined', 'fraud', 'inventory', 'other'].map((value) => ({ name: value[0].toUpperCase() + value.slice(1), value })),
			}),
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
