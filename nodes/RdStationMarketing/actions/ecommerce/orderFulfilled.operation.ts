import { eventOperation } from '../../helpers/eventOperation';

/** Order Fulfilled: RD's ECOMMERCE_ORDER_FULFILLED event, an order shipped, partly or fully (OAuth2; RD's e-commerce plans only). */
export const { description, prepare, send, createdId } = eventOperation('ecommerce', 'orderFulfilled', 'ECOMMERCE_ORDER_FULFILLED');
