import { randomUUID } from 'node:crypto';

import type { ProviderHandler, SandboxRequest, SandboxResponse } from './types';
import type { SignatureScheme } from './nexorWebhooks';
import { WebhookDispatcher } from './nexorWebhooks';

/*
 * Nexor's public API in memory, as docs/nexor-api.md describes it (the
 * contract the node speaks): leads (one or in bulk, read, update, workflow,
 * status, tags, meetings), tags, team, meetings and their notes, messages,
 * lead routers, conversions, and signed webhook deliveries. Where Nexor's
 * answer is not documented (bulk leads, a created meeting) a switch serves
 * each plausible reading, so that the node is proven against all of them.
 */

export const NEXOR_KEY = 'nxr_live_example_sandbox_7c1d9e4b2a6f';

export const NEXOR_IDS = {
	workflowOutreach: '5f0b6a52-3c1e-4d7a-9b1e-2a7f0c9d1e01',
	workflowNurture: '5f0b6a52-3c1e-4d7a-9b1e-2a7f0c9d1e02',
	campaignSpring: '7a1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c01',
	campaignWebinar: '7a1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c02',
	typeReservation: '123e4567-e89b-12d3-a456-426614174100',
	typeClosedSale: '123e4567-e89b-12d3-a456-426614174101',
	typeInactive: '123e4567-e89b-12d3-a456-426614174199',
	leadAna: '123e4567-e89b-12d3-a456-426614174200',
	leadBruno: '123e4567-e89b-12d3-a456-426614174201',
	workflowRunAna: '123e4567-e89b-12d3-a456-426614174400',
	leadCarla: '123e4567-e89b-12d3-a456-426614174202',
	leadDiego: '123e4567-e89b-12d3-a456-426614174203',
	workflowRunCarla: '123e4567-e89b-12d3-a456-426614174401',
	teamLaura: '2b7c4d1e-0a9f-4c3b-8e2d-6f5a4b3c2d01',
	teamMarco: '2b7c4d1e-0a9f-4c3b-8e2d-6f5a4b3c2d02',
	tagVip: '3c8d5e2f-1b0a-4d4c-9f3e-7a6b5c4d3e01',
	tagWebinar: '3c8d5e2f-1b0a-4d4c-9f3e-7a6b5c4d3e02',
	processorInbound: '4d9e6f3a-2c1b-4e5d-8a4f-8b7c6d5e4f01',
	templateWelcome: '5e0f7a4b-3d2c-4f6e-9b5a-9c8d7e6f5a01',
};

/** Sandbox team members (hosts). */
export const NEXOR_TEAM = [
	{ id: NEXOR_IDS.teamLaura, name: 'Laura Advisor', email: 'laura@nexor-sandbox.test', external_id: 'crm-17' },
	{ id: NEXOR_IDS.teamMarco, name: 'Marco Closer', email: 'marco@nexor-sandbox.test', external_id: null },
];

/** A fixed signing secret `npm start` puts in the sandbox credential (a fixture, not anyone's secret). */
export const NEXOR_WEBHOOK_FIXTURE_SECRET = 'whsec_sandbox_fixture_4f1c9a7e2b6d';

const CORE_LEAD_KEYS = [
	'first_name',
	'last_name',
	'email',
	'phone',
	'workflow_id',
	'campaign_id',
	'force_first_message',
];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface WorkflowStatus {
	id: string;
	key: string;
	label: string;
	category: 'open' | 'won' | 'lost';
}

interface Workflow {
	id: string;
	name: string;
	has_call_steps: boolean;
	statuses: WorkflowStatus[];
}

const statuses = (...entries: Array<[string, string, WorkflowStatus['category']]>): WorkflowStatus[] =>
	entries.map(([key, label, category]) => ({ id: randomUUID(), key, label, category }));

interface ConversionTypeRecord {
	id: string;
	name: string;
	description: string | null;
	category: 'intermediary' | 'final';
	currency: string;
	fields: Array<{ key: string; label: string; type: 'text' | 'number' }>;
	workflow_id: string | null;
	master_workflow_id: string | null;
	created_at: string;
	active: boolean;
}

export interface NexorLead {
	id: string;
	first_name: string;
	last_name: string | null;
	email: string | null;
	phone: string | null;
	source: string;
	company: string | null;
	title: string | null;
	campaign_id: string | null;
	metadata: Record<string, unknown>;
	created_at: string;
	updated_at?: string;
	tag_ids?: string[];
	/** When the lead last wrote on WhatsApp: free text is allowed for 24 hours after. */
	whatsapp_last_inbound_at?: string | null;
}

interface WorkflowRun {
	id: string;
	lead_id: string;
	workflow_id: string;
	force_first_message?: unknown;
	is_active?: boolean;
	status_key?: string;
	paused?: boolean;
}

export interface NexorTag {
	id: string;
	name: string;
	slug: string;
	description: string | null;
	created_at: string;
	updated_at: string;
}

export interface NexorMeeting {
	id: string;
	lead_id: string;
	title: string;
	starts_at: string;
	ends_at: string;
	duration_minutes: number;
	timezone: string;
	status: 'scheduled' | 'confirmed' | 'completed' | 'cancelled' | 'no_show';
	meeting_url: string | null;
	location_type: string;
	location_details: string | null;
	description: string | null;
	host_name: string | null;
	host_email: string | null;
	meeting_type: null;
	attendee_name: string | null;
	attendee_email: string | null;
	attendee_phone: string | null;
	additional_attendees: Array<{ name?: string; email: string }>;
	external_calendar_provider: string | null;
	external_event_id: string | null;
	source: string;
	confirmed_by_lead: boolean;
	cancelled_at: string | null;
	cancellation_reason: string | null;
	no_show_reason: string | null;
	outcome_notes: string | null;
	outcome_at: string | null;
	created_at: string;
	updated_at: string;
}

export interface NexorMeetingNote {
	id: string;
	meeting_id: string;
	provider: string;
	external_meeting_id: string | null;
	notes: string | null;
	summary: string | null;
	transcript_text: string | null;
	manual_ai_summary: string | null;
	action_items: unknown;
	created_at: string;
	updated_at: string;
}

export interface NexorMessage {
	id: string;
	lead_id: string;
	workflow_id: string;
	channel: string;
	body: Record<string, unknown>;
}

interface RoutingRule {
	id: string;
	name: string;
	position: number;
	is_active: boolean;
	conditions: Array<{ field: string; operator: string; value?: unknown }>;
	workflow_id: string;
}

interface Processor {
	id: string;
	name: string;
	description: string | null;
	default_workflow_id: string;
	is_active: boolean;
	rules: RoutingRule[];
}

/**
 * What Nexor's answer to an array of leads looks like: not documented, so the
 * sandbox serves every plausible reading (docs/nexor-api.md §Leads.Bulk).
 */
export type BulkRule =
	/** 200 { success, results: [one single-lead answer or error per lead, in order] } */
	| 'results'
	/** 200 [one entry per lead] */
	| 'bareArray'
	/** 201 { success, created: [leads, with their index], errors: [{ index, error, message }] } */
	| 'createdWithErrors'
	/** 201 { success, leads: [the created leads only] } (matched by e-mail or phone) */
	| 'createdOnly'
	/** 200 { success, created: N, failed: M }: nothing to map items by */
	| 'counts'
	/** 400 for the whole array when any lead is invalid; nothing created */
	| 'rejectBatch';

/** What POST /meetings answers (not documented). */
export type MeetingAnswer =
	/** 201/200 { success, meeting, created } */
	| 'flags'
	/** the meeting itself, with created_at and updated_at */
	| 'bare'
	/** { success, data: meeting, action: "created" | "updated" } */
	| 'data';

export interface NexorConversion {
	id: string;
	conversion_type_id: string;
	lead_id: string;
	workflow_id: string | null;
	master_workflow_id: string | null;
	workflow_run_id: string | null;
	amount: number;
	currency: string;
	metadata: Record<string, unknown>;
	notes: string | null;
	converted_at: string;
	created_at: string;
}

export class NexorStore {
	workflows: Workflow[] = [
		{
			id: NEXOR_IDS.workflowOutreach,
			name: 'Sales Outreach',
			has_call_steps: true,
			statuses: statuses(['new', 'New', 'open'], ['contacted', 'Contacted', 'open'], ['qualified', 'Qualified', 'open'], ['won', 'Won', 'won'], ['lost', 'Lost', 'lost']),
		},
		{
			id: NEXOR_IDS.workflowNurture,
			name: 'WhatsApp Nurture',
			has_call_steps: false,
			statuses: statuses(['new', 'New', 'open'], ['engaged', 'Engaged', 'open'], ['won', 'Won', 'won'], ['lost', 'Lost', 'lost']),
		},
	];

	team = NEXOR_TEAM.map((member) => ({ ...member }));

	tags = new Map<string, NexorTag>();

	meetings = new Map<string, NexorMeeting>();

	meetingNotes = new Map<string, NexorMeetingNote>();

	messages: NexorMessage[] = [];

	processors = new Map<string, Processor>();

	readonly webhooks = new WebhookDispatcher();

	bulkRule: BulkRule = 'results';

	meetingAnswer: MeetingAnswer = 'flags';

	/** Arrays of leads received (how many leads each), for POST /leads and the routers. */
	bulkSizes: number[] = [];

	campaigns = [
		{ id: NEXOR_IDS.campaignSpring, name: 'Spring Launch' },
		{ id: NEXOR_IDS.campaignWebinar, name: 'Webinar 2026' },
	];

	conversionTypes: ConversionTypeRecord[] = [
		{
			id: NEXOR_IDS.typeReservation,
			name: 'Reservation',
			description: 'Unit reserved with a deposit',
			category: 'intermediary',
			currency: 'USD',
			fields: [
				{ key: 'property_unit', label: 'Property Unit', type: 'text' },
				{ key: 'broker', label: 'Broker', type: 'text' },
			],
			workflow_id: NEXOR_IDS.workflowOutreach,
			master_workflow_id: null,
			created_at: '2026-01-10T09:00:00Z',
			active: true,
		},
		{
			id: NEXOR_IDS.typeClosedSale,
			name: 'Closed Sale',
			description: null,
			category: 'final',
			currency: 'CLP',
			fields: [
				{ key: 'property_unit', label: 'Property Unit', type: 'text' },
				{ key: 'commission', label: 'Commission', type: 'number' },
				{ key: 'financing_months', label: 'Financing Months', type: 'number' },
			],
			workflow_id: null,
			master_workflow_id: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b01',
			created_at: '2026-01-11T09:00:00Z',
			active: true,
		},
		{
			id: NEXOR_IDS.typeInactive,
			name: 'Old Signup',
			description: null,
			category: 'intermediary',
			currency: 'USD',
			fields: [],
			workflow_id: null,
			master_workflow_id: null,
			created_at: '2025-06-01T09:00:00Z',
			active: false,
		},
	];

	leads = new Map<string, NexorLead>();

	workflowRuns = new Map<string, WorkflowRun>();

	conversions: NexorConversion[] = [];

	constructor() {
		for (const [id, first_name, email] of [
			[NEXOR_IDS.leadAna, 'Ana', 'ana@example.com'],
			[NEXOR_IDS.leadBruno, 'Bruno', 'bruno@example.com'],
		]) {
			this.leads.set(id, {
				id,
				first_name,
				last_name: null,
				email,
				phone: null,
				source: 'api',
				company: null,
				title: null,
				campaign_id: null,
				metadata: {},
				created_at: '2026-02-01T10:00:00Z',
			});
		}
		this.workflowRuns.set(NEXOR_IDS.workflowRunAna, {
			id: NEXOR_IDS.workflowRunAna,
			lead_id: NEXOR_IDS.leadAna,
			workflow_id: NEXOR_IDS.workflowOutreach,
			is_active: true,
			status_key: 'new',
		});
		// Carla writes on WhatsApp (her 24-hour window is open); Diego has a phone but never wrote, and no e-mail.
		const now = new Date().toISOString();
		for (const [id, first_name, email, phone, inbound] of [
			[NEXOR_IDS.leadCarla, 'Carla', 'carla@example.com', '+56922223333', now],
			[NEXOR_IDS.leadDiego, 'Diego', null, '+56944445555', null],
		] as const) {
			this.leads.set(id, { id, first_name, last_name: null, email, phone, source: 'api', company: null, title: null, campaign_id: null, metadata: {}, created_at: '2026-02-02T10:00:00Z', whatsapp_last_inbound_at: inbound });
		}
		this.workflowRuns.set(NEXOR_IDS.workflowRunCarla, {
			id: NEXOR_IDS.workflowRunCarla,
			lead_id: NEXOR_IDS.leadCarla,
			workflow_id: NEXOR_IDS.workflowNurture,
			is_active: true,
			status_key: 'engaged',
		});
		for (const [id, name, slug] of [
			[NEXOR_IDS.tagVip, 'VIP', 'vip'],
			[NEXOR_IDS.tagWebinar, 'Webinar', 'webinar'],
		]) {
			this.tags.set(id, { id, name, slug, description: null, created_at: '2026-01-05T09:00:00Z', updated_at: '2026-01-05T09:00:00Z' });
		}
		this.processors.set(NEXOR_IDS.processorInbound, {
			id: NEXOR_IDS.processorInbound,
			name: 'Inbound router',
			description: 'Chilean leads to WhatsApp, webinar leads to sales',
			default_workflow_id: NEXOR_IDS.workflowNurture,
			is_active: true,
			rules: [
				{ id: randomUUID(), name: 'Webinar leads to sales', position: 1, is_active: true, conditions: [{ field: 'source', operator: 'eq', value: 'webinar' }], workflow_id: NEXOR_IDS.workflowOutreach },
				{ id: randomUUID(), name: 'Chile by WhatsApp', position: 2, is_active: true, conditions: [{ field: 'metadata.country', operator: 'eq', value: 'CL' }], workflow_id: NEXOR_IDS.workflowNurture },
			],
		});
	}

	/** The lead's active workflow runs. */
	activeRuns(leadId: string): WorkflowRun[] {
		return [...this.workflowRuns.values()].filter((run) => run.lead_id === leadId && run.is_active !== false);
	}

	/** Nexor's dashboard switches a test needs (also PUT /_dashboard/settings). */
	set signatureScheme(scheme: SignatureScheme) {
		this.webhooks.signatureScheme = scheme;
	}
}

const fail = (status: number, error: string, message: string): SandboxResponse => ({
	status,
	body: { error, message },
});
const badRequest = (message: string) => fail(400, 'Bad Request', message);

function isFlatValue(value: unknown): boolean {
	return (
		typeof value === 'string' ||
		typeof value === 'boolean' ||
		(typeof value === 'number' && Number.isFinite(value))
	);
}

/** The lead as the API shows it (the campaign tag is kept but not echoed). */
function publicLead(lead: NexorLead): Omit<NexorLead, 'campaign_id'> {
	const shown: Partial<NexorLead> = { ...lead };
	delete shown.campaign_id;
	delete shown.tag_ids;
	delete shown.whatsapp_last_inbound_at;
	return shown as Omit<NexorLead, 'campaign_id'>;
}

/** POST /leads with one lead (docs/nexor-api.md §Leads.Create); a router adds company, title and source as columns. */
function createLead(store: NexorStore, input: unknown, columns: string[] = []): SandboxResponse {
	if (!input || typeof input !== 'object' || Array.isArray(input)) return badRequest('Body must be a JSON object');
	const body = input as Record<string, unknown>;
	if (typeof body.first_name !== 'string' || body.first_name.trim() === '') {
		return badRequest('first_name is required');
	}
	if (body.email !== undefined && (typeof body.email !== 'string' || !EMAIL.test(body.email))) {
		return badRequest('email must be a valid email address');
	}
	// Any key that is not a core column is moved into metadata; explicit metadata wins.
	const extra: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(body)) {
		if (!CORE_LEAD_KEYS.includes(key) && !columns.includes(key) && key !== 'metadata') extra[key] = value;
	}
	if (body.metadata !== undefined && (typeof body.metadata !== 'object' || body.metadata === null || Array.isArray(body.metadata))) {
		return badRequest('metadata must be an object');
	}
	const metadata = { ...extra, ...((body.metadata as Record<string, unknown>) ?? {}) };
	for (const [key, value] of Object.entries(metadata)) {
		if (!isFlatValue(value)) return badRequest(`metadata.${key} must be a string, number or boolean`);
	}
	let workflow: Workflow | undefined;
	if (body.workflow_id !== undefined) {
		workflow = store.workflows.find((entry) => entry.id === body.workflow_id);
		if (!workflow) return badRequest('workflow_id not found or does not belong to your account');
	}
	if (body.campaign_id !== undefined && !store.campaigns.some((entry) => entry.id === body.campaign_id)) {
		return badRequest('campaign_id not found or does not belong to your account');
	}
	const first = body.force_first_message as Record<string, unknown> | undefined;
	if (first !== undefined) {
		if (!workflow) return badRequest('force_first_message requires workflow_id');
		if (first.channel !== 'whatsapp' && first.channel !== 'email') {
			return badRequest('force_first_message.channel must be "whatsapp" or "email"');
		}
		if (typeof first.content !== 'string' || first.content === '') {
			return badRequest('force_first_message.content is required');
		}
		if (first.channel === 'email' && (typeof first.subject !== 'string' || first.subject === '')) {
			return badRequest('force_first_message.subject is required for the email channel');
		}
		if (first.channel === 'email' && !body.email) {
			return badRequest('force_first_message with channel email requires the lead to have an email');
		}
		if (first.sender_id !== undefined && (typeof first.sender_id !== 'string' || !UUID.test(first.sender_id))) {
			return badRequest('force_first_message.sender_id must be a UUID');
		}
	}
	const lead: NexorLead = {
		id: randomUUID(),
		first_name: body.first_name,
		last_name: (body.last_name as string) ?? null,
		email: (body.email as string) ?? null,
		phone: (body.phone as string) ?? null,
		source: columns.includes('source') && typeof body.source === 'string' ? body.source : 'api',
		company: columns.includes('company') && typeof body.company === 'string' ? body.company : null,
		title: columns.includes('title') && typeof body.title === 'string' ? body.title : null,
		campaign_id: (body.campaign_id as string) ?? null,
		metadata,
		created_at: new Date().toISOString(),
	};
	store.leads.set(lead.id, lead);
	const answer: Record<string, unknown> = { success: true, lead: publicLead(lead) };
	if (workflow) {
		if (workflow.has_call_steps && !lead.phone) {
			// Created, but not assigned: Nexor reports it as a warning, not an error.
			answer.warning = `Lead created but could not be assigned to workflow "${workflow.name}": phone is required for workflows with call steps`;
		} else {
			const run: WorkflowRun = { id: randomUUID(), lead_id: lead.id, workflow_id: workflow.id, force_first_message: first, is_active: true, status_key: workflow.statuses[0].key };
			store.workflowRuns.set(run.id, run);
			answer.workflow_run = {
				id: run.id,
				job_id: `job-${run.id.slice(0, 8)}`,
				workflow: { id: workflow.id, name: workflow.name },
				cadence: {
					stepIndex: 0,
					channel: (first?.channel as string) ?? (workflow.has_call_steps ? 'call' : 'whatsapp'),
					attemptNumber: 1,
					maxAttempts: 3,
					totalSteps: 5,
				},
			};
		}
	}
	return { status: 201, body: answer };
}

function createConversion(store: NexorStore, input: unknown): SandboxResponse {
	const body = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
	if (body.conversion_type_id === undefined || body.lead_id === undefined || body.amount === undefined || body.amount === null) {
		return badRequest('conversion_type_id, lead_id, and amount are required');
	}
	if (typeof body.amount !== 'number' || !Number.isFinite(body.amount)) {
		return badRequest('amount must be a number');
	}
	if (body.currency !== undefined && (typeof body.currency !== 'string' || !/^[A-Z]{3}$/i.test(body.currency))) {
		return badRequest('currency must be a 3-character ISO 4217 code (e.g., "USD", "CLP")');
	}
	const type = store.conversionTypes.find((entry) => entry.id === body.conversion_type_id && entry.active);
	if (!type) return badRequest('conversion_type_id not found, inactive, or does not belong to your account');
	if (typeof body.lead_id !== 'string' || !store.leads.has(body.lead_id)) {
		return badRequest('lead_id not found or does not belong to your account');
	}
	if (body.workflow_run_id !== undefined) {
		const run = store.workflowRuns.get(String(body.workflow_run_id));
		if (!run || run.lead_id !== body.lead_id || (type.workflow_id && run.workflow_id !== type.workflow_id)) {
			return badRequest('workflow_run_id not found or does not match the given workflow_id and lead_id');
		}
	}
	if (body.converted_at !== undefined && (typeof body.converted_at !== 'string' || Number.isNaN(Date.parse(body.converted_at)))) {
		return badRequest('converted_at must be an ISO 8601 date-time');
	}
	if (body.metadata !== undefined && (typeof body.metadata !== 'object' || body.metadata === null || Array.isArray(body.metadata))) {
		return badRequest('metadata must be an object');
	}
	const now = new Date().toISOString();
	const event: NexorConversion = {
		id: randomUUID(),
		conversion_type_id: type.id,
		lead_id: body.lead_id,
		workflow_id: type.workflow_id,
		master_workflow_id: type.master_workflow_id,
		workflow_run_id: (body.workflow_run_id as string) ?? null,
		amount: body.amount,
		currency: ((body.currency as string) ?? type.currency).toUpperCase(),
		metadata: (body.metadata as Record<string, unknown>) ?? {},
		notes: (body.notes as string) ?? null,
		converted_at: (body.converted_at as string) ?? now,
		created_at: now,
	};
	store.conversions.push(event);
	return { status: 201, body: { success: true, conversion_event: event } };
}

function listConversions(store: NexorStore, query: Record<string, string>): SandboxResponse {
	const limit = query.limit === undefined ? 50 : Number(query.limit);
	const offset = query.offset === undefined ? 0 : Number(query.offset);
	if (!Number.isInteger(limit) || limit < 1 || limit > 200) return badRequest('limit must be between 1 and 200');
	if (!Number.isInteger(offset) || offset < 0) return badRequest('offset must be a non-negative integer');
	const filters = ['lead_id', 'workflow_id', 'master_workflow_id', 'workflow_run_id', 'conversion_type_id'];
	const matching = store.conversions
		.filter((event) =>
			filters.every((key) => query[key] === undefined || (event as unknown as Record<string, unknown>)[key] === query[key]),
		)
		.slice()
		.reverse();
	return {
		status: 200,
		body: { success: true, conversion_events: matching.slice(offset, offset + limit), total: matching.length },
	};
}


const notFound = (message: string) => fail(404, 'Not found', message);
const isObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
const now = () => new Date().toISOString();
const omit = <T extends object>(value: T, key: keyof T) => Object.fromEntries(Object.entries(value).filter(([name]) => name !== key));

function isTimeZone(name: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: name });
		return true;
	} catch {
		return false;
	}
}

/* ------------------------------------------------------------------ bulk */

/**
 * POST /leads (or a router) with an array (docs/nexor-api.md §Leads.Bulk):
 * every lead on its own (partial success), answered in the shape of
 * `store.bulkRule`.
 */
function createLeads(store: NexorStore, leads: unknown[], create: (target: NexorStore, lead: unknown) => SandboxResponse): SandboxResponse {
	if (leads.length === 0) return badRequest('At least one lead is required');
	if (leads.length > 1000) return badRequest('At most 1000 leads per request');
	store.bulkSizes.push(leads.length);
	if (store.bulkRule === 'rejectBatch') {
		// Checked on a copy of the store: nothing is created unless every lead is valid.
		const trial = Object.assign(Object.create(Object.getPrototypeOf(store) as object) as NexorStore, store, { leads: new Map(store.leads), workflowRuns: new Map(store.workflowRuns) });
		const problems = leads.map((lead, index) => ({ index, answer: create(trial, lead) })).filter(({ answer }) => answer.status >= 400);
		if (problems.length) {
			return { status: 400, body: { error: 'Bad Request', message: `${problems.length} of ${leads.length} leads are invalid; nothing was created`, errors: problems.map(({ index, answer }) => ({ index, ...(answer.body as object) })) } };
		}
	}
	const results = leads.map((lead) => create(store, lead));
	const entries = results.map((result) => ({ status: result.status, ...(result.body as object) }));
	const created = results
		.map((result, index) => ({ result, index }))
		.filter(({ result }) => result.status < 300)
		.map(({ result, index }) => ({ ...((result.body as { lead: object }).lead), index }));
	const errors = results
		.map((result, index) => ({ result, index }))
		.filter(({ result }) => result.status >= 300)
		.map(({ result, index }) => ({ index, ...(result.body as object) }));
	switch (store.bulkRule) {
		case 'bareArray':
			return { status: 200, body: entries };
		case 'createdWithErrors':
			return { status: 201, body: { success: true, created, errors } };
		case 'createdOnly':
			return { status: 201, body: { success: true, leads: created.map((lead) => omit(lead, 'index')) } };
		case 'counts':
			return { status: 200, body: { success: true, created: created.length, failed: errors.length } };
		default:
			return { status: 200, body: { success: true, results: entries } };
	}
}

/* ----------------------------------------------------------------- leads */

function leadView(store: NexorStore, lead: NexorLead) {
	const campaign = store.campaigns.find((entry) => entry.id === lead.campaign_id) ?? null;
	const [run] = store.activeRuns(lead.id);
	const workflow = run ? store.workflows.find((entry) => entry.id === run.workflow_id) : undefined;
	const status = workflow?.statuses.find((entry) => entry.key === run?.status_key);
	return {
		...publicLead(lead),
		updated_at: lead.updated_at ?? lead.created_at,
		tags: (lead.tag_ids ?? []).map((id) => store.tags.get(id)).filter(Boolean).map((tag) => ({ id: tag!.id, name: tag!.name, slug: tag!.slug })),
		campaign: campaign ? { id: campaign.id, name: campaign.name } : null,
		active_workflow_run:
			run && workflow
				? {
						id: run.id,
						workflow_id: run.workflow_id,
						is_active: true,
						human_takeover: false,
						cadence_state: 'running',
						run_status: 'active',
						workflow: { id: workflow.id, name: workflow.name, goal_type: 'meeting' },
						current_status: status ? { id: status.id, key: status.key, label: status.label, category: status.category } : null,
					}
				: null,
	};
}

const CLEARABLE = ['last_name', 'email', 'phone', 'company', 'title', 'campaign_id'];
const UPDATABLE = ['first_name', 'source', ...CLEARABLE, 'metadata'];

/** PUT/PATCH /leads/{id} (docs/nexor-api.md §Leads.Update): only what is sent changes, null clears, metadata merges shallowly. */
function updateLead(store: NexorStore, lead: NexorLead, input: unknown): SandboxResponse {
	if (!isObject(input)) return badRequest('Body must be a JSON object');
	for (const key of Object.keys(input)) if (!UPDATABLE.includes(key)) return badRequest(`${key} cannot be updated`);
	if ('first_name' in input && !isText(input.first_name)) return badRequest('first_name must be a non-empty string');
	if ('source' in input && !isText(input.source)) return badRequest('source must be a non-empty string');
	for (const key of CLEARABLE) {
		if (key in input && input[key] !== null && typeof input[key] !== 'string') return badRequest(`${key} must be a string or null`);
	}
	if (isText(input.email) && !EMAIL.test(input.email)) return badRequest('email must be a valid email address');
	if (isText(input.campaign_id) && !store.campaigns.some((entry) => entry.id === input.campaign_id)) {
		return badRequest('campaign_id not found or does not belong to your account');
	}
	if ('metadata' in input && !isObject(input.metadata)) return badRequest('metadata must be an object');
	const { metadata, ...fields } = input;
	Object.assign(lead, fields);
	if (isObject(metadata)) lead.metadata = { ...lead.metadata, ...metadata };
	lead.updated_at = now();
	return { status: 200, body: { success: true, lead: leadView(store, lead) } };
}

/** POST /leads/{id}/assign-workflow: camelCase body, 201 with the movement (docs/nexor-api.md §Leads.AssignWorkflow). */
function assignWorkflow(store: NexorStore, lead: NexorLead, input: unknown): SandboxResponse {
	const body = isObject(input) ? input : {};
	if (!isText(body.workflowId)) return badRequest('workflowId is required');
	const workflow = store.workflows.find((entry) => entry.id === body.workflowId);
	if (!workflow) return notFound('Workflow not found or does not belong to your account');
	const previous = store.activeRuns(lead.id);
	for (const run of previous) run.is_active = false;
	const run: WorkflowRun = { id: randomUUID(), lead_id: lead.id, workflow_id: workflow.id, is_active: true, status_key: workflow.statuses[0].key };
	store.workflowRuns.set(run.id, run);
	return {
		status: 201,
		body: { workflowRunId: run.id, workflowId: workflow.id, workflowName: workflow.name, movementType: previous.length ? 'reassignment' : 'enrollment', paused: false },
	};
}

/** POST /leads/{id}/status: a status key of the run's workflow (docs/nexor-api.md §Leads.Status); tells the webhooks. */
function setStatus(store: NexorStore, lead: NexorLead, input: unknown): SandboxResponse {
	const body = isObject(input) ? input : {};
	if (!isText(body.status_key)) return badRequest('status_key is required');
	let runs = store.activeRuns(lead.id);
	if (isText(body.workflow_id)) runs = runs.filter((run) => run.workflow_id === body.workflow_id);
	if (runs.length === 0) return badRequest(isText(body.workflow_id) ? 'The lead has no active run in workflow_id' : 'The lead has no active workflow run');
	if (runs.length > 1) return badRequest('The lead has more than one active workflow run: workflow_id is required');
	const [run] = runs;
	const workflow = store.workflows.find((entry) => entry.id === run.workflow_id)!;
	const to = workflow.statuses.find((status) => status.key === body.status_key);
	if (!to) return badRequest(`status_key "${body.status_key}" is not a status of workflow "${workflow.name}"`);
	const from = workflow.statuses.find((status) => status.key === run.status_key) ?? null;
	const view = (status: WorkflowStatus | null) => (status ? { key: status.key, label: status.label, category: status.category } : null);
	if (from?.key === to.key) {
		return { status: 200, body: { success: true, changed: false, previous_status: view(from), new_status: view(to), workflow_run: { id: run.id, workflow_id: run.workflow_id }, note: 'The lead already has this status' } };
	}
	run.status_key = to.key;
	store.webhooks.emit('workflow_run.status_changed', {
		from_status: view(from),
		to_status: view(to),
		trigger_type: 'api',
		actor_type: 'api_key',
		reason: isText(body.reason) ? body.reason : null,
		lead: { ...publicLead(lead) },
		workflow: { id: workflow.id, name: workflow.name },
		workflow_run: { id: run.id, workflow_id: run.workflow_id },
	});
	return { status: 200, body: { success: true, changed: true, previous_status: view(from), new_status: view(to), workflow_run: { id: run.id, workflow_id: run.workflow_id } } };
}

/* ------------------------------------------------------------------ tags */

const slugOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
const tagView = (tag: NexorTag) => ({ id: tag.id, name: tag.name, slug: tag.slug });

function findOrCreateTag(store: NexorStore, name: string): NexorTag {
	const slug = slugOf(name);
	const existing = [...store.tags.values()].find((tag) => tag.slug === slug);
	if (existing) return existing;
	const tag: NexorTag = { id: randomUUID(), name: name.trim(), slug, description: null, created_at: now(), updated_at: now() };
	store.tags.set(tag.id, tag);
	return tag;
}

/** PUT /leads/tags: the lead's whole set by names (docs/nexor-api.md §Tags). */
function syncTags(store: NexorStore, input: unknown): SandboxResponse {
	const body = isObject(input) ? input : {};
	const lead = isText(body.lead_id)
		? store.leads.get(body.lead_id)
		: isText(body.email)
			? [...store.leads.values()].find((entry) => entry.email?.toLowerCase() === String(body.email).toLowerCase())
			: undefined;
	if (!isText(body.lead_id) && !isText(body.email)) return badRequest('lead_id or email is required');
	if (!Array.isArray(body.tags) || body.tags.some((tag) => !isText(tag))) return badRequest('tags must be an array of tag names');
	if (!lead) return notFound('Lead not found');
	const wanted = (body.tags as string[]).map((name) => findOrCreateTag(store, name).id);
	const before = lead.tag_ids ?? [];
	lead.tag_ids = [...new Set(wanted)];
	return {
		status: 200,
		body: {
			success: true,
			lead_id: lead.id,
			tags: lead.tag_ids.map((id) => tagView(store.tags.get(id)!)),
			added: lead.tag_ids.filter((id) => !before.includes(id)),
			removed: before.filter((id) => !lead.tag_ids!.includes(id)),
		},
	};
}

function addLeadTags(store: NexorStore, lead: NexorLead, input: unknown): SandboxResponse {
	const body = isObject(input) ? input : {};
	if (body.tagId !== undefined && body.tagIds !== undefined) return badRequest('Provide tagId or tagIds, not both');
	const ids = body.tagId !== undefined ? [body.tagId] : body.tagIds;
	if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => !isText(id))) return badRequest('tagId or tagIds is required');
	const missing = (ids as string[]).find((id) => !store.tags.has(id));
	if (missing) return notFound(`Tag ${missing} not found`);
	lead.tag_ids = [...new Set([...(lead.tag_ids ?? []), ...(ids as string[])])];
	return { status: 201, body: { data: lead.tag_ids.map((id) => tagView(store.tags.get(id)!)) } };
}

function tags(store: NexorStore, request: SandboxRequest): SandboxResponse {
	const id = /^\/tags\/([^/]+)$/.exec(request.path)?.[1];
	if (!id && request.method === 'GET') {
		const search = (request.query.search ?? '').toLowerCase();
		return { status: 200, body: { data: [...store.tags.values()].filter((tag) => tag.name.toLowerCase().includes(search)) } };
	}
	if (!id && request.method === 'POST') {
		const body = isObject(request.body) ? request.body : {};
		if (!isText(body.name)) return badRequest('Tag name is required');
		if (!isText(body.slug)) return badRequest('Tag slug is required');
		if ([...store.tags.values()].some((tag) => tag.slug === body.slug)) return fail(409, 'Conflict', 'A tag with this slug already exists');
		const tag: NexorTag = { id: randomUUID(), name: body.name, slug: body.slug, description: isText(body.description) ? body.description : null, created_at: now(), updated_at: now() };
		store.tags.set(tag.id, tag);
		return { status: 201, body: { data: tag } };
	}
	if (id && request.method === 'DELETE') {
		if (!store.tags.delete(decodeURIComponent(id))) return notFound('Tag not found');
		for (const lead of store.leads.values()) lead.tag_ids = (lead.tag_ids ?? []).filter((tagId) => tagId !== decodeURIComponent(id));
		return { status: 200, body: { success: true } };
	}
	return notFound(`No route for ${request.method} ${request.path}`);
}

/* -------------------------------------------------------------- meetings */

const MEETING_STATUSES = ['scheduled', 'confirmed', 'completed', 'cancelled', 'no_show'];

/** What a meeting event's `data` holds (docs/nexor-api.md §Webhooks). */
function meetingEventData(store: NexorStore, meeting: NexorMeeting) {
	const lead = store.leads.get(meeting.lead_id);
	const host = store.team.find((member) => member.email === meeting.host_email);
	const [run] = lead ? store.activeRuns(lead.id) : [];
	const workflow = run ? store.workflows.find((entry) => entry.id === run.workflow_id) : undefined;
	return {
		meeting: { ...meeting },
		lead: lead ? { id: lead.id, first_name: lead.first_name, last_name: lead.last_name, email: lead.email, phone: lead.phone, company: lead.company, source: lead.source } : null,
		host: host ? { id: host.id, first_name: host.name.split(' ')[0], last_name: host.name.split(' ').slice(1).join(' '), email: host.email } : null,
		meeting_type: null,
		workflow: workflow ? { id: workflow.id, name: workflow.name } : null,
	};
}

/** POST /meetings (docs/nexor-api.md §Meetings.Create): the same provider + event ID updates its meeting. */
function createMeeting(store: NexorStore, input: unknown): SandboxResponse {
	if (!isObject(input)) return badRequest('Body must be a JSON object');
	const body = input;
	let lead: NexorLead | undefined;
	if (isText(body.lead_id)) {
		lead = store.leads.get(body.lead_id);
		if (!lead) return notFound('Lead not found');
	} else if (isText(body.lead_email)) {
		const email = body.lead_email.toLowerCase();
		lead = [...store.leads.values()]
			.filter((entry) => entry.email?.toLowerCase() === email)
			.sort((a, b) => (b.updated_at ?? b.created_at).localeCompare(a.updated_at ?? a.created_at))[0];
		if (!lead) return notFound(`No lead with email ${body.lead_email}`);
	} else {
		return badRequest('lead_email or lead_id is required');
	}
	if (!isText(body.title)) return badRequest('title is required');
	if (!isText(body.starts_at) || Number.isNaN(Date.parse(body.starts_at))) return badRequest('starts_at must be an ISO 8601 date-time');
	const timezone = body.timezone === undefined ? 'UTC' : body.timezone;
	if (!isText(timezone) || !isTimeZone(timezone)) return badRequest('timezone must be an IANA time zone');
	let duration: number;
	if (body.duration_minutes !== undefined) {
		if (!Number.isInteger(body.duration_minutes) || (body.duration_minutes as number) < 1) return badRequest('duration_minutes must be a positive integer');
		duration = body.duration_minutes as number;
	} else if (isText(body.ends_at) && !Number.isNaN(Date.parse(body.ends_at))) {
		duration = Math.round((Date.parse(body.ends_at) - Date.parse(body.starts_at)) / 60_000);
		if (duration < 1) return badRequest('ends_at must be after starts_at');
	} else {
		return badRequest('ends_at or duration_minutes is required');
	}
	if (body.location_type !== undefined && !['video', 'phone', 'in_person'].includes(String(body.location_type))) return badRequest('location_type must be video, phone or in_person');
	if (body.status !== undefined && !['scheduled', 'confirmed'].includes(String(body.status))) return badRequest('status must be scheduled or confirmed');
	const host = body.host_email === undefined ? undefined : store.team.find((member) => member.email.toLowerCase() === String(body.host_email).toLowerCase());
	if (body.host_email !== undefined && !host) return badRequest('host_email must be an active team user');
	for (const key of ['attendee_email', 'lead_email']) {
		if (body[key] !== undefined && (!isText(body[key]) || !EMAIL.test(String(body[key])))) return badRequest(`${key} must be a valid email address`);
	}
	const provider = isText(body.external_calendar_provider) ? body.external_calendar_provider : null;
	const eventId = isText(body.external_event_id) ? body.external_event_id : null;
	const existing =
		provider && eventId ? [...store.meetings.values()].find((meeting) => meeting.external_calendar_provider === provider && meeting.external_event_id === eventId) : undefined;
	const startsAt = body.starts_at;
	const fields = {
		lead_id: lead.id,
		title: body.title,
		starts_at: startsAt,
		ends_at: new Date(Date.parse(startsAt) + duration * 60_000).toISOString(),
		duration_minutes: duration,
		timezone,
		meeting_url: isText(body.meeting_url) ? body.meeting_url : null,
		location_type: isText(body.location_type) ? body.location_type : 'video',
		location_details: isText(body.location_details) ? body.location_details : null,
		description: isText(body.description) ? body.description : null,
		host_name: host?.name ?? null,
		host_email: host?.email ?? null,
		attendee_name: isText(body.attendee_name) ? body.attendee_name : [lead.first_name, lead.last_name].filter(Boolean).join(' '),
		attendee_email: isText(body.attendee_email) ? body.attendee_email : lead.email,
		attendee_phone: isText(body.attendee_phone) ? body.attendee_phone : lead.phone,
		additional_attendees: Array.isArray(body.additional_attendees) ? (body.additional_attendees as NexorMeeting['additional_attendees']) : [],
		external_calendar_provider: provider,
		external_event_id: eventId,
	};
	const status = (body.status as NexorMeeting['status'] | undefined) ?? existing?.status ?? 'scheduled';
	let meeting: NexorMeeting;
	if (existing) {
		const becameConfirmed = status === 'confirmed' && existing.status !== 'confirmed';
		Object.assign(existing, fields, { status, updated_at: now() });
		meeting = existing;
		if (becameConfirmed) store.webhooks.emit('meeting.confirmed', meetingEventData(store, meeting));
	} else {
		const created = now();
		meeting = {
			id: randomUUID(),
			...fields,
			status,
			meeting_type: null,
			source: provider ? 'calendar_sync' : 'api',
			confirmed_by_lead: false,
			cancelled_at: null,
			cancellation_reason: null,
			no_show_reason: null,
			outcome_notes: null,
			outcome_at: null,
			created_at: created,
			updated_at: created,
		};
		store.meetings.set(meeting.id, meeting);
		store.webhooks.emit('meeting.scheduled', meetingEventData(store, meeting));
		if (status === 'confirmed') store.webhooks.emit('meeting.confirmed', meetingEventData(store, meeting));
	}
	const statusCode = existing ? 200 : 201;
	if (store.meetingAnswer === 'bare') return { status: statusCode, body: meeting };
	if (store.meetingAnswer === 'data') return { status: statusCode, body: { success: true, data: meeting, action: existing ? 'updated' : 'created' } };
	return { status: statusCode, body: { success: true, meeting, created: !existing } };
}

/** POST /meetings/{id}/cancel and /no-show (docs/nexor-api.md §Meetings.Cancel, §Meetings.NoShow). */
function changeMeeting(store: NexorStore, meeting: NexorMeeting, action: string, input: unknown): SandboxResponse {
	const body = isObject(input) ? input : {};
	const shown = () => ({ id: meeting.id, lead_id: meeting.lead_id, status: meeting.status, cancelled_at: meeting.cancelled_at, cancellation_reason: meeting.cancellation_reason, no_show_reason: meeting.no_show_reason, outcome_at: meeting.outcome_at, outcome_notes: meeting.outcome_notes });
	if (action === 'cancel') {
		// A meeting synced from an external calendar is owned by it: Nexor leaves it alone.
		if (meeting.source === 'calendar_sync') {
			return { status: 200, body: { success: true, skipped: true, reason: 'managed_externally_inbound_only', message: 'This meeting is managed by an external calendar; cancel it there.' } };
		}
		if (meeting.status === 'cancelled') return { status: 200, body: { success: true, meeting: shown(), idempotent: true } };
		Object.assign(meeting, { status: 'cancelled', cancelled_at: now(), cancellation_reason: isText(body.reason) ? body.reason : null, updated_at: now() });
		store.webhooks.emit('meeting.cancelled', meetingEventData(store, meeting));
		return { status: 200, body: { success: true, meeting: shown() } };
	}
	if (meeting.status === 'no_show') return { status: 200, body: { success: true, meeting: shown(), idempotent: true } };
	Object.assign(meeting, { status: 'no_show', no_show_reason: isText(body.reason) ? body.reason : 'api_marked', outcome_notes: isText(body.notes) ? body.notes : meeting.outcome_notes, outcome_at: now(), updated_at: now() });
	store.webhooks.emit('meeting.no_show', meetingEventData(store, meeting));
	return { status: 200, body: { success: true, meeting: shown() } };
}

const RESERVED_NOTE_PROVIDERS = ['fireflies', 'diio', 'gemini', 'retell'];
const NOTE_CONTENT = ['notes', 'transcript_text', 'summary', 'manual_ai_summary', 'action_items'];

/** POST /meeting-notes (docs/nexor-api.md §Meetings.Notes): the meeting found in the documented order. */
function meetingNotes(store: NexorStore, input: unknown): SandboxResponse {
	const body = isObject(input) ? input : {};
	const provider = body.provider === undefined ? 'manual' : body.provider;
	if (typeof provider !== 'string' || !/^[a-z0-9_-]{1,64}$/.test(provider)) return badRequest('provider must match ^[a-z0-9_-]{1,64}$');
	if (RESERVED_NOTE_PROVIDERS.includes(provider)) return badRequest(`provider "${provider}" is reserved`);
	if (!NOTE_CONTENT.some((key) => body[key] !== undefined && body[key] !== '')) return badRequest(`One of ${NOTE_CONTENT.join(', ')} is required`);
	const meetings = [...store.meetings.values()];
	const leadMeetings = (email: string) =>
		meetings.filter((meeting) => store.leads.get(meeting.lead_id)?.email?.toLowerCase() === email.toLowerCase()).sort((a, b) => b.starts_at.localeCompare(a.starts_at));
	let meeting: NexorMeeting | undefined;
	if (isText(body.calendar_event_id)) meeting = store.meetings.get(body.calendar_event_id);
	else if (isText(body.external_calendar_provider) && isText(body.external_calendar_event_id)) {
		meeting = meetings.find((entry) => entry.external_calendar_provider === body.external_calendar_provider && entry.external_event_id === body.external_calendar_event_id);
	} else if (isText(body.meeting_url)) meeting = meetings.find((entry) => entry.meeting_url === body.meeting_url);
	else if (isText(body.lead_email) && isText(body.meeting_date)) {
		const at = Date.parse(body.meeting_date);
		meeting = leadMeetings(body.lead_email).find((entry) => Math.abs(Date.parse(entry.starts_at) - at) <= 60 * 60_000);
	} else if (isText(body.lead_email)) meeting = leadMeetings(body.lead_email).find((entry) => Date.parse(entry.starts_at) <= Date.now());
	if (!meeting) return notFound('No meeting matches these notes');
	const externalId = isText(body.external_meeting_id) ? body.external_meeting_id : null;
	const existing = externalId ? [...store.meetingNotes.values()].find((note) => note.provider === provider && note.external_meeting_id === externalId) : undefined;
	const content = Object.fromEntries(NOTE_CONTENT.map((key) => [key, body[key] ?? existing?.[key as keyof NexorMeetingNote] ?? null]));
	if (existing) {
		Object.assign(existing, content, { meeting_id: meeting.id, updated_at: now() });
		return { status: 200, body: { success: true, note: existing, created: false } };
	}
	const note = { id: randomUUID(), meeting_id: meeting.id, provider, external_meeting_id: externalId, ...content, created_at: now(), updated_at: now() } as NexorMeetingNote;
	store.meetingNotes.set(note.id, note);
	return { status: 201, body: { success: true, note, created: true } };
}

/* -------------------------------------------------------------- messages */

/** POST /messages (docs/nexor-api.md §Messages): refused when the lead cannot receive it. */
function sendMessage(store: NexorStore, input: unknown): SandboxResponse {
	const body = isObject(input) ? input : {};
	if (!isText(body.lead_id) || !UUID.test(body.lead_id)) return badRequest('lead_id is required');
	if (!isText(body.workflow_id) || !UUID.test(body.workflow_id)) return badRequest('workflow_id is required');
	if (!['whatsapp', 'email', 'call'].includes(String(body.channel))) return badRequest('channel must be whatsapp, email or call');
	const lead = store.leads.get(body.lead_id);
	if (!lead) return notFound('Lead not found');
	if (!store.workflows.some((workflow) => workflow.id === body.workflow_id)) return notFound('Workflow not found');
	const record = (answer: Record<string, unknown>): SandboxResponse => {
		store.messages.push({ id: randomUUID(), lead_id: lead.id, workflow_id: String(body.workflow_id), channel: String(body.channel), body });
		return { status: 200, body: { success: true, channel: body.channel, ...answer } };
	};
	if (body.channel === 'email') {
		if (!lead.email) return fail(422, 'LEAD_MISSING_EMAIL', 'Lead has no email address');
		if (!isText(body.content) && !isText(body.html)) return badRequest('content or html is required for email');
		return record({ message_id: randomUUID(), activity_id: randomUUID() });
	}
	if (!lead.phone) return fail(422, 'LEAD_MISSING_PHONE', 'Lead has no phone number');
	if (body.channel === 'call') return record({ call_id: `call_${randomUUID().slice(0, 12)}`, call_status: 'registered' });
	if (isText(body.template_id)) {
		if (body.template_id !== NEXOR_IDS.templateWelcome) return notFound('Template not found');
		if (body.components !== undefined && !Array.isArray(body.components)) return badRequest('components must be an array');
		return record({ type: 'template', message_id: randomUUID(), provider_message_id: `wamid.${randomUUID().replace(/-/g, '')}` });
	}
	if (!isText(body.content)) return badRequest('content or template_id is required for whatsapp');
	const inbound = lead.whatsapp_last_inbound_at ? Date.parse(lead.whatsapp_last_inbound_at) : NaN;
	if (Number.isNaN(inbound) || Date.now() - inbound > 24 * 60 * 60_000) {
		return fail(422, 'WHATSAPP_WINDOW_CLOSED', 'Outside the 24-hour WhatsApp window: free-form messages need a recent reply from the lead; use a template');
	}
	return record({ type: 'text', message_id: randomUUID(), provider_message_id: `wamid.${randomUUID().replace(/-/g, '')}` });
}

/* ------------------------------------------------------------ processors */

function fieldValue(lead: Record<string, unknown>, field: string): unknown {
	if (field.startsWith('metadata.')) return (lead.metadata as Record<string, unknown> | undefined)?.[field.slice('metadata.'.length)];
	return lead[field];
}

function matchesRule(lead: Record<string, unknown>, rule: RoutingRule): boolean {
	return rule.conditions.every(({ field, operator, value }) => {
		const actual = fieldValue(lead, field);
		switch (operator) {
			case 'eq':
				return actual === value;
			case 'neq':
				return actual !== value;
			case 'contains':
				return typeof actual === 'string' && actual.includes(String(value));
			case 'in':
				return Array.isArray(value) && value.includes(actual);
			case 'exists':
				return actual !== undefined && actual !== null && actual !== '';
			default:
				return false;
		}
	});
}

/** POST /processors/{id}/leads: the first matching rule picks each lead's workflow, else the default (docs/nexor-api.md §Processors). */
function routeLeads(store: NexorStore, processor: Processor, input: unknown): SandboxResponse {
	const route = (target: NexorStore, lead: unknown): SandboxResponse => {
		if (!isObject(lead)) return badRequest('Each lead must be a JSON object');
		if (lead.workflow_id !== undefined) return badRequest('workflow_id is not accepted: the processor chooses the workflow');
		const rule = processor.rules
			.filter((entry) => entry.is_active)
			.sort((a, b) => a.position - b.position)
			.find((entry) => matchesRule({ ...lead, source: lead.source ?? 'api' }, entry));
		const workflowId = rule?.workflow_id ?? processor.default_workflow_id;
		const created = createLead(target, { ...lead, workflow_id: workflowId }, ['company', 'title', 'source']);
		if (created.status >= 300) return created;
		return { ...created, body: { ...(created.body as object), routing: { processor_id: processor.id, rule_id: rule?.id ?? null, rule_name: rule?.name ?? null, workflow_id: workflowId } } };
	};
	return Array.isArray(input) ? createLeads(store, input, route) : route(store, input);
}

/* ------------------------------------------------------------- dashboard */

/**
 * What a user does in Nexor's dashboard, which has no API: webhooks
 * (Settings → Integrations → Webhooks), test deliveries, events a test
 * needs (a meeting completed), and the sandbox's switches. No API key.
 */
function dashboard(store: NexorStore, request: SandboxRequest): SandboxResponse {
	const { method, path } = request;
	const body = isObject(request.body) ? request.body : {};
	const hooks = store.webhooks;
	if (method === 'POST' && path === '/_dashboard/webhooks') {
		if (!isText(body.url) || !/^https?:\/\//.test(body.url)) return badRequest('url must be an http(s) address');
		const events = Array.isArray(body.events) ? body.events.map(String) : [];
		const webhook = hooks.register({ url: body.url, events, name: isText(body.name) ? body.name : undefined, signing_secret: isText(body.signing_secret) ? body.signing_secret : undefined });
		return { status: 201, body: webhook };
	}
	if (method === 'GET' && path === '/_dashboard/webhooks') {
		return { status: 200, body: { webhooks: [...hooks.webhooks.values()].map((webhook) => omit(webhook, 'signing_secret')) } };
	}
	const webhookPath = /^\/_dashboard\/webhooks\/([^/]+)(\/test)?$/.exec(path);
	if (webhookPath) {
		const webhook = hooks.webhooks.get(webhookPath[1]);
		if (!webhook) return notFound('Webhook not found');
		if (method === 'DELETE' && !webhookPath[2]) {
			hooks.webhooks.delete(webhook.id);
			return { status: 200, body: { success: true } };
		}
		if (method === 'POST' && webhookPath[2]) {
			const [meeting] = store.meetings.values();
			const data = meeting ? meetingEventData(store, meeting) : { meeting: { id: randomUUID(), title: 'Test meeting', status: 'scheduled' }, lead: null };
			const eventType = webhook.events[0] ?? 'meeting.scheduled';
			return { status: 202, body: { event_id: hooks.emit(eventType, data, { test: true, only: webhook.id }) } };
		}
	}
	if (method === 'POST' && path === '/_dashboard/events') {
		if (!isText(body.event_type)) return badRequest('event_type is required');
		const eventId = hooks.emit(body.event_type, isObject(body.data) ? body.data : {}, { test: body.test === true, eventId: isText(body.event_id) ? body.event_id : undefined });
		return { status: 202, body: { event_id: eventId } };
	}
	const complete = /^\/_dashboard\/meetings\/([^/]+)\/complete$/.exec(path);
	if (method === 'POST' && complete) {
		const meeting = store.meetings.get(complete[1]);
		if (!meeting) return notFound('Meeting not found');
		Object.assign(meeting, { status: 'completed', outcome_at: now(), updated_at: now() });
		store.webhooks.emit('meeting.completed', meetingEventData(store, meeting));
		return { status: 200, body: { success: true, meeting } };
	}
	if (method === 'GET' && path === '/_dashboard/deliveries') return { status: 200, body: { deliveries: hooks.deliveries } };
	if (method === 'PUT' && path === '/_dashboard/settings') {
		if (body.bulkRule !== undefined) store.bulkRule = body.bulkRule as BulkRule;
		if (body.meetingAnswer !== undefined) store.meetingAnswer = body.meetingAnswer as MeetingAnswer;
		if (body.signatureScheme !== undefined) hooks.signatureScheme = body.signatureScheme as SignatureScheme;
		if (Array.isArray(body.retryDelaysMs)) hooks.retryDelaysMs = body.retryDelaysMs.map(Number);
		return { status: 200, body: { bulkRule: store.bulkRule, meetingAnswer: store.meetingAnswer, signatureScheme: hooks.signatureScheme, retryDelaysMs: hooks.retryDelaysMs } };
	}
	return notFound(`No dashboard route for ${method} ${path}`);
}

/* ---------------------------------------------------------------- router */

export function nexorHandler(store: NexorStore): ProviderHandler {
	return (request: SandboxRequest): SandboxResponse => {
		const { method, path } = request;
		if (path.startsWith('/_dashboard/')) return dashboard(store, request);

		const key = request.headers['x-api-key'];
		if (!key) return fail(401, 'Missing API key', 'The X-API-Key header is required');
		if (key !== NEXOR_KEY) return fail(401, 'Invalid API key', 'The provided API key is not valid');

		if (method === 'GET' && path === '/workflows') {
			return { status: 200, body: { success: true, workflows: store.workflows.map(({ id, name }) => ({ id, name })) } };
		}
		const workflowPath = /^\/workflows\/([^/]+)$/.exec(path);
		if (method === 'GET' && workflowPath) {
			const workflow = store.workflows.find((entry) => entry.id === decodeURIComponent(workflowPath[1]));
			if (!workflow) return notFound('Workflow not found or does not belong to your account');
			return { status: 200, body: { success: true, workflow: { id: workflow.id, name: workflow.name, statuses: workflow.statuses } } };
		}
		if (method === 'GET' && path === '/campaigns') {
			return { status: 200, body: { success: true, campaigns: store.campaigns } };
		}
		if (method === 'GET' && path === '/team') return { status: 200, body: { success: true, team: store.team } };
		if (method === 'GET' && path === '/conversion-types') {
			const types = store.conversionTypes
				.filter((type) => type.active)
				.map((type) => {
					const shown: Partial<ConversionTypeRecord> = { ...type };
					delete shown.active;
					return shown;
				});
			return { status: 200, body: { success: true, conversion_types: types } };
		}
		if (method === 'POST' && path === '/leads') {
			if (Array.isArray(request.body)) return createLeads(store, request.body, createLead);
			return createLead(store, request.body);
		}
		if (method === 'PUT' && path === '/leads/tags') return syncTags(store, request.body);
		const leadPath = /^\/leads\/([^/]+)(?:\/(assign-workflow|status|meetings|tags))?$/.exec(path);
		if (leadPath) {
			const lead = store.leads.get(decodeURIComponent(leadPath[1]));
			if (!lead) return notFound('Lead not found');
			const sub = leadPath[2];
			if (!sub && method === 'GET') return { status: 200, body: { success: true, lead: leadView(store, lead), variables: {} } };
			if (!sub && (method === 'PUT' || method === 'PATCH')) return updateLead(store, lead, request.body);
			if (sub === 'assign-workflow' && method === 'POST') return assignWorkflow(store, lead, request.body);
			if (sub === 'status' && method === 'POST') return setStatus(store, lead, request.body);
			if (sub === 'meetings' && method === 'GET') {
				const wanted = request.query.status ? request.query.status.split(',') : MEETING_STATUSES;
				const meetings = [...store.meetings.values()]
					.filter((meeting) => meeting.lead_id === lead.id && wanted.includes(meeting.status))
					.sort((a, b) => b.starts_at.localeCompare(a.starts_at));
				return { status: 200, body: { success: true, meetings } };
			}
			if (sub === 'tags' && method === 'GET') return { status: 200, body: { data: (lead.tag_ids ?? []).map((id) => tagView(store.tags.get(id)!)) } };
			if (sub === 'tags' && method === 'POST') return addLeadTags(store, lead, request.body);
		}
		if (path === '/tags' || path.startsWith('/tags/')) return tags(store, request);
		if (method === 'POST' && path === '/meetings') return createMeeting(store, request.body);
		const meetingPath = /^\/meetings\/([^/]+)\/(cancel|no-show)$/.exec(path);
		if (method === 'POST' && meetingPath) {
			const meeting = store.meetings.get(decodeURIComponent(meetingPath[1]));
			if (!meeting) return notFound('Meeting not found');
			return changeMeeting(store, meeting, meetingPath[2], request.body);
		}
		if (method === 'POST' && path === '/meeting-notes') return meetingNotes(store, request.body);
		if (method === 'POST' && path === '/messages') return sendMessage(store, request.body);
		const processorPath = /^\/processors\/([^/]+)(\/leads)?$/.exec(path);
		if (processorPath) {
			const processor = store.processors.get(decodeURIComponent(processorPath[1]));
			if (!processor) return fail(404, 'Not found', 'Processor not found or does not belong to your account');
			if (!processorPath[2] && method === 'GET') {
				const defaultWorkflow = store.workflows.find((workflow) => workflow.id === processor.default_workflow_id);
				return { status: 200, body: { success: true, processor: { ...processor, default_workflow: defaultWorkflow ? { id: defaultWorkflow.id, name: defaultWorkflow.name } : null } } };
			}
			if (processorPath[2] && method === 'POST') return routeLeads(store, processor, request.body);
		}
		if (method === 'POST' && path === '/conversions') return createConversion(store, request.body);
		if (method === 'GET' && path === '/conversions') return listConversions(store, request.query);
		return fail(404, 'Not Found', `No route for ${method} ${path}`);
	};
}
