import { eventOperation } from '../../helpers/eventOperation';

/** Checkout Started: RD's ECOMMERCE_CHECKOUT_STARTED event, a checkout begun (OAuth2; RD's e-commerce plans only). */
export const { description, prepare, send, createdId } = eventOperation('ecommerce', 'checkoutStarted', 'ECOMMERCE_CHECKOUT_STARTED');
