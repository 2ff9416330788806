import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

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

	/*
	 * Only POST /platform/conversions accepts this key, and a test must create
	 * nothing: it sends an event without identifier or email, which RD refuses
	 * for its content (400) once the key is accepted, or with UNAUTHORIZED (401)
	 * when it is not. Statuses are read from the body, not treated as failures.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/platform/conversions',
			method: 'POST',
			body: { event_type: 'CONVERSION', event_family: 'CDP', payload: {} },
			ignoreHttpStatusErrors: true,
			// As in the nodes: a redirect must not carry the key to another address.
			disableFollowRedirect: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errors.error_type',
					value: 'UNAUTHORIZED',
					message: 'Invalid API key: RD Station did not accept it. Copy the key again from RD Station Marketing → Integrations.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errors.error_type',
					value: 'RESOURCE_NOT_FOUND',
					message: 'The Base URL does not point at RD Station Marketing’s API.',
				},
			},
		],
	};
}
