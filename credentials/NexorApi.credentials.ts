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

	// See testRequest.ts for how every n8n version reads these rules.
	test: ICredentialTestRequest = {
		request: {
			baseURL: TEST_BASE_URL,
			url: '/conversion-types',
			ignoreHttpStatusErrors: { ignore: true, except: UNAVAILABLE_STATUSES },
			// As in the nodes: a redirect must not carry the key to another address.
			disableFollowRedirect: true,
		},
		// n8n's tester reads both kinds of rule from one list; its type names one kind per list.
		rules: [
			...unavailableRules('Nexor'),
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
				// Every answer of Nexor's API to this request carries `success`.
				type: 'responseSuccessBody',
				properties: {
					key: 'success',
					value: undefined,
					message: 'Could not check the key: the answer did not come from Nexor’s API (a wrong Base URL, or Nexor down or busy). Check the Base URL (https://api.getnexor.ai/api/public) and try again.',
				},
			},
		] as Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody> as IAuthenticateRuleResponseSuccessBody[],
	};
}
