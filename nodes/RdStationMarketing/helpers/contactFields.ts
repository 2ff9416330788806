import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod';

/*
 * What RD's events and contacts take for a contact's lists and consents
 * (docs/rdstation-api.md §Contacts, §Events): tags and LGPD legal bases.
 * The contact's text fields are event fields (eventTypes.ts).
 */

/** A list from a list parameter: a list, or comma-separated text from an expression; undefined when empty. */
export function textListFrom(value: unknown): unknown {
	if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return undefined;
	if (typeof value === 'string') return value.split(',').map((entry) => entry.trim()).filter(Boolean);
	return value;
}

export const LEGAL_BASIS_TYPES = [
	'pre_existent_contract',
	'consent',
	'legitimate_interest',
	'judicial_process',
	'vital_interest',
	'public_interest',
] as const;

export const legalBasesSchema = z
	.array(
		z.object(
			{
				category: z.literal('communications', { errorMap: () => ({ message: '"communications" as category' }) }),
				type: z.enum(LEGAL_BASIS_TYPES, { message: `one of ${LEGAL_BASIS_TYPES.join(', ')}` }),
				status: z.enum(['granted', 'declined'], { message: '"granted" or "declined"' }),
			},
			{ invalid_type_error: 'a legal basis { category, type, status }' },
		),
		{ invalid_type_error: 'a list of legal bases' },
	)
	.optional();

/** The "Legal Bases" parameter as RD's `legal_bases` (category "communications"); undefined when none. */
export function legalBasesFrom(context: IExecuteFunctions, itemIndex: number, parameter = 'legalBases'): IDataObject[] | undefined {
	const bases = ((context.getNodeParameter(parameter, itemIndex, {}) as IDataObject).basis ?? []) as IDataObject[];
	return bases.length ? bases.map((basis) => ({ category: 'communications', type: basis.type, status: basis.status })) : undefined;
}
