import { EVENT_TYPES } from '../../helpers/eventTypes';
import { eventOperation } from '../eventOperations';

/** Chat Finished: RD's CHAT_FINISHED event, a chat with the contact finished (OAuth2; batches). */
export const { description, prepare, send, batch, createdId } = eventOperation('event', 'chatFinished', EVENT_TYPES.CHAT_FINISHED);
