import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as lead from './actions/lead/Lead.resource';
import { resources, router } from './actions/router';
import { requestOptionsDescription } from '../shared/requestPolicy';

export class Nateq implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Nateq',
		name: 'nateq',
		icon: { light: 'file:nateq.svg', dark: 'file:nateq.dark.svg' },
		// The editor opens this address as it is (a codex link gets tracking parameters after its #, losing the heading).
		documentationUrl: 'https://github.com/n8n-nodes-lead-conversions/n8n-nodes-lead-conversions#nateq',
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Convert Nateq leads into contacts',
		defaults: { name: 'Nateq' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'nateqApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Lead', value: 'lead' }],
				default: 'lead',
			},
			...lead.description,
			requestOptionsDescription({ resources }),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
