import { eventOperation } from '../../helpers/eventOperation';

/** Call Finished: RD's CALL_FINISHED event, a phone call with the contact finished (OAuth2; batches). */
export const { description, prepare, send, batch, createdId } = eventOperation('event', 'callFinished', 'CALL_FINISHED');
