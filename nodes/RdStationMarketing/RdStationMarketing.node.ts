import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as contact from './actions/contact/Contact.resource';
import * as conversion from './actions/conversion/Conversion.resource';
import * as customField from './actions/customField/CustomField.resource';
import * as funnel from './actions/funnel/Funnel.resource';
import { RD_STATION_REQUESTS_PER_MINUTE, resources, router } from './actions/router';
import * as resourceMapping from './methods/resourceMapping';
import { requestOptionsDescription } from '../shared/requestPolicy';

export class RdStationMarketing implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RD Station Marketing',
		name: 'rdStationMarketing',
		icon: { light: 'file:rdStation.svg', dark: 'file:rdStation.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send conversions and funnel events, in batches, and manage contacts in RD Station Marketing',
		defaults: { name: 'RD Station Marketing' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'rdStationMarketingApiKeyApi', required: true, displayOptions: { show: { authentication: ['apiKey'] } } },
			{ name: 'rdStationMarketingOAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'API Key', value: 'apiKey', description: 'Conversions only' },
					{ name: 'OAuth2', value: 'oAuth2', description: 'Everything: events in batches, funnel, contacts, your fields' },
				],
				// API Key: what every workflow saved before OAuth2 existed uses.
				default: 'apiKey',
			},
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { authentication: ['apiKey'] } },
				options: [{ name: 'Conversion', value: 'conversion' }],
				default: 'conversion',
			},
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
				options: [
					{ name: 'Contact', value: 'contact' },
					{ name: 'Conversion', value: 'conversion' },
					{ name: 'Custom Field', value: 'customField' },
					{ name: 'Funnel', value: 'funnel' },
				],
				default: 'conversion',
			},
			...conversion.description,
			...funnel.description,
			...contact.description,
			...customField.description,
			requestOptionsDescription({ resources, defaultRequestsPerMinute: RD_STATION_REQUESTS_PER_MINUTE }),
		],
	};

	methods = { resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
