import { eventOperation } from '../../helpers/eventOperation';

/** Media Playback Stopped: RD's MEDIA_PLAYBACK_STOPPED event, the contact stopped a video or audio (OAuth2; batches). */
export const { description, prepare, send, batch, createdId } = eventOperation('event', 'mediaPlaybackStopped', 'MEDIA_PLAYBACK_STOPPED');
