import { EVENT_TYPES } from '../../helpers/eventTypes';
import { eventOperation } from '../eventOperations';

/** Order Paid: RD's ECOMMERCE_ORDER_PAID event, a payment confirmed (OAuth2; RD's e-commerce plans only). */
export const { description, prepare, send, createdId } = eventOperation('ecommerce', 'orderPaid', EVENT_TYPES.ECOMMERCE_ORDER_PAID);
