import { funnelOperation } from '../../helpers/eventOperation';

/** Mark as Opportunity: RD's OPPORTUNITY event (OAuth2). */
export const { description, load, prepare, send, batch, createdId } = funnelOperation('markOpportunity', 'OPPORTUNITY');
