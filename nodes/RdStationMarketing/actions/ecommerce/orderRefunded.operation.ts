import { eventOperation } from '../../helpers/eventOperation';

/** Order Refunded: RD's ECOMMERCE_ORDER_REFUNDED event, an order refunded, partly or fully (OAuth2; RD's e-commerce plans only). */
export const { description, prepare, send, createdId } = eventOperation('ecommerce', 'orderRefunded', 'ECOMMERCE_ORDER_REFUNDED');
