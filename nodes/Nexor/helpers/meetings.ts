import type { IDataObject, IExecuteFunctions, INodePropertyOptions } from 'n8n-workflow';
import { z } from 'zod';

import { apiRequest } from '../../shared/transport';
import type { Expectation, Run } from '../../shared/types';
import { definedOnly, optionalText, parseItemInput } from '../../shared/validation';
import { nexorApi } from '../provider';
import { isObject } from './answers';
import { notFound } from './explain';
import { uuidSegment } from './ids';

/** A meeting's statuses (docs/nexor-api.md §Meetings). */
export const MEETING_STATUSES: INodePropertyOptions[] = [
	{ name: 'Cancelled', value: 'cancelled' },
	{ name: 'Completed', value: 'completed' },
	{ name: 'Confirmed', value: 'confirmed' },
	{ name: 'No-Show', value: 'no_show' },
	{ name: 'Scheduled', value: 'scheduled' },
];

const hasId = (value: unknown): value is IDataObject =>
	isObject(value) && ((typeof value.id === 'string' && value.id !== '') || typeof value.id === 'number');

/*
 * POST /meetings's answer is not documented (docs/nexor-api.md
 * §Meetings.Create). Read: the meeting under "meeting" or "data", or the
 * meeting itself (an object with an id and a start or a status).
 */
export function meetingIn(body: unknown): IDataObject | undefined {
	if (!isObject(body) || body.success === false) return undefined;
	if (hasId(body.meeting)) return body.meeting;
	if (hasId(body.data)) return body.data;
	if (hasId(body) && (body.starts_at !== undefined || body.status !== undefined || body.title !== undefined)) return body;
	return undefined;
}

export const meetingAnswer = (what: string): Expectation => ({ what, accepts: (body) => meetingIn(body) !== undefined });

/**
 * Whether the answer says the record was new, or an existing one updated
 * (the same calendar event sent again). Readings, in order: a flag
 * (`created`; `updated`, `idempotent`, `existed`, `deduplicated`), an
 * `action`/`operation`/`result` of "created" or "updated", then the record's
 * own timestamps: updated after it was created, an earlier record that this
 * request updated; both the same, made by this request. Null when the
 * answer says none of these: Nexor did not tell.
 */
export function wasNew(body: IDataObject, record: IDataObject | undefined): boolean | null {
	if (typeof body.created === 'boolean') return body.created;
	for (const flag of ['updated', 'idempotent', 'existed', 'deduplicated']) if (body[flag] === true) return false;
	for (const key of ['action', 'operation', 'result']) {
		if (body[key] === 'created' || body[key] === 'inserted') return true;
		if (body[key] === 'updated') return false;
	}
	const created = Date.parse(String(record?.created_at ?? ''));
	const updated = Date.parse(String(record?.updated_at ?? ''));
	if (Number.isNaN(created) || Number.isNaN(updated)) return null;
	return updated <= created;
}

/*
 * Cancel and No-Show answer { success, meeting }; an already cancelled (or
 * marked) meeting adds `idempotent: true`; a meeting its external calendar
 * owns is left alone: { success, skipped: true, reason, message }
 * (docs/nexor-api.md §Meetings.Cancel, §Meetings.NoShow).
 */
export const meetingChangeAnswer = (what: string): Expectation => ({
	what,
	accepts: (body) => isObject(body) && body.success !== false && (body.skipped === true || hasId(body.meeting)),
});

/** The item's output for a cancel or no-show: the meeting, and whether anything changed now. */
export function meetingChangeOutput(body: IDataObject, meetingId: string): IDataObject {
	if (body.skipped === true) {
		return { id: meetingId, skipped: true, changed: false, idempotent: false, reason: body.reason ?? null, message: body.message ?? null };
	}
	const idempotent = body.idempotent === true;
	// The same keys of ours either way: the next node reads `skipped`, `reason` and `message` on every item.
	return { ...(body.meeting as IDataObject), skipped: false, changed: !idempotent, idempotent, reason: null, message: null };
}

interface MeetingChange {
	meetingId: string;
	body: IDataObject;
}

/**
 * Cancel and No-Show as one piece of work: the meeting's ID and a few
 * optional texts in, POST /meetings/{id}/<action>, the meeting (or "skipped")
 * out.
 */
export function meetingChange({ action, fields, what }: { action: 'cancel' | 'no-show'; fields: Array<[parameter: string, label: string]>; what: string }) {
	const schema = z.object(Object.fromEntries(fields.map(([parameter]) => [parameter, optionalText])));
	return {
		prepare(this: IExecuteFunctions, itemIndex: number): MeetingChange {
			const meetingId = uuidSegment(this, this.getNodeParameter('meetingId', itemIndex, ''), 'Meeting ID', itemIndex);
			const input = Object.fromEntries(fields.map(([parameter]) => [parameter, this.getNodeParameter(parameter, itemIndex, '')]));
			const body = parseItemInput(this.getNode(), schema, input, Object.fromEntries(fields), itemIndex);
			return { meetingId, body: definedOnly(body) };
		},
		async send(this: IExecuteFunctions, { meetingId, body }: MeetingChange, itemIndex: number, run: Run): Promise<IDataObject> {
			const response = await apiRequest(run, nexorApi, {
				method: 'POST',
				path: `/meetings/${meetingId}/${action}`,
				body,
				itemIndex,
				expect: meetingChangeAnswer(what),
				explain: notFound('meeting', meetingId),
			});
			return meetingChangeOutput(response, decodeURIComponent(meetingId));
		},
	};
}
