import { EVENT_TYPES } from '../../helpers/eventTypes';
import { eventOperation } from '../eventOperations';

/** Shipment Delivered: RD's ECOMMERCE_SHIPMENT_DELIVERED event, a shipment delivered (OAuth2; RD's e-commerce plans only). */
export const { description, prepare, send, createdId } = eventOperation('ecommerce', 'shipmentDelivered', EVENT_TYPES.ECOMMERCE_SHIPMENT_DELIVERED);
