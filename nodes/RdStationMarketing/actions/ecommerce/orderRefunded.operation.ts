import { EVENT_TYPES } from '../../helpers/eventTypes';
import { eventOperation } from '../eventOperations';

/** Order Refunded: RD's ECOMMERCE_ORDER_REFUNDED event, an order refunded, partly or fully (OAuth2; RD's e-commerce plans only). */
export const { description, prepare, send, createdId } = eventOperation('ecommerce', 'orderRefunded', EVENT_TYPES.ECOMMERCE_ORDER_REFUNDED);
