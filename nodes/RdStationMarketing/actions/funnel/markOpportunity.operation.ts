import { EVENT_TYPES } from '../../helpers/eventTypes';
import { funnelOperation } from '../eventOperations';

/** Mark as Opportunity: RD's OPPORTUNITY event (OAuth2): the contact's email and funnel (fields: helpers/eventTypes.ts). */
export const { description, load, prepare, send, batch, createdId } = funnelOperation('markOpportunity', EVENT_TYPES.OPPORTUNITY);
