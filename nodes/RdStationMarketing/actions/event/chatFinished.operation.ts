import { eventOperation } from '../../helpers/eventOperation';

/** Chat Finished: RD's CHAT_FINISHED event, a chat with the contact finished (OAuth2; batches). */
export const { description, prepare, send, batch, createdId } = eventOperation('event', 'chatFinished', 'CHAT_FINISHED');
