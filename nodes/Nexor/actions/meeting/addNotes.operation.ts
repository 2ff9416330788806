import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import type { Run } from '../../../shared/types';
import { apiRequest } from '../../../shared/transport';
import { definedOnly, failItem, optionalEmail, optionalIsoDateTime, optionalText, optionalUuid, parseItemInput } from '../../../shared/validation';
import { isObject, someObject, withoutEnvelope } from '../../helpers/answers';
import { wasNew } from '../../helpers/meetings';
import { nexorApi } from '../../provider';
import { leadEmailProperty, meetingIdProperty } from '../common.descriptions';

/*
 * Note providers Nexor keeps for its own integrations; an API call naming
 * one is refused, so it is refused here before sending (docs/nexor-api.md
 * §Meetings.Notes).
 */
const RESERVED_PROVIDERS = ['fireflies', 'diio', 'gemini', 'retell'];
const PROVIDER_NAME = /^[a-z0-9_-]{1,64}$/;

const properties: INodeProperties[] = [
	{
		displayName: 'Find Meeting By',
		name: 'meetingBy',
		type: 'options',
		options: [
			{ name: 'Calendar Event', value: 'calendarEvent', description: 'The calendar and event ID the meeting was created with' },
			{ name: 'Lead Email', value: 'leadEmail', description: 'The lead’s meeting at a given time (±60 minutes), or its latest past one' },
			{ name: 'Meeting ID', value: 'meetingId', description: 'Nexor’s ID of the meeting' },
			{ name: 'Meeting URL', value: 'meetingUrl', description: 'The video call link of the meeting' },
		],
		default: 'meetingId',
	},
	{ ...meetingIdProperty, displayOptions: { show: { meetingBy: ['meetingId'] } } },
	{
		displayName: 'Calendar Provider',
		name: 'calendarProvider',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'google',
		displayOptions: { show: { meetingBy: ['calendarEvent'] } },
	},
	{
		displayName: 'External Event ID',
		name: 'externalEventId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { meetingBy: ['calendarEvent'] } },
	},
	{
		displayName: 'Meeting URL',
		name: 'meetingUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://meet.google.com/…',
		displayOptions: { show: { meetingBy: ['meetingUrl'] } },
	},
	{ ...leadEmailProperty, displayOptions: { show: { meetingBy: ['leadEmail'] } } },
	{
		displayName: 'Meeting Date',
		name: 'meetingDate',
		type: 'dateTime',
		default: '',
		displayOptions: { show: { meetingBy: ['leadEmail'] } },
		description: 'When the meeting took place (Nexor looks within 60 minutes of it); empty: the lead’s latest past meeting',
	},
	{
		displayName: 'Notes',
		name: 'notes',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		description: 'At least one of Notes, Summary, Transcript, AI Summary or Action Items is needed',
	},
	{
		displayName: 'Content',
		name: 'content',
		type: 'collection',
		placeholder: 'Add Content',
		default: {},
		options: [
			{
				displayName: 'Action Items',
				name: 'actionItems',
				type: 'string',
				typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Action Item' },
				default: [],
				description: 'One task each; an expression may also give a list',
			},
			{ displayName: 'AI Summary', name: 'aiSummary', type: 'string', typeOptions: { rows: 4 }, default: '', description: 'A summary written by an AI tool of yours' },
			{ displayName: 'Summary', name: 'summary', type: 'string', typeOptions: { rows: 4 }, default: '' },
			{ displayName: 'Transcript', name: 'transcript', type: 'string', typeOptions: { rows: 6 }, default: '' },
		],
	},
	{
		displayName: 'Provider',
		name: 'provider',
		type: 'string',
		default: 'manual',
		description:
			'Where the notes come from: lowercase letters, digits, "_" and "-" (at most 64). Not fireflies, diio, gemini or retell, which Nexor keeps for its own integrations.',
	},
	{
		displayName: 'External Meeting ID',
		name: 'externalMeetingId',
		type: 'string',
		default: '',
		description: 'The notes’ ID in their source: sending the same provider and ID again updates these notes instead of adding others',
	},
];

const displayOptions = { show: { resource: ['meeting'], operation: ['addNotes'] } };

export const description = updateDisplayOptions(displayOptions, properties);

const providerName = z
	.string({ invalid_type_error: 'lowercase letters, digits, "_" or "-"' })
	.trim()
	.refine((name) => PROVIDER_NAME.test(name), 'lowercase letters, digits, "_" or "-" (1 to 64 of them)')
	.refine((name) => !RESERVED_PROVIDERS.includes(name), `a name other than ${RESERVED_PROVIDERS.join(', ')} (Nexor keeps those for its own integrations)`);

const notesSchema = z.object({
	calendar_event_id: optionalUuid,
	external_calendar_provider: optionalText,
	external_calendar_event_id: optionalText,
	meeting_url: optionalText,
	lead_email: optionalEmail,
	meeting_date: optionalIsoDateTime,
	notes: optionalText,
	summary: optionalText,
	transcript_text: optionalText,
	manual_ai_summary: optionalText,
	action_items: z.array(z.string({ invalid_type_error: 'text for every action item' }).trim().min(1, 'text for every action item')).optional(),
	provider: providerName,
	external_meeting_id: optionalText,
});

const labels: Record<string, string> = {
	calendar_event_id: 'Meeting ID',
	external_calendar_provider: 'Calendar Provider',
	external_calendar_event_id: 'External Event ID',
	meeting_url: 'Meeting URL',
	lead_email: 'Lead Email',
	meeting_date: 'Meeting Date',
	notes: 'Notes',
	summary: 'Summary',
	transcript_text: 'Transcript',
	manual_ai_summary: 'AI Summary',
	action_items: 'Action Items',
	provider: 'Provider',
	external_meeting_id: 'External Meeting ID',
};

/** Which body fields find the meeting, by the parameter "Find Meeting By". */
const FINDERS: Record<string, Array<[parameter: string, key: string]>> = {
	meetingId: [['meetingId', 'calendar_event_id']],
	calendarEvent: [
		['calendarProvider', 'external_calendar_provider'],
		['externalEventId', 'external_calendar_event_id'],
	],
	meetingUrl: [['meetingUrl', 'meeting_url']],
	leadEmail: [
		['leadEmail', 'lead_email'],
		['meetingDate', 'meeting_date'],
	],
};

const CONTENT_KEYS = ['notes', 'summary', 'transcript_text', 'manual_ai_summary', 'action_items'];

const asText = (value: unknown) => (typeof value === 'number' ? String(value) : value);

/** The notes' request body, checked: nothing is sent for an item that fails here. */
export function prepare(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const node = this.getNode();
	const parameter = (name: string, fallback: unknown = '') => this.getNodeParameter(name, itemIndex, fallback);
	const by = String(parameter('meetingBy', 'meetingId'));
	const content = parameter('content', {}) as IDataObject;
	const actionItems = content.actionItems;
	const input: Record<string, unknown> = {
		notes: parameter('notes'),
		summary: content.summary,
		transcript_text: content.transcript,
		manual_ai_summary: content.aiSummary,
		action_items: Array.isArray(actionItems) ? (actionItems.length ? actionItems : undefined) : actionItems === '' ? undefined : actionItems,
		provider: parameter('provider', 'manual') || 'manual',
		external_meeting_id: asText(parameter('externalMeetingId')),
	};
	for (const [name, key] of FINDERS[by] ?? FINDERS.meetingId) input[key] = asText(parameter(name));
	const notes = definedOnly(parseItemInput(node, notesSchema, input, labels, itemIndex));

	const problems: string[] = [];
	for (const [name, key] of FINDERS[by] ?? FINDERS.meetingId) {
		if (notes[key] === undefined && name !== 'meetingDate') problems.push(`${labels[key]}: expected a value to find the meeting by (it is required), got nothing`);
	}
	if (!CONTENT_KEYS.some((key) => notes[key] !== undefined)) {
		problems.push('Notes: expected notes, a summary, a transcript, an AI summary or action items (at least one), got none');
	}
	if (problems.length) failItem(node, problems, itemIndex);
	return notes;
}

/** Where an answer to POST /meeting-notes keeps the notes, if it returns them (not documented). */
const notesRecord = (body: IDataObject): IDataObject | undefined =>
	[body.note, body.meeting_note, body.notes, body.data].find((value): value is IDataObject => isObject(value));

/**
 * POST /meeting-notes (docs/nexor-api.md §Meetings.Notes). Its answer is not
 * documented: any object that does not say it failed is taken, passed on
 * whole, with `isNew` when it tells whether the notes were new.
 */
export async function send(this: IExecuteFunctions, body: IDataObject, itemIndex: number, run: Run): Promise<IDataObject> {
	const response = await apiRequest(run, nexorApi, {
		method: 'POST',
		path: '/meeting-notes',
		body,
		itemIndex,
		expect: someObject('an answer about the notes (a JSON object)'),
		explain: (failure) =>
			failure.statusCode === 404 ? `Nexor found no meeting for these notes: ${failure.message}. Check how the meeting is identified (Find Meeting By).` : undefined,
	});
	return { ...withoutEnvelope(response), isNew: wasNew(response, notesRecord(response)) };
}

export const createdId = (output: IDataObject) => notesRecord(output)?.id ?? output.id;
