import { eventOperation } from '../../helpers/eventOperation';

/** Order Paid: RD's ECOMMERCE_ORDER_PAID event, a payment confirmed (OAuth2; RD's e-commerce plans only). */
export const { description, prepare, send, createdId } = eventOperation('ecommerce', 'orderPaid', 'ECOMMERCE_ORDER_PAID');
