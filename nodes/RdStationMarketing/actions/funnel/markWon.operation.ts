import { EVENT_TYPES } from '../../helpers/eventTypes';
import { funnelOperation } from '../eventOperations';

/** Mark as Won: RD's SALE event (OAuth2), with the sale's value (fields: helpers/eventTypes.ts). */
export const { description, load, prepare, send, batch, createdId } = funnelOperation('markWon', EVENT_TYPES.SALE);
