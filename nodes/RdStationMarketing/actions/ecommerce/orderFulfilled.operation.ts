import { EVENT_TYPES } from '../../helpers/eventTypes';
import { eventOperation } from '../eventOperations';

/** Order Fulfilled: RD's ECOMMERCE_ORDER_FULFILLED event, an order shipped, partly or fully (OAuth2; RD's e-commerce plans only). */
export const { description, prepare, send, createdId } = eventOperation('ecommerce', 'orderFulfilled', EVENT_TYPES.ECOMMERCE_ORDER_FULFILLED);
