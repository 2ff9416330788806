import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { booleanFromText, failItem, numberFromText } from './validation';

/** "Return All" and "Limit", as n8n's own list operations offer them. */
export const returnAllOrLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		displayOptions: { show: { returnAll: [false] } },
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
	},
];

/**
 * How many records a list operation returns: Infinity for "Return All",
 * else its "Limit" ("20" as text is read: what an expression or an AI model
 * may give); anything else is refused before a request is sent.
 */
export function wantedCount(context: IExecuteFunctions, itemIndex: number): number {
	const node = context.getNode();
	const returnAll = context.getNodeParameter('returnAll', itemIndex, false);
	const all = booleanFromText(returnAll);
	if (typeof all !== 'boolean') failItem(node, [`Return All: expected true or false, got ${JSON.stringify(returnAll)}`], itemIndex);
	if (all) return Infinity;
	const limit = context.getNodeParameter('limit', itemIndex, 50);
	const wanted = numberFromText(limit);
	if (typeof wanted !== 'number' || !Number.isInteger(wanted) || wanted < 1) {
		failItem(node, [`Limit: expected a whole number of at least 1, got ${JSON.stringify(limit)}`], itemIndex);
	}
	return wanted as number;
}
