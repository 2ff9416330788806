import { EVENT_TYPES } from '../../helpers/eventTypes';
import { eventOperation } from '../eventOperations';

/** Media Playback Started: RD's MEDIA_PLAYBACK_STARTED event, the contact started a video or audio (OAuth2; batches). */
export const { description, prepare, send, batch, createdId } = eventOperation('event', 'mediaPlaybackStarted', EVENT_TYPES.MEDIA_PLAYBACK_STARTED);
