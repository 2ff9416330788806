import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class NexorApi implements ICredentialType {
	name = 'nexorApi';

	displayName = 'Nexor API';

	icon: Icon = { light: 'file:../nodes/Nexor/nexor.svg', dark: 'file:../nodes/Nexor/nexor.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-lead-conversions/n8n-nodes-lead-conversions#nexor';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Your Nexor API key, from Settings → API Keys in Nexor. It starts with nxr_live_.',
		},
		{
			// A hint, not a refusal: Nexor may issue other prefixes (test keys) we do not know of.
			displayName:
				'Nexor API keys start with "nxr_live_". Check that you copied the whole key; it is saved as entered.',
			name: 'keyPrefixNotice',
			type: 'notice',
			default: '',
			displayOptions: { hide: { apiKey: ['', { _cnd: { startsWith: 'nxr_live_' } }] } },
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.getnexor.ai/api/public',
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

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'X-API-Key': '={{$credentials.apiKey}}' } },
	};

	/*
	 * Statuses are read from the body rather than the HTTP code: n8n versions
	 * differ in whether a `responseCode` rule sees the status of a failed test
	 * request (2.30 does not), while body rules work in all of them.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/conversion-types',
			ignoreHttpStatusErrors: true,
			// As in the nodes: a redirect must not carry the key to another address.
			disableFollowRedirect: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error',
					value: 'Invalid API key',
					message: 'Invalid API key: Nexor did not accept it. Copy the key (nxr_live_…) again from Nexor.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'error', value: 'Missing API key', message: 'Invalid API key: the API key is empty.' },
			},
			{
				// Every Nexor answer carries `success`; anything else is not Nexor's API.
				type: 'responseSuccessBody',
				properties: {
					key: 'success',
					value: undefined,
					message: 'The Base URL does not point at Nexor’s public API (expected …/api/public).',
				},
			},
		],
	};
}
