import { eventOperation } from '../../helpers/eventOperation';

/** Chat Started: RD's CHAT_STARTED event, a chat started with the contact (OAuth2; batches). */
export const { description, prepare, send, batch, createdId } = eventOperation('event', 'chatStarted', 'CHAT_STARTED');
