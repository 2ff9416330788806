import { EVENT_TYPES } from '../../helpers/eventTypes';
import { eventOperation } from '../eventOperations';

/** Call Finished: RD's CALL_FINISHED event, a phone call with the contact finished (OAuth2; batches). */
export const { description, prepare, send, batch, createdId } = eventOperation('event', 'callFinished', EVENT_TYPES.CALL_FINISHED);
