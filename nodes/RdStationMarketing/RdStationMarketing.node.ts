import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as conversion from './actions/conversion/Conversion.resource';
import { RD_STATION_REQUESTS_PER_MINUTE, router } from './actions/router';
import { requestOptionsDescription } from '../shared/requestPolicy';

export class RdStationMarketing implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RD Station Marketing',
		name: 'rdStationMarketing',
		icon: { light: 'file:rdStation.svg', dark: 'file:rdStation.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send conversion events to RD Station Marketing with an API key',
		defaults: { name: 'RD Station Marketing' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'rdStationMarketingApiKeyApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Conversion', value: 'conversion' }],
				default: 'conversion',
			},
			...conversion.description,
			requestOptionsDescription(RD_STATION_REQUESTS_PER_MINUTE),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
