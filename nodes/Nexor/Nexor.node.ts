import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as conversion from './actions/conversion/Conversion.resource';
import * as conversionType from './actions/conversionType/ConversionType.resource';
import * as lead from './actions/lead/Lead.resource';
import { resources, router } from './actions/router';
import { requestOptionsDescription } from '../shared/requestPolicy';
import { loadOptions, resourceMapping } from './methods';

export class Nexor implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Nexor',
		name: 'nexor',
		icon: { light: 'file:nexor.svg', dark: 'file:nexor.dark.svg' },
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
			requestOptionsDescription({
				resources,
				extra: [
					{
						displayName: 'Look Up in Nexor Before Creating',
						name: 'checkNexorFirst',
						type: 'boolean',
						default: false,
						displayOptions: { show: { '/resource': ['conversion'], '/operation': ['create'], skipAlreadySent: [true] } },
						description:
							'Whether to keep each item’s key in its conversion’s metadata (n8n_item_key) and look for it among the lead’s conversions of that type before creating one. Holds across queue-mode workers, other n8n instances and a wiped n8n database; one extra read per lead and type per run.',
					},
				],
			}),
		],
	};

	methods = { loadOptions, resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
