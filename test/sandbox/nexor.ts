import { randomUUID } from 'node:crypto';

import type { ProviderHandler, SandboxRequest, SandboxResponse } from './types';

/** Nexor's public API as providers.md §1 describes it, in memory. */

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
};

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

interface Workflow {
	id: string;
	name: string;
	has_call_steps: boolean;
}

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
}

interface WorkflowRun {
	id: string;
	lead_id: string;
	workflow_id: string;
	force_first_message?: unknown;
}

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
		{ id: NEXOR_IDS.workflowOutreach, name: 'Sales Outreach', has_call_steps: true },
		{ id: NEXOR_IDS.workflowNurture, name: 'WhatsApp Nurture', has_call_steps: false },
	];

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
		});
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
	return shown as Omit<NexorLead, 'campaign_id'>;
}

function createLead(store: NexorStore, input: unknown): SandboxResponse {
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
		if (!CORE_LEAD_KEYS.includes(key) && key !== 'metadata') extra[key] = value;
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
		source: 'api',
		company: null,
		title: null,
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
			const run: WorkflowRun = { id: randomUUID(), lead_id: lead.id, workflow_id: workflow.id, force_first_message: first };
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

export function nexorHandler(store: NexorStore): ProviderHandler {
	return (request: SandboxRequest): SandboxResponse => {
		const key = request.headers['x-api-key'];
		if (!key) return fail(401, 'Missing API key', 'The X-API-Key header is required');
		if (key !== NEXOR_KEY) return fail(401, 'Invalid API key', 'The provided API key is not valid');

		const { method, path } = request;
		if (method === 'GET' && path === '/workflows') {
			return { status: 200, body: { success: true, workflows: store.workflows.map(({ id, name }) => ({ id, name })) } };
		}
		if (method === 'GET' && path === '/campaigns') {
			return { status: 200, body: { success: true, campaigns: store.campaigns } };
		}
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
			if (Array.isArray(request.body)) {
				if (request.body.length > 1000) return badRequest('At most 1000 leads per request');
				// Bulk shape is unconfirmed: one result per lead, valid ones created.
				const results = request.body.map((lead) => createLead(store, lead));
				return {
					status: 200,
					body: {
						success: true,
						results: results.map((result) => ({ status: result.status, ...(result.body as object) })),
					},
				};
			}
			return createLead(store, request.body);
		}
		const leadPath = /^\/leads\/([^/]+)$/.exec(path);
		if (leadPath) {
			const lead = store.leads.get(decodeURIComponent(leadPath[1]));
			if (!lead) return fail(404, 'Not Found', 'Lead not found');
			if (method === 'GET') return { status: 200, body: { success: true, lead: publicLead(lead) } };
			if (method === 'PUT' || method === 'PATCH') {
				const changes = (request.body ?? {}) as Record<string, unknown>;
				const { metadata, ...rest } = changes;
				Object.assign(lead, rest);
				if (metadata && typeof metadata === 'object') lead.metadata = { ...lead.metadata, ...metadata };
				return { status: 200, body: { success: true, lead: publicLead(lead) } };
			}
		}
		if (method === 'POST' && path === '/conversions') return createConversion(store, request.body);
		if (method === 'GET' && path === '/conversions') return listConversions(store, request.query);
		return fail(404, 'Not Found', `No route for ${method} ${path}`);
	};
}
