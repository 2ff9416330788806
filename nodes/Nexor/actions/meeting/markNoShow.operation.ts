import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { meetingChange } from '../../helpers/meetings';
import { meetingIdProperty } from '../common.descriptions';

const properties: INodeProperties[] = [
	meetingIdProperty,
	{ displayName: 'Reason', name: 'reason', type: 'string', default: '', placeholder: 'api_marked', description: 'Nexor records "api_marked" when empty' },
	{ displayName: 'Notes', name: 'notes', type: 'string', typeOptions: { rows: 3 }, default: '', description: 'Kept as the meeting’s outcome notes' },
];

const displayOptions = { show: { resource: ['meeting'], operation: ['markNoShow'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * POST /meetings/{id}/no-show. Marking again is reported as such
 * (`idempotent: true`, `changed: false`: Nexor sends no second webhook); a
 * meeting its external calendar owns comes back `skipped: true`
 * (docs/nexor-api.md §Meetings.NoShow).
 */
export const { prepare, send } = meetingChange({
	action: 'no-show',
	fields: [
		['reason', 'Reason'],
		['notes', 'Notes'],
	],
	what: 'the meeting marked as no-show ("meeting"), or "skipped"',
});
