/*
 * RD Station's events beyond conversions and the funnel, on the wire
 * (OAuth2): the eight e-commerce events with their fields and line items,
 * chat, call and media events with their required fields checked before
 * sending, "Event → Send" for any documented type given per item, and
 * batches mixing conversion, funnel, chat and media events — paired per item
 * in order, bisected around a bad one, e-commerce events sent alone.
 */
import type { IDataObject, INodeProperties, INodeType } from 'n8n-workflow';

import { jsonOf, NODE, pairedOf } from '../setup';
import { expectStoppedBetweenBatches, rdNode, useRdTestBed } from './support';

jest.setTimeout(120_000);

const bed = useRdTestBed();
const store = () => bed.store();
const lastEvent = () => bed.sandbox.requests('rdstation', 'POST', '/platform/events').at(-1)!;
const eventsFor = (prefix: string) => store().events.filter((event) => String(event.payload.email).startsWith(prefix));

const LINE_ITEM_ROWS = {
	item: [
		{ productId: 'SKU-1', productTitle: 'Blue mug', price: '29.90', quantity: 2, categories: 'kitchen, mugs', productUrl: 'https://shop.example.com/mug' },
		{ productId: 'SKU-2', productTitle: 'Tea', price: 12, quantity: 1 },
	],
};
const LINE_ITEMS = [
	{ product_id: 'SKU-1', product_title: 'Blue mug', price: 29.9, quantity: 2, categories: ['kitchen', 'mugs'], product_url: 'https://shop.example.com/mug' },
	{ product_id: 'SKU-2', product_title: 'Tea', price: 12, quantity: 1 },
];
const BUYER = { email: 'buyer@example.com', identifier: 'order-1001' };
/** The parameters of BUYER (the identifier's parameter is not "identifier", which Contact uses). */
const BUYER_PARAMETERS = { email: BUYER.email, ecommerceIdentifier: BUYER.identifier };

describe('E-commerce events', () => {
	test.each([
		[
			'checkoutStarted',
			{ checkoutUrl: 'https://shop.example.com/checkout/1001', currency: 'brl', price: '71.80', totalItems: '3', lineItems: LINE_ITEM_ROWS },
			'ECOMMERCE_CHECKOUT_STARTED',
			{ checkout_url: 'https://shop.example.com/checkout/1001', currency: 'BRL', price: 71.8, total_items: 3, line_items: LINE_ITEMS },
		],
		[
			'cartAbandoned',
			{ checkoutUrl: 'https://shop.example.com/cart', currency: 'BRL', price: 12, totalItems: 1, additionalFields: { name: 'Bia', mobilePhone: '+55 11 99999-0000' } },
			'ECOMMERCE_CART_ABANDONED',
			{ checkout_url: 'https://shop.example.com/cart', currency: 'BRL', price: 12, total_items: 1, name: 'Bia', mobile_phone: '+55 11 99999-0000' },
		],
		['orderPlaced', { currency: 'USD', price: 10, totalItems: 1 }, 'ECOMMERCE_ORDER_PLACED', { currency: 'USD', price: 10, total_items: 1 }],
		[
			'orderPaid',
			{
				currency: 'BRL',
				price: 81.8,
				totalItems: 3,
				additionalFields: { shippingPrice: 10, shippingCity: 'Florianópolis', shippingState: 'SC', shippingCountry: 'BR', orderUrl: 'https://shop.example.com/orders/1001', paymentMethods: 'credit_card, pix' },
				lineItemsInput: 'json',
				lineItemsJson: '={{ $json.items }}',
			},
			'ECOMMERCE_ORDER_PAID',
			{
				currency: 'BRL',
				price: 81.8,
				total_items: 3,
				shipping_price: 10,
				shipping_city: 'Florianópolis',
				shipping_state: 'SC',
				shipping_country: 'BR',
				order_url: 'https://shop.example.com/orders/1001',
				payment_methods: ['credit_card', 'pix'],
				line_items: LINE_ITEMS,
			},
		],
		[
			'orderFulfilled',
			{ additionalFields: { orderIdentifier: 'order-1001', trackingCompany: 'Correios', trackingCode: 'BR123', trackingUrl: 'https://track.example.com/BR123' } },
			'ECOMMERCE_ORDER_FULFILLED',
			{ order_identifier: 'order-1001', tracking_company: 'Correios', tracking_code: 'BR123', tracking_url: 'https://track.example.com/BR123' },
		],
		['shipmentDelivered', { orderIdentifier: 'order-1001' }, 'ECOMMERCE_SHIPMENT_DELIVERED', { order_identifier: 'order-1001' }],
		['orderCancelled', { additionalFields: { cancelReason: 'inventory' } }, 'ECOMMERCE_ORDER_CANCELLED', { cancel_reason: 'inventory' }],
		['orderRefunded', { additionalFields: { orderIdentifier: 'order-1001', currency: 'BRL', price: 29.9 } }, 'ECOMMERCE_ORDER_REFUNDED', { order_identifier: 'order-1001', currency: 'BRL', price: 29.9 }],
	])('%s sends %s with its fields', async (operation, parameters, eventType, payload) => {
		const items = [{ items: LINE_ITEMS }];
		const { items: output } = await bed.engine.runNode(rdNode({ resource: 'ecommerce', operation, ...BUYER_PARAMETERS, ...parameters }), items);
		expect(output[0].json).toEqual({ event_uuid: expect.any(String), event_type: eventType, email: BUYER.email, identifier: BUYER.identifier });
		const request = lastEvent();
		expect(request.query).toEqual({ event_type: eventType.toLowerCase() });
		expect(request.body).toEqual({ event_type: eventType, event_family: 'CDP', payload: { ...BUYER, ...payload } });
		expect(request.status).toBe(200);
	});

	test('the editor offers the eight events, says which plan RD needs, and never the removed legacy ones', () => {
		const description = (bed.engine.nodeTypes.getByNameAndVersion(NODE.rdStation) as INodeType).description;
		const operations = description.properties.find((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes('ecommerce'));
		expect(operations?.options?.map((option) => (option as { value: string }).value).sort()).toEqual(
			['cartAbandoned', 'checkoutStarted', 'orderCancelled', 'orderFulfilled', 'orderPaid', 'orderPlaced', 'orderRefunded', 'shipmentDelivered'],
		);
		const notices = description.properties.filter((property: INodeProperties) => property.type === 'notice' && property.displayOptions?.show?.resource?.includes('ecommerce'));
		expect(notices).toHaveLength(8);
		expect(notices[0].displayName).toMatch(/only from accounts on RD Station Marketing for E-commerce \(Pro or Advanced plans\)/);
		const types = description.properties.find((property) => property.name === 'eventType' && property.displayOptions?.show?.operation?.includes('send'));
		const offered = types?.options?.map((option) => (option as { value: string }).value) ?? [];
		expect(offered).toEqual(expect.arrayContaining(['ECOMMERCE_ORDER_PAID', 'CHAT_STARTED', 'CALL_FINISHED', 'MEDIA_PLAYBACK_STOPPED']));
		for (const legacy of ['ORDER_PLACED', 'ORDER_PLACED_ITEM', 'CART_ABANDONED', 'CART_ABANDONED_ITEM']) expect(offered).not.toContain(legacy);
	});

	test('an account without RD’s e-commerce plan: RD’s refusal, and what to check', async () => {
		store().settings.ecommercePlan = false;
		const { items } = await bed.engine.runNode(rdNode({ resource: 'ecommerce', operation: 'shipmentDelivered', ...BUYER_PARAMETERS, orderIdentifier: 'order-1001' }), [{}]);
		expect(items[0].json).toMatchObject({ httpCode: '400' });
		expect(items[0].json.error).toBe(
			'RD Station refused the e-commerce event: $.event_type: Event type not available for this account. (INVALID_OPTION). RD accepts e-commerce events only from accounts on RD Station Marketing for E-commerce (Pro or Advanced).',
		);
	});

	test.each([
		['checkoutStarted', { checkoutUrl: '={{ $json.empty }}', currency: 'BRL', price: 1, totalItems: 1 }, 'Checkout URL: expected an http:// or https:// address (it is required), got "" [item 0]'],
		['checkoutStarted', { checkoutUrl: 'shop.example.com', currency: 'BRL', price: 1, totalItems: 1 }, 'Checkout URL: expected an http:// or https:// address, got "shop.example.com" [item 0]'],
		['orderPlaced', { currency: 'Reais', price: 1, totalItems: 1 }, 'Currency: expected a 3-letter ISO 4217 currency code such as BRL, got "Reais" [item 0]'],
		['orderPlaced', { currency: 'BRL', price: -1, totalItems: 1 }, 'Price: expected a number of at least 0, got -1 [item 0]'],
		['orderPlaced', { currency: 'BRL', price: 1, totalItems: 0 }, 'Total Items: expected a whole number of at least 1, got 0 [item 0]'],
		['orderPaid', { currency: 'BRL', price: 1, totalItems: 0, additionalFields: { paymentMethods: 'a,b,c,d,e,f' } }, 'Payment Methods: expected at most 5 entries, got "a,b,c,d,e,f" [item 0]'],
		['orderPaid', { currency: 'BRL', price: 1, totalItems: 1, lineItems: { item: [{ productId: 'A', productTitle: 'A', price: 1, quantity: 0 }] } }, 'Line Items "0.quantity": expected a whole number of at least 1, got 0 [item 0]'],
		['orderPaid', { currency: 'BRL', price: 1, totalItems: 1, lineItemsInput: 'json', lineItemsJson: '[{"product_id":"A","product_title":"A","price":1,"quantity":1,"colour":"red"}]' }, /^Line Items "0.colour": expected a field RD documents for line items \(product_id, product_title, price, quantity/],
		['orderPaid', { currency: 'BRL', price: 1, totalItems: 1, lineItemsInput: 'json', lineItemsJson: `=${JSON.stringify(Array.from({ length: 21 }, (_, index) => ({ product_id: `P${index}`, product_title: 'P', price: 1, quantity: 1 })))}` }, /^Line Items: expected at most 20 line items/],
		['shipmentDelivered', { orderIdentifier: '={{ $json.empty }}' }, 'Order Identifier: expected a value (it is required), got "" [item 0]'],
	])('%s: refused before sending: %j', async (operation, parameters, message) => {
		const before = bed.sandbox.requests('rdstation', 'POST').length;
		// An empty value comes from the item: n8n itself refuses a required parameter left empty in the editor.
		const { items } = await bed.engine.runNode(rdNode({ resource: 'ecommerce', operation, ...BUYER_PARAMETERS, ...parameters }), [{ empty: '' }]);
		if (typeof message === 'string') expect(items[0].json.error).toBe(message);
		else expect(items[0].json.error).toMatch(message);
		expect(bed.sandbox.requests('rdstation', 'POST').length).toBe(before);
	});
});

describe('Chat, call and media events', () => {
	test.each([
		[
			'chatStarted',
			{ chatSubject: 'Pricing', cfChatStatus: 'open', additionalFields: { cfChatType: 'whatsapp', name: 'Ana' } },
			'CHAT_STARTED',
			{ chat_subject: 'Pricing', cf_chat_status: 'open', cf_chat_type: 'whatsapp', name: 'Ana' },
			{ chat_subject: 'Pricing' },
		],
		['chatFinished', { chatSubject: 'Pricing', cfChatStatus: 'closed' }, 'CHAT_FINISHED', { chat_subject: 'Pricing', cf_chat_status: 'closed' }, { chat_subject: 'Pricing' }],
		[
			'callFinished',
			{ callFromNumber: '+55 48 3000-0000', callStatus: 'answered', additionalFields: { callDuration: 95, callStartedAt: '2026-02-01T15:30:00-03:00', callType: 'inbound', callRecord: 'https://calls.example.com/1.mp3', callUserEmail: 'seller@example.com' } },
			'CALL_FINISHED',
			{ call_from_number: '+55 48 3000-0000', call_status: 'answered', call_duration: '95', call_started_at: '2026-02-01T15:30:00-03:00', call_type: 'inbound', call_record: 'https://calls.example.com/1.mp3', call_user_email: 'seller@example.com' },
			{ call_from_number: '+55 48 3000-0000' },
		],
		[
			'mediaPlaybackStarted',
			{ mediaType: 'video', mediaIdentifier: 'webinar-42', additionalFields: { mediaDuration: '3600', mediaRecordedContent: true, mediaMetadata: 'https://videos.example.com/42' } },
			'MEDIA_PLAYBACK_STARTED',
			{ media_type: 'video', media_identifier: 'webinar-42', media_duration: 3600, media_recorded_content: true, media_metadata: 'https://videos.example.com/42' },
			{ media_identifier: 'webinar-42' },
		],
		['mediaPlaybackStopped', { mediaType: 'audio', mediaIdentifier: 'podcast-7' }, 'MEDIA_PLAYBACK_STOPPED', { media_type: 'audio', media_identifier: 'podcast-7' }, { media_identifier: 'podcast-7' }],
	])('%s sends %s', async (operation, parameters, eventType, payload, identity) => {
		const { items } = await bed.engine.runNode(rdNode({ resource: 'event', operation, email: 'viewer@example.com', ...parameters }), [{}]);
		expect(items[0].json).toEqual({ event_uuid: expect.any(String), event_type: eventType, email: 'viewer@example.com', ...identity });
		expect(lastEvent().body).toEqual({ event_type: eventType, event_family: 'CDP', payload: { email: 'viewer@example.com', ...payload } });
	});

	test.each([
		['chatStarted', { chatSubject: '={{ $json.empty }}', cfChatStatus: 'open' }, 'Chat Subject: expected a value (it is required), got "" [item 0]'],
		['chatStarted', { chatSubject: 'Hi', cfChatStatus: '={{ $json.empty }}' }, 'Chat Status: expected a value (it is required), got "" [item 0]'],
		['callFinished', { callFromNumber: '={{ $json.empty }}', callStatus: 'answered' }, 'Call From Number: expected a value (it is required), got "" [item 0]'],
		['callFinished', { callFromNumber: '1', callStatus: 'ok', additionalFields: { callStartedAt: '2026-02-01 15:30' } }, 'Call Started At: expected an RFC 3339 date-time with its time zone, such as 2026-02-01T15:30:00-03:00, got "2026-02-01 15:30" [item 0]'],
		['callFinished', { callFromNumber: '1', callStatus: 'ok', additionalFields: { callDuration: '1.5' } }, 'Call Duration (Seconds): expected a whole number of seconds such as 95, got "1.5" [item 0]'],
		['mediaPlaybackStarted', { mediaType: 'podcast', mediaIdentifier: 'x' }, 'Media Type: expected one of audio, video, got "podcast" [item 0]'],
		['mediaPlaybackStarted', { mediaType: 'video', mediaIdentifier: '={{ $json.empty }}' }, 'Media Identifier: expected a value (it is required), got "" [item 0]'],
		['mediaPlaybackStopped', { email: 'not-an-email', mediaType: 'video', mediaIdentifier: 'x' }, 'Email: expected an email address such as jane@example.com, got "not-an-email" [item 0]'],
	])('%s: refused before sending: %j', async (operation, parameters, message) => {
		const before = bed.sandbox.requests('rdstation', 'POST').length;
		const { items } = await bed.engine.runNode(rdNode({ resource: 'event', operation, email: 'viewer@example.com', ...parameters }), [{ empty: '' }]);
		expect(items[0].json.error).toBe(message);
		expect(bed.sandbox.requests('rdstation', 'POST').length).toBe(before);
	});
});

/** "Event → Send": each item names its type and gives its payload. */
const sendAny = (parameters: IDataObject = {}) => rdNode({ resource: 'event', operation: 'send', eventType: '={{ $json.type }}', payload: '={{ $json.payload }}', ...parameters });

describe('Event → Send (any documented type, per item)', () => {
	test('refused before sending: a removed legacy type, an unknown type, a field RD does not document for the type, a missing required one', async () => {
		const before = bed.sandbox.requests('rdstation', 'POST').length;
		const { items } = await bed.engine.runNode(sendAny(), [
			{ type: 'ORDER_PLACED', payload: { email: 'a@example.com' } },
			{ type: 'PAGE_VIEW', payload: { email: 'a@example.com' } },
			{ type: 'CHAT_STARTED', payload: { email: 'a@example.com', chat_subject: 'Hi', cf_chat_status: 'open', cf_plan: 'pro' } },
			{ type: 'MEDIA_PLAYBACK_STARTED', payload: { email: 'a@example.com', media_type: 'video' } },
			{ type: 'CONVERSION', payload: '[]' },
		]);
		expect(jsonOf(items).map((json) => json.error)).toEqual([
			expect.stringMatching(/^Event Type: expected one of CONVERSION, .*, got "ORDER_PLACED" \(ORDER_PLACED was removed by RD on 2025-12-31: use the ECOMMERCE_… events\) \[item 0\]$/),
			expect.stringMatching(/^Event Type: expected one of CONVERSION, .*, got "PAGE_VIEW" \[item 1\]$/),
			expect.stringMatching(/^Payload "cf_plan": expected a field RD documents for CHAT_STARTED \(email, chat_subject, cf_chat_status, .*\), got "pro" \[item 2\]$/),
			'Payload "media_identifier": expected a value (it is required), got nothing [item 3]',
			'Payload: expected an object of payload fields, got [] [item 4]',
		]);
		expect(bed.sandbox.requests('rdstation', 'POST').length).toBe(before);
	});

	test('conversions keep their custom fields (cf_…), named as RD requires', async () => {
		const { items } = await bed.engine.runNode(sendAny(), [
			{ type: 'CONVERSION', payload: { email: 'cf@example.com', conversion_identifier: 'demo', cf_plan: 'pro' } },
			{ type: 'CONVERSION', payload: { email: 'cf@example.com', conversion_identifier: 'demo', 'cf_Plan Name': 'pro' } },
		]);
		expect(items[0].json).toMatchObject({ event_type: 'CONVERSION', conversion_identifier: 'demo' });
		expect(items[1].json.error).toBe('Payload "cf_Plan Name": expected a custom field name: "cf_" followed by lowercase letters, digits or "_" (64 characters at most), got "pro" [item 1]');
	});
});

describe('batches mixing event types', () => {
	const batchRequests = () => bed.sandbox.requests('rdstation', 'POST', '/platform/events/batch');
	/** Conversion, funnel, chat, call and media events of one run, in turn. */
	const mixed = (count: number, prefix: string): IDataObject[] =>
		Array.from({ length: count }, (_, index) => {
			const email = `${prefix}${index}@example.com`;
			const kinds: IDataObject[] = [
				{ type: 'CONVERSION', payload: { email, conversion_identifier: 'mixed' } },
				{ type: 'OPPORTUNITY', payload: { email, funnel_name: 'default' } },
				{ type: 'CHAT_STARTED', payload: { email, chat_subject: 'Hello', cf_chat_status: 'open' } },
				{ type: 'MEDIA_PLAYBACK_STARTED', payload: { email, media_type: 'video', media_identifier: 'demo' } },
				{ type: 'SALE', payload: { email, funnel_name: 'default', value: 10 } },
				{ type: 'CALL_FINISHED', payload: { email, call_from_number: '+55 48 3000-0000', call_status: 'answered' } },
			];
			return kinds[index % kinds.length];
		});

	test.each(['rejectBatch', 'acceptGood'] as const)(
		'RD %s: every good event sent once in batches, each output paired to its item in order with its own id and type, the bad one failing alone',
		async (rule) => {
			store().batchRule = rule;
			const prefix = `mixed-${rule}-`;
			const input = mixed(24, prefix);
			// A funnel only RD knows is missing: our checks pass it, RD refuses it.
			(input[13].payload as IDataObject).funnel_name = 'no-such-funnel';
			const before = batchRequests().length;
			const { items } = await bed.engine.runNode(sendAny({ sendInBatches: true }), input);
			expect(pairedOf(items)).toEqual(input.map((_, index) => index));
			const failed = jsonOf(items).flatMap((json, index) => (json.error ? [index] : []));
			expect(failed).toEqual([13]);
			expect(items[13].json.error).toMatch(/funnel_name: Funnel not found\. \(INVALID_OPTION\)/);
			expect(jsonOf(items).map((json) => json.event_type ?? 'failed')).toEqual(input.map((item, index) => (index === 13 ? 'failed' : item.type)));
			expect(jsonOf(items).map((json) => json.email ?? 'failed')).toEqual(input.map((item, index) => (index === 13 ? 'failed' : (item.payload as IDataObject).email)));
			const stored = eventsFor(prefix);
			expect(stored).toHaveLength(23);
			expect(stored.every((event) => event.via === 'batch')).toBe(true);
			// Output i carries the id RD gave to event i.
			const idOf = new Map(stored.map((event) => [`${event.event_type}:${String(event.payload.email)}`, event.event_uuid]));
			expect(jsonOf(items).every((json, index) => index === 13 || idOf.get(`${json.event_type}:${String(json.email)}`) === json.event_uuid)).toBe(true);
			const requests = batchRequests().length - before;
			if (rule === 'acceptGood') expect(requests).toBe(1);
			else expect(requests).toBeGreaterThan(3);
		},
	);

	test('an e-commerce event among them is not on RD’s batch list: it goes alone to /platform/events, its place kept', async () => {
		const input = mixed(4, 'withshop-');
		input.splice(2, 0, { type: 'ECOMMERCE_ORDER_PAID', payload: { email: 'withshop-shop@example.com', identifier: 'order-7', currency: 'BRL', price: 5, total_items: 1 } });
		const before = batchRequests().length;
		const { items } = await bed.engine.runNode(sendAny({ sendInBatches: true }), input);
		expect(jsonOf(items).map((json) => json.event_type)).toEqual(input.map((item) => item.type));
		expect(items[2].json).toMatchObject({ identifier: 'order-7', event_uuid: expect.any(String) });
		const shop = store().events.find((event) => event.payload.identifier === 'order-7');
		expect(shop?.via).toBe('oauth');
		for (const request of batchRequests().slice(before)) {
			expect((request.body as IDataObject[]).map((event) => event.event_type)).not.toContain('ECOMMERCE_ORDER_PAID');
		}
		expect(eventsFor('withshop-').filter((event) => event.via === 'batch')).toHaveLength(4);
	});

	test('Stop between mixed batches: no new batch starts, items never sent say so', async () => {
		const prefix = 'mixedstop-';
		// About 30 KB per event (in the contact's name: funnel events take none), six per batch, one batch per second at this pace.
		const input = mixed(90, prefix)
			.filter((item) => item.type !== 'OPPORTUNITY' && item.type !== 'SALE')
			.map((item) => ({ ...item, payload: { ...(item.payload as IDataObject), name: 'x'.repeat(30_000) } }));
		expect(input).toHaveLength(60);
		const before = batchRequests().length;
		await bed.engine.runNode(sendAny({ sendInBatches: true, requestOptions: { requestsPerMinute: 60 } }), input, {
			stopWhen: () => batchRequests().length - before >= 2,
		});
		expectStoppedBetweenBatches(bed, batchRequests().length - before, 60, eventsFor(prefix).length);
	});

	test('typed chat events in batches; with Skip Items Already Sent a second run sends nothing', async () => {
		const node = rdNode({
			resource: 'event',
			operation: 'chatStarted',
			email: '={{ $json.email }}',
			chatSubject: 'Support',
			cfChatStatus: 'open',
			sendInBatches: true,
			requestOptions: { requestsPerMinute: 0, skipAlreadySent: true },
		});
		const input = Array.from({ length: 30 }, (_, index) => ({ email: `chatskip${index}@example.com` }));
		const first = await bed.engine.runNode(node, input);
		expect(jsonOf(first.items).every((json) => json.event_type === 'CHAT_STARTED')).toBe(true);
		const before = batchRequests().length;
		const second = await bed.engine.runNode(node, input);
		expect(jsonOf(second.items).every((json) => json.skipped === true)).toBe(true);
		expect(batchRequests().length).toBe(before);
		expect(eventsFor('chatskip')).toHaveLength(30);
	});
});
