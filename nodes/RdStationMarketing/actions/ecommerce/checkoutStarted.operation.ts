import { EVENT_TYPES } from '../../helpers/eventTypes';
import { eventOperation } from '../eventOperations';

/** Checkout Started: RD's ECOMMERCE_CHECKOUT_STARTED event, a checkout begun (OAuth2; RD's e-commerce plans only). */
export const { description, prepare, send, createdId } = eventOperation('ecommerce', 'checkoutStarted', EVENT_TYPES.ECOMMERCE_CHECKOUT_STARTED);
