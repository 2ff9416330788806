import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { busyBodyRules, connectionProperties, notTheServiceRule, TEST_BASE_URL, testRules, UNAVAILABLE_STATUSES, unavailableRules } from './common';

const RD = { service: 'RD Station', baseUrl: 'https://api.rd.services' };

export class RdStationMarketingApiKeyApi implements ICredentialType {
	name = 'rdStationMarketingApiKeyApi';

	displayName = 'RD Station Marketing API Key API';

	icon: Icon = {
		light: 'file:../nodes/RdStationMarketing/rdStation.svg',
		dark: 'file:../nodes/RdStationMarketing/rdStation.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-lead-conversions/n8n-nodes-lead-conversions#rd-station-marketing-api-key-and-oauth2';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The API key (“Chave de API”) from RD Station Marketing → Integrations → API key. It only works for conversion events.',
		},
		...connectionProperties('https://api.rd.services', 'API key'),
	];

	// RD Station takes this key only in the query string; the nodes never show a URL with it.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { qs: { api_key: '={{$credentials.apiKey}}' } },
	};

	// See common.ts for how every n8n version reads these rules.
	test: ICredentialTestRequest = {
		request: {
			baseURL: TEST_BASE_URL,
			url: '/platform/conversions',
			method: 'POST',
			body: { event_type: 'CONVERSION', event_family: 'CDP', payload: {} },
			ignoreHttpStatusErrors: { ignore: true, except: UNAVAILABLE_STATUSES },
			// As in the nodes: a redirect must not carry the key to another address.
			disableFollowRedirect: true,
		},
		rules: testRules([
			...unavailableRules('RD Station'),
			...busyBodyRules('RD Station', 'errors.error_type'),
			...busyBodyRules('RD Station', 'errors.0.error_type'),
			...['errors.error_type', 'errors.0.error_type'].map((key) => ({
				type: 'responseSuccessBody' as const,
				properties: {
					key,
					value: 'UNAUTHORIZED',
					message: 'Invalid API key: RD Station did not accept it. Copy the key again from RD Station Marketing → Integrations.',
				},
			})),
			// RD refuses the empty event with `errors` about its content; anything else is not this endpoint.
			notTheServiceRule('errors.error_type', { ...RD, value: 'RESOURCE_NOT_FOUND' }),
			notTheServiceRule('errors', RD),
		]),
	};
}
