import type { IDataObject } from 'n8n-workflow';

import { apiRequest } from '../../shared/transport';
import type { ApiFailure, ApiRequest, Run } from '../../shared/types';
import { rdStationOAuth2Api } from '../provider';
import type { ContactRef } from './contactPath';
import { contactLabel } from './contactPath';

/*
 * RD limits some calls per contact, not only per account
 * (docs/rdstation-api.md §Limits): 24 updates (PATCH) of one contact and 24
 * reads or updates of its funnel in 24 hours. A 429 for one of these is not
 * the account's pace: waiting seconds does not help (the contact frees up to
 * 24 hours later) and slowing the whole run would punish every other
 * contact. So the item fails at once, saying which limit and when it frees,
 * and the run's pace is left alone.
 *
 * How RD's 429 tells the two apart is not documented. Read here:
 * - a Retry-After longer than a minute: the contact's limit (the account's
 *   limits are per minute, so only the contact's can ask for more);
 * - an answer whose text names the contact, the lead or a day: the contact's
 *   limit, whatever the Retry-After;
 * - anything else (a Retry-After of a minute or less, or none and no such
 *   text): the account's per-minute limit, waited out and retried by the
 *   transport as every 429 is, the pace learned from it.
 */

export interface PerContactLimit {
	/** "updates (PATCH)" or "funnel reads and updates": what RD counts. */
	counted: string;
}

export const CONTACT_UPDATES: PerContactLimit = { counted: 'updates' };
export const FUNNEL_CALLS: PerContactLimit = { counted: 'funnel reads and updates' };

/** RD's per-contact allowance (docs/rdstation-api.md §Limits). */
const PER_CONTACT = 24;
/** The account's limits count per minute: a longer wait can only be a contact's limit. */
const ACCOUNT_WINDOW_MS = 60_000;
/** Words RD's message may use for a per-contact or daily limit (English, Portuguese, Spanish). */
const CONTACT_LIMIT_TEXT = /\b(contacts?|contatos?|contactos?|leads?|day|daily|dia|di[aá]ri[oa]|24 ?(h|hours?|horas?))\b/i;

const minutesText = (minutes: number) =>
	minutes >= 120 ? `about ${Math.round(minutes / 60)} hours` : `about ${minutes} minute${minutes === 1 ? '' : 's'}`;

function limitMessage(limit: PerContactLimit, contact: ContactRef, waitMinutes: number | undefined, rdMessage?: string): string {
	const frees =
		waitMinutes === undefined
			? 'It frees 24 hours after the first of those calls (RD did not say when)'
			: `RD says it frees in ${minutesText(waitMinutes)}, around ${new Date(Date.now() + waitMinutes * 60_000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
	return `RD Station’s limit of ${PER_CONTACT} ${limit.counted} per contact in 24 hours is used up for ${contactLabel(contact)}${rdMessage ? ` (${rdMessage})` : ''}. ${frees}; run this item again then. Other contacts are not affected, and the run was not slowed.`;
}

/** The `ownLimit` of a request RD counts against the contact's allowance: its 429s read as described above. */
const contactLimit =
	(limit: PerContactLimit, contact: ContactRef) =>
	(failure: ApiFailure): string | undefined => {
		if (CONTACT_LIMIT_TEXT.test(failure.message)) return limitMessage(limit, contact, undefined, failure.message);
		if (failure.retryAfterMs !== undefined && failure.retryAfterMs > ACCOUNT_WINDOW_MS) {
			return limitMessage(limit, contact, Math.ceil(failure.retryAfterMs / 60_000));
		}
		return undefined;
	};

/**
 * A request RD counts against the contact's allowance (PATCH of a contact,
 * its funnel): a 429 of the contact's limit fails the item at once with a
 * message saying which limit and when it frees; every other outcome is what
 * `apiRequest` makes of it (the account's 429 waited out, the pace learned).
 */
export async function contactLimitedRequest(run: Run, request: ApiRequest, limit: PerContactLimit, contact: ContactRef): Promise<IDataObject> {
	return await apiRequest(run, rdStationOAuth2Api, { ...request, ownLimit: contactLimit(limit, contact) });
}
