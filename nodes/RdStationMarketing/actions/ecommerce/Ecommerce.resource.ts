import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/types';
import * as checkoutStarted from './checkoutStarted.operation';
import * as cartAbandoned from './cartAbandoned.operation';
import * as orderPlaced from './orderPlaced.operation';
import * as orderPaid from './orderPaid.operation';
import * as orderFulfilled from './orderFulfilled.operation';
import * as shipmentDelivered from './shipmentDelivered.operation';
import * as orderCancelled from './orderCancelled.operation';
import * as orderRefunded from './orderRefunded.operation';

/*
 * RD's eight e-commerce events (docs/rdstation-api.md §E-commerce). The
 * legacy ones (ORDER_PLACED, CART_ABANDONED and their _ITEM forms) were
 * removed by RD on 2025-12-31 and are not offered.
 */

/** The operations by the `operation` value saved in workflows. */
export const operations: ResourceOperations = {
	checkoutStarted,
	cartAbandoned,
	orderPlaced,
	orderPaid,
	orderFulfilled,
	shipmentDelivered,
	orderCancelled,
	orderRefunded,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['ecommerce'] } },
		options: [
			{
				name: 'Cart Abandoned',
				value: 'cartAbandoned',
				action: 'Send a cart abandoned event',
				description: 'Record a cart left without buying (ECOMMERCE_CART_ABANDONED)',
			},
			{
				name: 'Checkout Started',
				value: 'checkoutStarted',
				action: 'Send a checkout started event',
				description: 'Record a checkout begun (ECOMMERCE_CHECKOUT_STARTED)',
			},
			{
				name: 'Order Cancelled',
				value: 'orderCancelled',
				action: 'Send an order cancelled event',
				description: 'Record an order cancelled (ECOMMERCE_ORDER_CANCELLED)',
			},
			{
				name: 'Order Fulfilled',
				value: 'orderFulfilled',
				action: 'Send an order fulfilled event',
				description: 'Record an order shipped, partly or fully (ECOMMERCE_ORDER_FULFILLED)',
			},
			{
				name: 'Order Paid',
				value: 'orderPaid',
				action: 'Send an order paid event',
				description: 'Record a payment confirmed (ECOMMERCE_ORDER_PAID)',
			},
			{
				name: 'Order Placed',
				value: 'orderPlaced',
				action: 'Send an order placed event',
				description: 'Record an order closed, before payment (ECOMMERCE_ORDER_PLACED)',
			},
			{
				name: 'Order Refunded',
				value: 'orderRefunded',
				action: 'Send an order refunded event',
				description: 'Record an order refunded, partly or fully (ECOMMERCE_ORDER_REFUNDED)',
			},
			{
				name: 'Shipment Delivered',
				value: 'shipmentDelivered',
				action: 'Send a shipment delivered event',
				description: 'Record a shipment delivered (ECOMMERCE_SHIPMENT_DELIVERED)',
			},
		],
		default: 'orderPaid',
	},
	...checkoutStarted.description,
	...cartAbandoned.description,
	...orderPlaced.description,
	...orderPaid.description,
	...orderFulfilled.description,
	...shipmentDelivered.description,
	...orderCancelled.description,
	...orderRefunded.description,
];
