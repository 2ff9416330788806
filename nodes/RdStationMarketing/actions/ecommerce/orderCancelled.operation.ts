import { eventOperation } from '../../helpers/eventOperation';

/** Order Cancelled: RD's ECOMMERCE_ORDER_CANCELLED event, an order cancelled (OAuth2; RD's e-commerce plans only). */
export const { description, prepare, send, createdId } = eventOperation('ecommerce', 'orderCancelled', 'ECOMMERCE_ORDER_CANCELLED');
