import { randomUUID } from 'node:crypto';

import type { ProviderHandler, SandboxRequest, SandboxResponse } from './types';

/** Nateq's API as docs/nateq-api.md describes it, in memory. */

export const NATEQ_KEY = 'tg_test_example_sandbox_4e8a1f2c9b7d';
/** A valid key without the `conversations:write` scope. */
export const NATEQ_READONLY_KEY = 'tg_test_example_readonly_0a1b2c3d4e5f';

export const NATEQ_LEADS = {
	carla: 'lead_01HZX3CARLA',
	diego: 'lead_01HZX3DIEGO',
	elena: 'lead_01HZX3ELENA',
};

interface NateqLead {
	id: string;
	name: string;
	email: string;
	phone: string | null;
	convertedContactId?: string;
}

export class NateqStore {
	leads = new Map<string, NateqLead>();

	contacts = new Map<string, Record<string, unknown>>();

	constructor() {
		this.leads.set(NATEQ_LEADS.carla, { id: NATEQ_LEADS.carla, name: 'Carla Mendes', email: 'carla@example.com', phone: '+5511999990001' });
		this.leads.set(NATEQ_LEADS.diego, { id: NATEQ_LEADS.diego, name: 'Diego Rojas', email: 'diego@example.com', phone: null });
		this.leads.set(NATEQ_LEADS.elena, { id: NATEQ_LEADS.elena, name: 'Elena Díaz', email: 'elena@example.com', phone: null });
	}

	/** Adds a lead (for bulk tests) and returns its ID. */
	addLead(name: string, email: string): string {
		const id = `lead_${randomUUID()}`;
		this.leads.set(id, { id, name, email, phone: null });
		return id;
	}
}

const failure = (status: number, code: string, message: string, details: unknown = null): SandboxResponse => ({
	status,
	body: { success: false, error: { code, message, details } },
});

function contactFrom(lead: NateqLead): Record<string, unknown> {
	const now = new Date().toISOString();
	const id = `contact_${randomUUID()}`;
	return {
		id,
		organizationId: 'org_sandbox',
		name: lead.name,
		email: lead.email,
		phone: lead.phone,
		position: null,
		country: null,
		language: null,
		source: 'lead_conversion',
		externalId: lead.id,
		avatar: null,
		channelData: null,
		company: null,
		companyId: null,
		companyName: null,
		doNotContact: false,
		isAnonymous: false,
		isPotentialClient: true,
		whatsappOptedOut: false,
		whatsappOptedOutAt: null,
		tags: [],
		activities: [
			{
				id: `act_${randomUUID()}`,
				contactId: id,
				actorType: 'api',
				description: 'Converted from lead',
				createdAt: now,
				updatedAt: now,
			},
		],
		createdAt: now,
		updatedAt: now,
	};
}

export function nateqHandler(store: NateqStore): ProviderHandler {
	return (request: SandboxRequest): SandboxResponse => {
		const authorization = request.headers.authorization;
		if (!authorization) return failure(401, 'MISSING_API_KEY', 'API key is required');
		const match = /^Bearer (\S+)$/.exec(authorization);
		if (!match) return failure(401, 'INVALID_AUTH_FORMAT', 'Authorization header must be "Bearer <api key>"');
		const key = match[1];
		if (key !== NATEQ_KEY && key !== NATEQ_READONLY_KEY) return failure(401, 'INVALID_API_KEY', 'Invalid API key');

		const { method, path } = request;
		const convert = /^\/leads\/([^/]+)\/convert$/.exec(path);
		if (method === 'POST' && convert) {
			if (key === NATEQ_READONLY_KEY) {
				return failure(403, 'INSUFFICIENT_SCOPE', 'This API key lacks the conversations:write scope');
			}
			const id = decodeURIComponent(convert[1]);
			const lead = store.leads.get(id);
			if (!lead) return failure(404, 'NOT_FOUND', 'Lead not found');
			// Converting twice is not documented; the sandbox answers 409 (docs/nateq-api.md: 409, or a 400/422 naming it).
			if (lead.convertedContactId) {
				return failure(409, 'LEAD_ALREADY_CONVERTED', 'Lead has already been converted', {
					contactId: lead.convertedContactId,
				});
			}
			const contact = contactFrom(lead);
			lead.convertedContactId = contact.id as string;
			store.contacts.set(contact.id as string, contact);
			return { status: 200, body: { success: true, data: contact, message: 'Lead converted to contact', meta: {} } };
		}
		return failure(404, 'NOT_FOUND', `No route for ${method} ${path}`);
	};
}
