import { EVENT_TYPES } from '../../helpers/eventTypes';
import { eventOperation } from '../eventOperations';

/** Order Placed: RD's ECOMMERCE_ORDER_PLACED event, an order closed, before payment (OAuth2; RD's e-commerce plans only). */
export const { description, prepare, send, createdId } = eventOperation('ecommerce', 'orderPlaced', EVENT_TYPES.ECOMMERCE_ORDER_PLACED);
