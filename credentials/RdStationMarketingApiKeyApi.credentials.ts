import type {
	IAuthenticateGeneric,
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { TEST_BASE_URL, UNAVAILABLE_STATUSES, unavailableRules } from './testRequest';

export class RdStationMarketingApiKeyApi implements ICredentialType {
	name = 'rdStationMarketingApiKeyApi';

	displayName = 'RD Station Marketing API Key API';

	icon: Icon = {
		light: 'file:../nodes/RdStationMarketing/rdStation.svg',
		dark: 'file:../nodes/RdStationMarketing/rdStation.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-lead-conversions/n8n-nodes-lead-conversions#rd-station-marketing';

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
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.rd.services',
			description:
				'Change only to go through a proxy or to a test server. Must start with https:// (http:// only for this machine or a private network, or with "Allow Unencrypted HTTP"). A proxy password in the address (https://user:password@…) is never shown. Redirects are not followed: give the final address.',
		},
		{
			displayName: 'Allow Unencrypted HTTP',
			name: 'allowUnencryptedHttp',
			type: 'boolean',
			default: false,
			description:
				'Whether a Base URL starting with http:// may point at a server outside this machine and private networks. The API key then travels unencrypted.',
		},
	];

	// RD Station takes this key only in the query string; the nodes never show a URL with it.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { qs: { api_key: '={{$credentials.apiKey}}' } },
	};

	// See testRequest.ts for how every n8n version reads these rules.
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
		// n8n's tester reads both kinds of rule from one list; its type names one kind per list.
		rules: [
			...unavailableRules('RD Station'),
			...['errors.error_type', 'errors.0.error_type'].map((key) => ({
				type: 'responseSuccessBody',
				properties: {
					key,
					value: 'UNAUTHORIZED',
					message: 'Invalid API key: RD Station did not accept it. Copy the key again from RD Station Marketing → Integrations.',
				},
			})),
			{
				// RD refuses the empty event with `errors` about its content; anything else is not this endpoint.
				type: 'responseSuccessBody',
				properties: { key: 'errors.error_type', value: 'RESOURCE_NOT_FOUND', message: 'Could not check the key: the answer did not come from RD Station’s API (a wrong Base URL, or RD Station down or busy). Check the Base URL (https://api.rd.services) and try again.' },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'errors', value: undefined, message: 'Could not check the key: the answer did not come from RD Station’s API (a wrong Base URL, or RD Station down or busy). Check the Base URL (https://api.rd.services) and try again.' },
			},
		] as Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody> as IAuthenticateRuleResponseSuccessBody[],
	};
}
