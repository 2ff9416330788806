import { eventOperation } from '../../helpers/eventOperation';

/** Cart Abandoned: RD's ECOMMERCE_CART_ABANDONED event, a cart left without buying (OAuth2; RD's e-commerce plans only). */
export const { description, prepare, send, createdId } = eventOperation('ecommerce', 'cartAbandoned', 'ECOMMERCE_CART_ABANDONED');
