import { EVENT_TYPES } from '../../helpers/eventTypes';
import { eventOperation } from '../eventOperations';

/** Order Cancelled: RD's ECOMMERCE_ORDER_CANCELLED event, an order cancelled (OAuth2; RD's e-commerce plans only). */
export const { description, prepare, send, createdId } = eventOperation('ecommerce', 'orderCancelled', EVENT_TYPES.ECOMMERCE_ORDER_CANCELLED);
