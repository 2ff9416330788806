import { EVENT_TYPES } from '../../helpers/eventTypes';
import { eventOperation } from '../eventOperations';

/** Cart Abandoned: RD's ECOMMERCE_CART_ABANDONED event, a cart left without buying (OAuth2; RD's e-commerce plans only). */
export const { description, prepare, send, createdId } = eventOperation('ecommerce', 'cartAbandoned', EVENT_TYPES.ECOMMERCE_CART_ABANDONED);
