import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as conversion from './conversion/Conversion.resource';
import * as conversionType from './conversionType/ConversionType.resource';
import * as lead from './lead/Lead.resource';

/** Everything but the icon, which n8n resolves relative to the node file (see Nexor.node.ts). */
export const versionDescription: Omit<INodeTypeDescription, 'icon'> = {
	displayName: 'Nexor',
	name: 'nexor',
	group: ['output'],
	version: 1,
	subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
	description: 'Create leads and record conversions in Nexor',
	defaults: { name: 'Nexor' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: 'nexorApi', required: true }],
	properties: [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Conversion', value: 'conversion' },
				{ name: 'Conversion Type', value: 'conversionType' },
				{ name: 'Lead', value: 'lead' },
			],
			default: 'lead',
		},
		...lead.description,
		...conversion.description,
		...conversionType.description,
	],
};
