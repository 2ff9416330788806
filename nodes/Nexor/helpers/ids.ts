import type { IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod';

import { parseItemInput, pathSegment, uuid } from '../../shared/validation';
import { nodeOf } from '../../shared/nodeOf';

/**
 * The value of a parameter that holds an ID: a resource locator's value
 * ("From List" or "By ID"), or plain text (version 1 of the node saved these
 * as dropdowns, and an expression gives text). Not checked yet.
 */
export const idValue = (context: IExecuteFunctions, name: string, itemIndex: number): unknown =>
	context.getNodeParameter(name, itemIndex, '', { extractValue: true });

/**
 * A Nexor ID that goes into a URL path: checked as a UUID (every Nexor ID is
 * one, docs/nexor-api.md §Basics) and as exactly one path segment.
 */
export function uuidSegment(context: IExecuteFunctions, value: unknown, label: string, itemIndex: number): string {
	const node = nodeOf(context);
	const { id } = parseItemInput(node, z.object({ id: uuid }), { id: value }, { id: label }, itemIndex);
	return pathSegment(node, id, label, itemIndex);
}
