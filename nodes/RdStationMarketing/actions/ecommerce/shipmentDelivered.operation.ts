import { eventOperation } from '../../helpers/eventOperation';

/** Shipment Delivered: RD's ECOMMERCE_SHIPMENT_DELIVERED event, a shipment delivered (OAuth2; RD's e-commerce plans only). */
export const { description, prepare, send, createdId } = eventOperation('ecommerce', 'shipmentDelivered', 'ECOMMERCE_SHIPMENT_DELIVERED');
