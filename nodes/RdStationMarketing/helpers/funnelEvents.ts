import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { AccountFields } from './customFields';
import { readCustomFields } from './customFields';
import { checkParameters, payloadFromParameters, requireOAuth2 } from './eventPayload';
import type { EventSpec } from './eventTypes';
import { checkEventSize, eventBody } from './events';

/**
 * One funnel event's body (OPPORTUNITY, SALE, OPPORTUNITY_LOST), checked,
 * with the account's fields typed as the account defines them
 * (docs/rdstation-api.md §Funnel events).
 */
export function funnelEvent(context: IExecuteFunctions, itemIndex: number, fields: AccountFields, spec: EventSpec): IDataObject {
	requireOAuth2(context, itemIndex, spec.type);
	const known = checkParameters(context, spec, payloadFromParameters(context, itemIndex, spec), itemIndex);
	const body = eventBody(spec.type, { ...known, ...readCustomFields(context, itemIndex, fields) });
	checkEventSize(context, body, itemIndex);
	return body;
}
