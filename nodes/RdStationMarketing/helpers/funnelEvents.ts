import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { AccountFields } from './customFields';
import { readCustomFields } from './customFields';
import { checkParameters, payloadFromParameters, requireOAuth2 } from './eventPayload';
import { EVENT_TYPES } from './eventTypes';
import { checkEventSize, eventBody } from './events';

/**
 * One funnel event's body (OPPORTUNITY, SALE, OPPORTUNITY_LOST), checked,
 * with the account's fields typed as the account defines them
 * (docs/rdstation-api.md §Funnel events).
 */
export function funnelEvent(context: IExecuteFunctions, itemIndex: number, fields: AccountFields, eventType: string): IDataObject {
	requireOAuth2(context, itemIndex, eventType);
	const spec = EVENT_TYPES[eventType];
	const known = checkParameters(context, spec, payloadFromParameters(context, itemIndex, spec, ['reason']), itemIndex);
	const body = eventBody(eventType, { ...known, ...readCustomFields(context, itemIndex, fields) });
	checkEventSize(context, body, itemIndex);
	return body;
}
