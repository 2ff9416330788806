import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import type { Run } from '../../../shared/types';
import { apiRequest } from '../../../shared/transport';
import {
	definedOnly,
	email,
	failItem,
	numberFromText,
	optionalEmail,
	optionalIsoDateTime,
	optionalText,
	optionalUuid,
	parseItemInput,
	requiredText,
} from '../../../shared/validation';
import { idValue } from '../../helpers/ids';
import { meetingAnswer, meetingIn, wasNew } from '../../helpers/meetings';
import { isTimeZone } from '../../helpers/timeZones';
import { nexorApi } from '../../provider';
import { hostLocator, leadByProperties } from '../common.descriptions';

const properties: INodeProperties[] = [
	...leadByProperties('email', 'E.g. the attendee of the calendar event. Nexor refuses the meeting when no lead has it.'),
	{ displayName: 'Title', name: 'title', type: 'string', required: true, default: '' },
	{
		displayName: 'Starts At',
		name: 'startsAt',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'Start of the meeting; a time without an offset is read in the Time Zone below',
	},
	{
		displayName: 'End By',
		name: 'endBy',
		type: 'options',
		options: [
			{ name: 'Duration', value: 'duration' },
			{ name: 'End Time', value: 'endTime' },
		],
		default: 'duration',
	},
	{
		displayName: 'Duration (Minutes)',
		name: 'durationMinutes',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 30,
		displayOptions: { show: { endBy: ['duration'] } },
	},
	{
		displayName: 'Ends At',
		name: 'endsAt',
		type: 'dateTime',
		required: true,
		default: '',
		displayOptions: { show: { endBy: ['endTime'] } },
	},
	{
		displayName: 'Time Zone Name or ID',
		name: 'timeZone',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTimeZones' },
		default: 'UTC',
		description:
			'IANA time zone of the meeting, e.g. America/Santiago. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	hostLocator,
	{
		displayName: 'Calendar Provider',
		name: 'calendarProvider',
		type: 'string',
		default: '',
		placeholder: 'google',
		description:
			'Where the event comes from, e.g. google, calendly or ghl. With the event ID below, sending the same event again updates its meeting instead of creating another.',
	},
	{
		displayName: 'External Event ID',
		name: 'externalEventId',
		type: 'string',
		default: '',
		placeholder: '7kq3v1example',
		description: 'The event’s ID in that calendar: keeps one Nexor meeting per calendar event',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Attendee Email', name: 'attendeeEmail', type: 'string', default: '', description: 'Defaults to the lead’s' },
			{ displayName: 'Attendee Name', name: 'attendeeName', type: 'string', default: '', description: 'Defaults to the lead’s' },
			{ displayName: 'Attendee Phone', name: 'attendeePhone', type: 'string', default: '', description: 'Defaults to the lead’s' },
			{ displayName: 'Description', name: 'description', type: 'string', typeOptions: { rows: 3 }, default: '' },
			{ displayName: 'Location Details', name: 'locationDetails', type: 'string', default: '', description: 'An address, a phone number, a room' },
			{
				displayName: 'Location Type',
				name: 'locationType',
				type: 'options',
				options: [
					{ name: 'In Person', value: 'in_person' },
					{ name: 'Phone', value: 'phone' },
					{ name: 'Video', value: 'video' },
				],
				default: 'video',
			},
			{ displayName: 'Meeting Type ID', name: 'meetingTypeId', type: 'string', default: '', description: 'UUID of a meeting type of your Nexor account' },
			{ displayName: 'Meeting URL', name: 'meetingUrl', type: 'string', default: '', placeholder: 'https://meet.google.com/…' },
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Scheduled', value: 'scheduled' },
					{ name: 'Confirmed', value: 'confirmed' },
				],
				default: 'scheduled',
			},
		],
	},
	{
		displayName: 'Additional Attendees',
		name: 'additionalAttendees',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Attendee',
		default: {},
		options: [
			{
				displayName: 'Attendee',
				name: 'attendee',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Email', name: 'email', type: 'string', default: '', placeholder: 'name@email.com' },
				],
			},
		],
	},
];

const displayOptions = { show: { resource: ['meeting'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

const requiredDateTime = z.preprocess(
	(value) => (value === '' || value === null ? undefined : value),
	optionalIsoDateTime.refine((value) => value !== undefined, 'an ISO 8601 date-time (it is required)'),
);

const meetingSchema = z.object({
	lead_email: optionalEmail,
	lead_id: optionalUuid,
	title: requiredText,
	starts_at: requiredDateTime,
	ends_at: optionalIsoDateTime,
	duration_minutes: z.preprocess(
		numberFromText,
		z
			.number({ invalid_type_error: 'a whole number of minutes' })
			.int('a whole number of minutes')
			.min(1, 'at least 1 minute')
			.max(7 * 24 * 60, 'at most a week (10080 minutes)')
			.optional(),
	),
	timezone: z.string({ invalid_type_error: 'an IANA time zone such as America/Santiago' }).trim().refine(isTimeZone, 'an IANA time zone such as America/Santiago'),
	host_email: optionalEmail,
	external_calendar_provider: optionalText,
	external_event_id: optionalText,
	meeting_url: optionalText,
	location_type: z.enum(['video', 'phone', 'in_person'], { message: '"video", "phone" or "in_person"' }).optional(),
	location_details: optionalText,
	description: optionalText,
	meeting_type_id: optionalUuid,
	attendee_name: optionalText,
	attendee_email: optionalEmail,
	attendee_phone: optionalText,
	additional_attendees: z.array(z.object({ name: optionalText, email })).optional(),
	status: z.enum(['scheduled', 'confirmed'], { message: '"scheduled" or "confirmed"' }).optional(),
});

const labels: Record<string, string> = {
	lead_email: 'Lead Email',
	lead_id: 'Lead ID',
	title: 'Title',
	starts_at: 'Starts At',
	ends_at: 'Ends At',
	duration_minutes: 'Duration (Minutes)',
	timezone: 'Time Zone',
	host_email: 'Host',
	external_calendar_provider: 'Calendar Provider',
	external_event_id: 'External Event ID',
	meeting_url: 'Meeting URL',
	location_type: 'Location Type',
	location_details: 'Location Details',
	description: 'Description',
	meeting_type_id: 'Meeting Type ID',
	attendee_name: 'Attendee Name',
	attendee_email: 'Attendee Email',
	attendee_phone: 'Attendee Phone',
	additional_attendees: 'Additional Attendees',
	status: 'Status',
};

const hasOffset = (text: string) => /(Z|[+-]\d{2}:?\d{2})$/i.test(text);

/** The meeting's request body, checked: nothing is sent for an item that fails here. */
export function prepare(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const node = this.getNode();
	const parameter = (name: string, fallback: unknown = '') => this.getNodeParameter(name, itemIndex, fallback);
	const additional = parameter('additionalFields', {}) as IDataObject;
	const byEmail = parameter('leadBy', 'email') === 'email';
	const byDuration = parameter('endBy', 'duration') === 'duration';
	const attendees = ((parameter('additionalAttendees', {}) as IDataObject).attendee ?? []) as IDataObject[];
	const input = {
		lead_email: byEmail ? parameter('leadEmail') : undefined,
		lead_id: byEmail ? undefined : parameter('leadId'),
		title: parameter('title'),
		starts_at: parameter('startsAt'),
		ends_at: byDuration ? undefined : parameter('endsAt'),
		duration_minutes: byDuration ? parameter('durationMinutes', 30) : undefined,
		timezone: parameter('timeZone', 'UTC') || 'UTC',
		host_email: idValue(this, 'host', itemIndex),
		external_calendar_provider: parameter('calendarProvider'),
		external_event_id: typeof parameter('externalEventId') === 'number' ? String(parameter('externalEventId')) : parameter('externalEventId'),
		meeting_url: additional.meetingUrl,
		location_type: additional.locationType,
		location_details: additional.locationDetails,
		description: additional.description,
		meeting_type_id: additional.meetingTypeId,
		attendee_name: additional.attendeeName,
		attendee_email: additional.attendeeEmail,
		attendee_phone: additional.attendeePhone,
		additional_attendees: attendees.length ? attendees.map((entry) => ({ name: entry.name, email: entry.email })) : undefined,
		status: additional.status,
	};
	const meeting = parseItemInput(node, meetingSchema, input, labels, itemIndex);

	const problems: string[] = [];
	if (byEmail && !meeting.lead_email) problems.push('Lead Email: expected an email address (it is required), got nothing');
	if (!byEmail && !meeting.lead_id) problems.push(`Lead ID: expected a UUID such as 123e4567-e89b-12d3-a456-426614174000 (it is required), got nothing`);
	if (!byDuration && !meeting.ends_at) problems.push('Ends At: expected an ISO 8601 date-time (it is required), got nothing');
	// Compared only when both are read the same way: both with an offset, or both in the meeting's time zone.
	if (meeting.ends_at && hasOffset(meeting.starts_at) === hasOffset(meeting.ends_at) && Date.parse(meeting.ends_at) <= Date.parse(meeting.starts_at)) {
		problems.push(`Ends At: expected a time after Starts At (${meeting.starts_at}), got "${meeting.ends_at}"`);
	}
	if (Boolean(meeting.external_calendar_provider) !== Boolean(meeting.external_event_id)) {
		problems.push(
			meeting.external_event_id
				? 'Calendar Provider: expected the calendar the event comes from (e.g. google), as an External Event ID is given, got nothing'
				: 'External Event ID: expected the event’s ID in that calendar, as a Calendar Provider is given, got nothing',
		);
	}
	if (problems.length) failItem(node, problems, itemIndex);
	return definedOnly(meeting);
}

/**
 * POST /meetings. With a calendar provider and event ID, Nexor updates the
 * meeting it made for that event before instead of creating another
 * (docs/nexor-api.md §Meetings.Create): `isNew` says which, when Nexor's
 * answer tells (null when it does not).
 */
export async function send(this: IExecuteFunctions, body: IDataObject, itemIndex: number, run: Run): Promise<IDataObject> {
	const response = await apiRequest(run, nexorApi, {
		method: 'POST',
		path: '/meetings',
		body,
		itemIndex,
		expect: meetingAnswer('the meeting (a "meeting" with an "id")'),
		explain: (failure) =>
			failure.statusCode === 404 && body.lead_email
				? `Nexor has no lead with email "${String(body.lead_email)}": ${failure.message}. Create the lead first (Lead → Create).`
				: undefined,
	});
	const meeting = meetingIn(response)!;
	return { ...meeting, isNew: wasNew(response, meeting) };
}

export const createdId = (output: IDataObject) => output.id;

