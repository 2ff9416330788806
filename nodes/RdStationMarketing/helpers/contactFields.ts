import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod';

/*
 * The contact's own fields as RD's events and contacts take them
 * (docs/rdstation-api.md §Contacts, §Events): the documented text fields,
 * tags and LGPD legal bases.
 */

/** The documented optional text fields of a conversion: parameter name → payload key. */
export const CONVERSION_TEXT_FIELDS: Array<[parameter: string, displayName: string, payloadKey: string]> = [
	['name', 'Name', 'name'],
	['jobTitle', 'Job Title', 'job_title'],
	['personalPhone', 'Personal Phone', 'personal_phone'],
	['mobilePhone', 'Mobile Phone', 'mobile_phone'],
	['city', 'City', 'city'],
	['state', 'State', 'state'],
	['country', 'Country', 'country'],
	['twitter', 'Twitter', 'twitter'],
	['facebook', 'Facebook', 'facebook'],
	['linkedin', 'LinkedIn', 'linkedin'],
	['website', 'Website', 'website'],
	['companyName', 'Company Name', 'company_name'],
	['companySite', 'Company Site', 'company_site'],
	['companyAddress', 'Company Address', 'company_address'],
	['clientTrackingId', 'Client Tracking ID', 'client_tracking_id'],
	['trafficSource', 'Traffic Source', 'traffic_source'],
	['trafficMedium', 'Traffic Medium', 'traffic_medium'],
	['trafficCampaign', 'Traffic Campaign', 'traffic_campaign'],
	['trafficValue', 'Traffic Value', 'traffic_value'],
];

/** The contact's own text fields (those of a conversion that are not about the conversion). */
export const CONTACT_TEXT_FIELDS = CONVERSION_TEXT_FIELDS.filter(
	([parameter]) => !parameter.startsWith('traffic') && parameter !== 'clientTrackingId',
);

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

export const tagsSchema = z.array(z.string({ invalid_type_error: 'text for every tag' }), { invalid_type_error: 'a list of tags' }).optional();

/** The "Legal Bases" parameter as RD's `legal_bases` (category "communications"); undefined when none. */
export function legalBasesFrom(context: IExecuteFunctions, itemIndex: number, parameter = 'legalBases'): IDataObject[] | undefined {
	const bases = ((context.getNodeParameter(parameter, itemIndex, {}) as IDataObject).basis ?? []) as IDataObject[];
	return bases.length ? bases.map((basis) => ({ category: 'communications', type: basis.type, status: basis.status })) : undefined;
}
