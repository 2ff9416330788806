import type { ContactRef } from './contactPath';
import { objectWith } from './answers';

/*
 * The contact's default funnel (docs/rdstation-api.md §Funnel): the only
 * funnel RD's API reads and writes is "default".
 */

export const LIFECYCLE_STAGES = ['Lead', 'Qualified Lead', 'Client'] as const;

export const funnelPathOf = (contact: ContactRef) => `${contact.path}/funnels/default`;

/** What RD answers for a funnel read or update: the funnel, with its stage. */
export const FUNNEL_ANSWER = objectWith('lifecycle_stage', 'string', 'the contact’s funnel ("lifecycle_stage")');

/*
 * How the owner is removed is not documented; RD's own n8n node sends the
 * text "null", and so does this one (docs/rdstation-api.md §Funnel).
 */
export const NO_OWNER = 'null';
