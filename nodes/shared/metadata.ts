import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';
import { jsonParse } from 'n8n-workflow';

import { booleanFromText, failItem, isReservedName, numberFromText, RESERVED_NAME_EXPECTATION } from './validation';

export interface TypedPair {
	name?: string;
	type?: 'string' | 'number' | 'boolean';
	value?: unknown;
}

/** The "Metadata" parameters every node offers: name/value pairs with a type each, or one JSON object. */
export const metadataProperties = (label = 'Metadata'): INodeProperties[] => [
	{
		displayName: `${label} Input`,
		name: 'metadataInput',
		type: 'options',
		options: [
			{ name: 'None', value: 'none' },
			{ name: 'Name/Value Pairs', value: 'pairs' },
			{ name: 'JSON Object', value: 'json' },
		],
		default: 'none',
		description: `How to give the ${label.toLowerCase()} values`,
	},
	{
		displayName: label,
		name: 'metadataPairs',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Value',
		default: {},
		displayOptions: { show: { metadataInput: ['pairs'] } },
		options: [
			{
				displayName: 'Value',
				name: 'pair',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: [
							{ name: 'String', value: 'string' },
							{ name: 'Number', value: 'number' },
							{ name: 'Boolean', value: 'boolean' },
						],
						default: 'string',
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: `${label} (JSON)`,
		name: 'metadataJson',
		type: 'json',
		default: '{}',
		displayOptions: { show: { metadataInput: ['json'] } },
		description: 'One flat JSON object; values are text, numbers or true/false',
	},
];

function typedValue(pair: TypedPair): unknown {
	const { value, type = 'string' } = pair;
	if (type === 'number') return numberFromText(value);
	if (type === 'boolean') return booleanFromText(value);
	return value === undefined || value === null ? '' : typeof value === 'object' ? value : String(value);
}

/** Turns name/value pairs into an object, refusing an item with an empty or mistyped entry. */
export function pairsToObject(
	node: INode,
	pairs: TypedPair[],
	label: string,
	itemIndex: number,
): IDataObject {
	const result: IDataObject = {};
	for (const [position, pair] of pairs.entries()) {
		const name = String(pair.name ?? '').trim();
		if (!name) failItem(node, [`${label}: entry ${position + 1} has no name`], itemIndex);
		if (isReservedName(name)) {
			failItem(node, [`${label} entry ${position + 1}: expected ${RESERVED_NAME_EXPECTATION}, got "${name}"`], itemIndex);
		}
		const value = typedValue(pair);
		const ok =
			pair.type === 'number'
				? typeof value === 'number' && Number.isFinite(value)
				: pair.type === 'boolean'
					? typeof value === 'boolean'
					: typeof value === 'string';
		if (!ok) {
			const expected = pair.type === 'number' ? 'a number' : pair.type === 'boolean' ? 'true or false' : 'text';
			failItem(node, [`${label} "${name}": expected ${expected}, got ${JSON.stringify(pair.value)}`], itemIndex);
		}
		result[name] = value as string | number | boolean;
	}
	return result;
}

/** A JSON parameter that may arrive as text or, from an expression, as an object. */
export function objectFromJson(node: INode, value: unknown, label: string, itemIndex: number): unknown {
	if (typeof value !== 'string') return value ?? {};
	if (value.trim() === '') return {};
	try {
		return jsonParse(value);
	} catch {
		return failItem(node, [`${label}: expected a JSON object, got text that is not valid JSON`], itemIndex);
	}
}

/** Reads the metadata parameters of item `itemIndex` (not yet validated for value types). */
export function readMetadata(
	getParameter: (name: string, fallback: unknown) => unknown,
	node: INode,
	itemIndex: number,
	label = 'Metadata',
): unknown {
	const input = getParameter('metadataInput', 'none');
	if (input === 'pairs') {
		const pairs = ((getParameter('metadataPairs', {}) as { pair?: TypedPair[] }).pair ?? []) as TypedPair[];
		return pairsToObject(node, pairs, label, itemIndex);
	}
	if (input === 'json') return objectFromJson(node, getParameter('metadataJson', '{}'), label, itemIndex);
	return undefined;
}
