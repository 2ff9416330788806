import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from './router';

/**
 * The "Operation" selector of one resource plus every operation's parameters,
 * shown only for that resource and operation. A resource's index lists its
 * operation modules; adding an operation is one file and one line there.
 */
export function describeResource(
	resource: string,
	operations: Record<string, OperationModule>,
): INodeProperties[] {
	const modules = Object.entries(operations);
	const firstOperation = modules[0][0];
	const selector: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: modules.map(([value, module]) => ({ ...module.option, value })),
		default: firstOperation,
	};
	const parameters = modules.flatMap(([operation, module]) =>
		module.description.map((property) => ({
			...property,
			displayOptions: {
				...property.displayOptions,
				show: { ...property.displayOptions?.show, resource: [resource], operation: [operation] },
			},
		})),
	);
	return [selector, ...parameters];
}

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
