import type { IExecuteFunctions } from 'n8n-workflow';

import { pathSegment } from '../../shared/validation';

/** A contact as an item names it: by email or UUID (docs/rdstation-api.md §Contacts). */
export interface ContactRef {
	identifier: 'email' | 'uuid';
	/** As given (trimmed): shown in outputs and messages. */
	value: string;
	/** `/platform/contacts/email:<value>` or `uuid:<value>`, the value kept to one path segment. */
	path: string;
}

/** The contact of "Find Contact By" and "Email or UUID". */
export function contactOf(context: IExecuteFunctions, itemIndex: number): ContactRef {
	const identifier = context.getNodeParameter('identifier', itemIndex, 'email') === 'uuid' ? 'uuid' : 'email';
	const given = context.getNodeParameter('identifierValue', itemIndex, '');
	const segment = pathSegment(context.getNode(), given, 'Email or UUID', itemIndex);
	return { identifier, value: String(given).trim(), path: `/platform/contacts/${identifier}:${segment}` };
}

/** The contact's path alone. */
export function contactPath(context: IExecuteFunctions, itemIndex: number): string {
	return contactOf(context, itemIndex).path;
}

/** "email:ana@example.com", as messages name a contact. */
export const contactLabel = (contact: ContactRef) => `${contact.identifier}:${contact.value}`;
