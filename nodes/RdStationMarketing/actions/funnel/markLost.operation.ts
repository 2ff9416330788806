import { EVENT_TYPES } from '../../helpers/eventTypes';
import { funnelOperation } from '../eventOperations';

/** Mark as Lost: RD's OPPORTUNITY_LOST event (OAuth2), with a reason (fields: helpers/eventTypes.ts). */
export const { description, load, prepare, send, batch, createdId } = funnelOperation('markLost', EVENT_TYPES.OPPORTUNITY_LOST);
