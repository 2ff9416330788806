import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/types';
import * as addNotes from './addNotes.operation';
import * as cancelMeeting from './cancel.operation';
import * as createMeeting from './create.operation';
import * as markNoShow from './markNoShow.operation';

/** The operations by the `operation` value saved in workflows. */
export const operations: ResourceOperations = {
	create: createMeeting,
	cancel: cancelMeeting,
	markNoShow,
	addNotes,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['meeting'] } },
		options: [
			{
				name: 'Add Notes',
				value: 'addNotes',
				action: 'Add notes to a meeting',
				description: 'Add call notes, a summary, a transcript or action items to a meeting',
			},
			{ name: 'Cancel', value: 'cancel', action: 'Cancel a meeting', description: 'Cancel a meeting; an already cancelled one is reported as such' },
			{
				name: 'Create',
				value: 'create',
				action: 'Create a meeting',
				description: 'Book a meeting for a lead; the same calendar event sent again updates its meeting',
			},
			{
				name: 'Mark as No-Show',
				value: 'markNoShow',
				action: 'Mark a meeting as no show',
				description: 'Record that the lead did not attend',
			},
		],
		default: 'create',
	},
	...createMeeting.description,
	...cancelMeeting.description,
	...markNoShow.description,
	...addNotes.description,
];
