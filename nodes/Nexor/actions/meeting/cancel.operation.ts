import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { meetingChange } from '../../helpers/meetings';
import { meetingIdProperty } from '../common.descriptions';

const properties: INodeProperties[] = [
	meetingIdProperty,
	{ displayName: 'Reason', name: 'reason', type: 'string', default: '', description: 'Why the meeting is cancelled; kept on the meeting' },
];

const displayOptions = { show: { resource: ['meeting'], operation: ['cancel'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * POST /meetings/{id}/cancel. An already cancelled meeting is reported as
 * such (`idempotent: true`, `changed: false`); one its external calendar
 * owns is left alone (`skipped: true` with Nexor's reason), not an error
 * (docs/nexor-api.md §Meetings.Cancel).
 */
export const { prepare, send } = meetingChange({
	action: 'cancel',
	fields: [['reason', 'Reason']],
	what: 'the cancelled meeting ("meeting"), or "skipped"',
});
