import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { RD_STATION_REQUESTS_PER_MINUTE, resourceDescriptions, resources, router } from './actions/router';
import { listSearch, resourceMapping } from './methods';
import { requestOptionsDescription } from '../shared/requestPolicy';

const AUTHENTICATION_OPTIONS = [
	{ name: 'API Key', value: 'apiKey', description: 'Conversions only' },
	{ name: 'OAuth2', value: 'oAuth2', description: 'Everything: contacts, funnel, fields, events of every kind, batches, segmentations' },
];

/*
 * Version 1 defaults to the API key: what every workflow saved before OAuth2
 * existed uses. Version 2 (what a node added today is) defaults to OAuth2,
 * where every operation is; a saved node keeps its version and its default.
 */
const authenticationProperties: INodeProperties[] = [
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: AUTHENTICATION_OPTIONS,
		default: 'apiKey',
		displayOptions: { show: { '@version': [1] } },
	},
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: AUTHENTICATION_OPTIONS,
		default: 'oAuth2',
		displayOptions: { show: { '@version': [2] } },
	},
];

export class RdStationMarketing implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RD Station Marketing',
		name: 'rdStationMarketing',
		icon: { light: 'file:rdStation.svg', dark: 'file:rdStation.dark.svg' },
		// The editor opens this address as it is (a codex link gets tracking parameters after its #, losing the heading).
		documentationUrl: 'https://github.com/n8n-nodes-lead-conversions/n8n-nodes-lead-conversions#rd-station-marketing',
		group: ['output'],
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send conversions, funnel, e-commerce, chat, call and media events (in batches), and manage contacts, fields and segmentations in RD Station Marketing',
		defaults: { name: 'RD Station Marketing' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'rdStationMarketingApiKeyApi', required: true, displayOptions: { show: { authentication: ['apiKey'] } } },
			{ name: 'rdStationMarketingOAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
		],
		properties: [
			...authenticationProperties,
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
					{ name: 'Automation Flow', value: 'automationFlow' },
					{ name: 'Chat, Call or Media Event', value: 'event' },
					{ name: 'Contact', value: 'contact' },
					{ name: 'Conversion', value: 'conversion' },
					{ name: 'Custom Field', value: 'customField' },
					{ name: 'E-Commerce Event', value: 'ecommerce' },
					{ name: 'Funnel', value: 'funnel' },
					{ name: 'Segmentation', value: 'segmentation' },
				],
				default: 'conversion',
			},
			...resourceDescriptions,
			requestOptionsDescription({ resources, defaultRequestsPerMinute: RD_STATION_REQUESTS_PER_MINUTE }),
		],
	};

	methods = { listSearch, resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
