import { EVENT_TYPES } from '../../helpers/eventTypes';
import { eventOperation } from '../eventOperations';

/** Media Playback Stopped: RD's MEDIA_PLAYBACK_STOPPED event, the contact stopped a video or audio (OAuth2; batches). */
export const { description, prepare, send, batch, createdId } = eventOperation('event', 'mediaPlaybackStopped', EVENT_TYPES.MEDIA_PLAYBACK_STOPPED);
