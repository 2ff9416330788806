import { EVENT_TYPES } from '../../helpers/eventTypes';
import { eventOperation } from '../eventOperations';

/** Chat Started: RD's CHAT_STARTED event, a chat started with the contact (OAuth2; batches). */
export const { description, prepare, send, batch, createdId } = eventOperation('event', 'chatStarted', EVENT_TYPES.CHAT_STARTED);
