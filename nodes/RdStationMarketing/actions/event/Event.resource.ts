import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/types';
import * as callFinished from './callFinished.operation';
import * as chatFinished from './chatFinished.operation';
import * as chatStarted from './chatStarted.operation';
import * as mediaPlaybackStarted from './mediaPlaybackStarted.operation';
import * as mediaPlaybackStopped from './mediaPlaybackStopped.operation';
import * as send from './send.operation';

/*
 * Chat, call and media events, and "Send" for any documented type
 * (docs/rdstation-api.md §Events): what goes on RD's batch list can go in
 * batches, mixed types included.
 */

/** The operations by the `operation` value saved in workflows. */
export const operations: ResourceOperations = {
	callFinished,
	chatFinished,
	chatStarted,
	mediaPlaybackStarted,
	mediaPlaybackStopped,
	send,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['event'] } },
		options: [
			{
				name: 'Call Finished',
				value: 'callFinished',
				action: 'Send a call finished event',
				description: 'Record a phone call with the contact that finished (CALL_FINISHED)',
			},
			{
				name: 'Chat Finished',
				value: 'chatFinished',
				action: 'Send a chat finished event',
				description: 'Record a chat with the contact that finished (CHAT_FINISHED)',
			},
			{
				name: 'Chat Started',
				value: 'chatStarted',
				action: 'Send a chat started event',
				description: 'Record a chat the contact started (CHAT_STARTED)',
			},
			{
				name: 'Media Playback Started',
				value: 'mediaPlaybackStarted',
				action: 'Send a media playback started event',
				description: 'Record that the contact started a video or audio (MEDIA_PLAYBACK_STARTED)',
			},
			{
				name: 'Media Playback Stopped',
				value: 'mediaPlaybackStopped',
				action: 'Send a media playback stopped event',
				description: 'Record that the contact stopped a video or audio (MEDIA_PLAYBACK_STOPPED)',
			},
			{
				name: 'Send',
				value: 'send',
				action: 'Send an event',
				description: 'Send an event of any type RD documents, its payload given whole; the type may differ per item',
			},
		],
		default: 'send',
	},
	...callFinished.description,
	...chatFinished.description,
	...chatStarted.description,
	...mediaPlaybackStarted.description,
	...mediaPlaybackStopped.description,
	...send.description,
];
