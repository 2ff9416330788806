/*
 * Meetings on the wire (docs/nexor-api.md §Meetings): Create (lead by email
 * or ID, end or duration, time zone, host; idempotent by calendar provider +
 * event ID, whatever shape the answer takes), Cancel and Mark as No-Show
 * (already done, externally managed), Add Notes (each way of finding the
 * meeting, idempotent by provider + ID, reserved providers refused).
 */
import type { IDataObject } from 'n8n-workflow';

import type { MeetingAnswer } from '../sandbox/nexor';
import { NEXOR_IDS } from '../sandbox/nexor';
import { jsonOf, useTestBed } from '../setup';
import { nexorRequestsSince, picked, runNexor } from './support';

const bed = useTestBed();

const createMeeting = (parameters: IDataObject) => ({
	resource: 'meeting',
	operation: 'create',
	leadBy: 'email',
	leadEmail: 'ana@example.com',
	title: 'Discovery call',
	startsAt: '2026-03-10T15:00:00',
	timeZone: 'America/Santiago',
	...parameters,
});

const meetingsOfEvent = (provider: string, eventId: string) =>
	[...bed.sandbox.stores.nexor.meetings.values()].filter((meeting) => meeting.external_calendar_provider === provider && meeting.external_event_id === eventId);

afterEach(() => {
	bed.sandbox.stores.nexor.meetingAnswer = 'flags';
});

describe('Nexor: Meeting → Create', () => {
	test('by lead email, with a duration, a time zone and a host picked from the team', async () => {
		const { items, error } = await runNexor(
			bed,
			createMeeting({
				durationMinutes: 45,
				host: picked('laura@nexor-sandbox.test'),
				additionalFields: { meetingUrl: 'https://meet.example.com/abc', locationType: 'video', description: 'First talk' },
				additionalAttendees: { attendee: [{ name: 'Partner', email: 'partner@example.com' }] },
			}),
			[{}],
		);
		expect(error).toBeUndefined();
		const sent = bed.sandbox.requests('nexor', 'POST', '/meetings').slice(-1)[0].body;
		expect(sent).toEqual({
			lead_email: 'ana@example.com',
			title: 'Discovery call',
			starts_at: '2026-03-10T15:00:00',
			duration_minutes: 45,
			timezone: 'America/Santiago',
			host_email: 'laura@nexor-sandbox.test',
			meeting_url: 'https://meet.example.com/abc',
			location_type: 'video',
			description: 'First talk',
			additional_attendees: [{ name: 'Partner', email: 'partner@example.com' }],
		});
		expect(items[0].json).toMatchObject({ lead_id: NEXOR_IDS.leadAna, status: 'scheduled', host_email: 'laura@nexor-sandbox.test', duration_minutes: 45, isNew: true });
	});

	test('a duration as text ("45", as an expression or an AI model gives it) is read; "45 min" is refused before sending', async () => {
		const ok = await runNexor(bed, createMeeting({ durationMinutes: '={{ "45" }}' }), [{}]);
		expect(ok.error).toBeUndefined();
		expect(bed.sandbox.requests('nexor', 'POST', '/meetings').slice(-1)[0].body).toMatchObject({ duration_minutes: 45 });
		const mark = bed.sandbox.requests('nexor').length;
		const bad = await runNexor(bed, createMeeting({ durationMinutes: '={{ "45 min" }}' }), [{}]);
		expect(bad.error?.message).toBe('Duration (Minutes): expected a whole number of minutes, got "45 min" [item 0]');
		expect(nexorRequestsSince(bed, mark)).toHaveLength(0);
	});

	test('by lead ID, with an end time; the end must come after the start', async () => {
		const ok = await runNexor(bed, createMeeting({ leadBy: 'id', leadId: NEXOR_IDS.leadBruno, endBy: 'endTime', endsAt: '2026-03-10T16:30:00' }), [{}]);
		expect(ok.items[0].json).toMatchObject({ lead_id: NEXOR_IDS.leadBruno, duration_minutes: 90 });
		expect(bed.sandbox.requests('nexor', 'POST', '/meetings').slice(-1)[0].body).toMatchObject({ lead_id: NEXOR_IDS.leadBruno, ends_at: '2026-03-10T16:30:00' });
		const mark = bed.sandbox.requests('nexor').length;
		const bad = await runNexor(bed, createMeeting({ endBy: 'endTime', endsAt: '2026-03-10T14:00:00' }), [{}]);
		expect(bad.error?.message).toBe('Ends At: expected a time after Starts At (2026-03-10T15:00:00), got "2026-03-10T14:00:00" [item 0]');
		expect(nexorRequestsSince(bed, mark)).toHaveLength(0);
	});

	test.each<[MeetingAnswer, string]>([
		['flags', '{ success, meeting, created }'],
		['bare', 'the meeting itself, updated_at after created_at'],
		['data', '{ success, data, action }'],
	])('the same calendar event sent again updates its meeting, answer %s (%s): one meeting, isNew true then false', async (shape) => {
		bed.sandbox.stores.nexor.meetingAnswer = shape;
		const eventId = `gcal-${shape}`;
		const event = (title: string) => createMeeting({ title, calendarProvider: 'google', externalEventId: '={{ $json.id }}' });
		const first = await runNexor(bed, event('Demo'), [{ id: eventId }]);
		await new Promise((resolve) => setTimeout(resolve, 5));
		const second = await runNexor(bed, event('Demo (moved)'), [{ id: eventId }]);
		expect(first.items[0].json).toMatchObject({ title: 'Demo', isNew: true, external_event_id: eventId });
		expect(second.items[0].json).toMatchObject({ title: 'Demo (moved)', isNew: false, id: first.items[0].json.id });
		expect(meetingsOfEvent('google', eventId)).toHaveLength(1);
	});

	test('an answer that says neither new nor updated gives isNew: null (Nexor did not tell)', async () => {
		bed.sandbox.script({ provider: 'nexor', method: 'POST', path: '/meetings', status: 201, body: { success: true, meeting: { id: 'm-1', title: 'T', starts_at: '2026-03-10T15:00:00Z' } } });
		const { items } = await runNexor(bed, createMeeting({}), [{}]);
		expect(items[0].json).toEqual({ id: 'm-1', title: 'T', starts_at: '2026-03-10T15:00:00Z', isNew: null });
	});

	test.each([
		[{ leadEmail: '={{ $json.email ?? "" }}' }, 'Lead Email: expected an email address (it is required), got nothing [item 0]'],
		[{ leadBy: 'id', leadId: 'ana' }, 'Lead ID: expected a UUID such as 123e4567-e89b-12d3-a456-426614174000, got "ana" [item 0]'],
		[{ startsAt: 'next tuesday' }, 'Starts At: expected an ISO 8601 date-time such as 2026-02-01T15:30:00Z, got "next tuesday" [item 0]'],
		[{ timeZone: 'Mars/Olympus' }, 'Time Zone: expected an IANA time zone such as America/Santiago, got "Mars/Olympus" [item 0]'],
		[{ durationMinutes: 0 }, 'Duration (Minutes): expected at least 1 minute, got 0 [item 0]'],
		[{ externalEventId: 'abc' }, 'Calendar Provider: expected the calendar the event comes from (e.g. google), as an External Event ID is given, got nothing [item 0]'],
		[{ host: picked('={{ "not-an-email" }}', 'email') }, 'Host: expected an email address such as jane@example.com, got "not-an-email" [item 0]'],
	])('bad input %j is refused before sending: %s', async (parameters, message) => {
		const mark = bed.sandbox.requests('nexor').length;
		const { error } = await runNexor(bed, createMeeting(parameters), [{}]);
		expect(error?.message).toBe(message);
		expect(nexorRequestsSince(bed, mark)).toHaveLength(0);
	});

	test('Nexor’s refusals: no lead with that email, a host not in the team', async () => {
		const { items } = await runNexor(bed, createMeeting({ leadEmail: '={{ $json.email }}', host: picked('={{ $json.host }}', 'email') }), [
			{ email: 'stranger@example.com', host: 'laura@nexor-sandbox.test' },
			{ email: 'ana@example.com', host: 'ghost@example.com' },
		], { continueOnFail: true });
		expect(items[0].json).toMatchObject({ httpCode: '404', error: 'Nexor has no lead with email "stranger@example.com": No lead with email stranger@example.com. Create the lead first (Lead → Create).' });
		expect(items[1].json).toMatchObject({ httpCode: '400', error: 'host_email must be an active team user' });
	});
});

describe('Nexor: Meeting → Cancel / Mark as No-Show', () => {
	async function meetingId(extra: IDataObject = {}): Promise<string> {
		const { items, error } = await runNexor(bed, createMeeting(extra), [{}]);
		if (error) throw error;
		return items[0].json.id as string;
	}

	test('cancel, then cancel again: the second says it was already done (idempotent, changed: false)', async () => {
		const id = await meetingId();
		const cancel = () => runNexor(bed, { resource: 'meeting', operation: 'cancel', meetingId: id, reason: 'Lead asked' }, [{}]);
		const first = await cancel();
		expect(first.items[0].json).toMatchObject({ id, status: 'cancelled', cancellation_reason: 'Lead asked', changed: true, idempotent: false, skipped: false });
		expect(bed.sandbox.requests('nexor', 'POST', `/meetings/${id}/cancel`).slice(-1)[0].body).toEqual({ reason: 'Lead asked' });
		const second = await cancel();
		expect(second.items[0].json).toMatchObject({ id, status: 'cancelled', changed: false, idempotent: true });
	});

	test('a meeting its calendar owns is left alone: skipped with Nexor’s reason, not an error', async () => {
		const id = await meetingId({ calendarProvider: 'calendly', externalEventId: 'cal-skip-1' });
		const { items, error } = await runNexor(bed, { resource: 'meeting', operation: 'cancel', meetingId: id }, [{}]);
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({
			id,
			skipped: true,
			changed: false,
			idempotent: false,
			reason: 'managed_externally_inbound_only',
			message: 'This meeting is managed by an external calendar; cancel it there.',
		});
		expect(bed.sandbox.stores.nexor.meetings.get(id)?.status).toBe('scheduled');
	});

	test('no-show with notes, then again: already marked; an unknown meeting is named', async () => {
		const id = await meetingId();
		const mark = (meeting: string) => runNexor(bed, { resource: 'meeting', operation: 'markNoShow', meetingId: meeting, notes: 'Did not join' }, [{}], { continueOnFail: true });
		const first = await mark(id);
		expect(first.items[0].json).toMatchObject({ status: 'no_show', no_show_reason: 'api_marked', outcome_notes: 'Did not join', changed: true, idempotent: false });
		expect((await mark(id)).items[0].json).toMatchObject({ changed: false, idempotent: true });
		const unknown = await mark('00000000-0000-4000-8000-0000000000cc');
		expect(unknown.items[0].json).toMatchObject({ httpCode: '404', error: 'Nexor has no meeting with ID "00000000-0000-4000-8000-0000000000cc" in this account: Meeting not found' });
		const malformed = await mark('meeting-1');
		expect(malformed.items[0].json.error).toBe('Meeting ID: expected a UUID such as 123e4567-e89b-12d3-a456-426614174000, got "meeting-1" [item 0]');
	});
});

describe('Nexor: Meeting → Add Notes', () => {
	let meeting: IDataObject;
	beforeAll(async () => {
		const { items, error } = await runNexor(
			bed,
			createMeeting({ leadEmail: 'bruno@example.com', title: 'Past call', startsAt: '2026-01-15T10:00:00Z', timeZone: 'UTC', calendarProvider: 'google', externalEventId: 'gcal-notes', additionalFields: { meetingUrl: 'https://meet.example.com/notes' } }),
			[{}],
		);
		if (error) throw error;
		meeting = items[0].json;
	});

	const addNotes = (parameters: IDataObject) => ({ resource: 'meeting', operation: 'addNotes', ...parameters });

	test.each([
		['meetingId', () => ({ meetingBy: 'meetingId', meetingId: meeting.id }), () => ({ calendar_event_id: meeting.id })],
		['calendarEvent', () => ({ meetingBy: 'calendarEvent', calendarProvider: 'google', externalEventId: 'gcal-notes' }), () => ({ external_calendar_provider: 'google', external_calendar_event_id: 'gcal-notes' })],
		['meetingUrl', () => ({ meetingBy: 'meetingUrl', meetingUrl: 'https://meet.example.com/notes' }), () => ({ meeting_url: 'https://meet.example.com/notes' })],
		['leadEmail', () => ({ meetingBy: 'leadEmail', leadEmail: 'bruno@example.com', meetingDate: '2026-01-15T10:30:00Z' }), () => ({ lead_email: 'bruno@example.com', meeting_date: '2026-01-15T10:30:00Z' })],
	])('the meeting found by %s', async (_by, parameters, finder) => {
		const { items, error } = await runNexor(bed, addNotes({ ...parameters(), notes: 'Talked budget' }), [{}]);
		expect(error).toBeUndefined();
		expect(bed.sandbox.requests('nexor', 'POST', '/meeting-notes').slice(-1)[0].body).toEqual({ ...finder(), notes: 'Talked budget', provider: 'manual' });
		expect(items[0].json).toMatchObject({ note: { meeting_id: meeting.id, notes: 'Talked budget' }, isNew: true });
	});

	test('the same provider and external meeting ID update the notes instead of adding others', async () => {
		const send = (summary: string) =>
			runNexor(bed, addNotes({ meetingId: meeting.id, provider: 'my_recorder', externalMeetingId: 'rec-77', content: { summary, actionItems: ['Send quote', 'Call back Friday'] } }), [{}]);
		const first = await send('v1');
		const second = await send('v2');
		expect(first.items[0].json).toMatchObject({ isNew: true, note: { summary: 'v1', action_items: ['Send quote', 'Call back Friday'] } });
		expect(second.items[0].json).toMatchObject({ isNew: false, note: { id: (first.items[0].json.note as IDataObject).id, summary: 'v2' } });
		expect([...bed.sandbox.stores.nexor.meetingNotes.values()].filter((note) => note.external_meeting_id === 'rec-77')).toHaveLength(1);
	});

	test.each([
		[{ provider: 'fireflies' }, 'Provider: expected a name other than fireflies, diio, gemini, retell (Nexor keeps those for its own integrations), got "fireflies" [item 0]'],
		[{ provider: 'My Recorder' }, 'Provider: expected lowercase letters, digits, "_" or "-" (1 to 64 of them), got "My Recorder" [item 0]'],
		[{ notes: '' }, 'Notes: expected notes, a summary, a transcript, an AI summary or action items (at least one), got none [item 0]'],
		[{ meetingBy: 'calendarEvent', calendarProvider: 'google', externalEventId: '={{ $json.event ?? "" }}' }, 'External Event ID: expected a value to find the meeting by (it is required), got nothing [item 0]'],
	])('bad input %j is refused before sending: %s', async (parameters, message) => {
		const mark = bed.sandbox.requests('nexor').length;
		const { error } = await runNexor(bed, addNotes({ meetingId: meeting.id, notes: 'x', ...parameters }), [{}]);
		expect(error?.message).toBe(message);
		expect(nexorRequestsSince(bed, mark)).toHaveLength(0);
	});

	test('no meeting found is explained', async () => {
		const { items } = await runNexor(bed, addNotes({ meetingBy: 'meetingUrl', meetingUrl: 'https://meet.example.com/none', notes: 'x' }), [{}], { continueOnFail: true });
		expect(jsonOf(items)[0]).toMatchObject({ httpCode: '404', error: 'Nexor found no meeting for these notes: No meeting matches these notes. Check how the meeting is identified (Find Meeting By).' });
	});
});
