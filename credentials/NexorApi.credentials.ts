import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { connectionProperties, notTheServiceRule, TEST_BASE_URL, testRules, UNAVAILABLE_STATUSES, unavailableRules } from './common';

export class NexorApi implements ICredentialType {
	name = 'nexorApi';

	displayName = 'Nexor API';

	icon: Icon = { light: 'file:../nodes/Nexor/nexor.svg', dark: 'file:../nodes/Nexor/nexor.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-lead-conversions/n8n-nodes-lead-conversions#nexor-api';

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
			// Here rather than in a credential of its own: one place for what Nexor gave you, encrypted like the key.
			displayName: 'Webhook Signing Secret',
			name: 'webhookSigningSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only for the Nexor Trigger: the signing secret Nexor shows once when you add a webhook (Settings → Integrations → Webhooks). Deliveries whose signature does not match it are refused.',
		},
		...connectionProperties('https://api.getnexor.ai/api/public', 'API key'),
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'X-API-Key': '={{$credentials.apiKey}}' } },
	};

	// See common.ts for how every n8n version reads these rules.
	test: ICredentialTestRequest = {
		request: {
			baseURL: TEST_BASE_URL,
			url: '/conversion-types',
			ignoreHttpStatusErrors: { ignore: true, except: UNAVAILABLE_STATUSES },
			// As in the nodes: a redirect must not carry the key to another address.
			disableFollowRedirect: true,
		},
		rules: testRules([
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
				// n8n 1.x reads a 429 or 5xx here too: Nexor's error answers say `success: false`.
				type: 'responseSuccessBody',
				properties: { key: 'success', value: false, message: 'Could not check the key: Nexor answered with an error (down or busy). Try again in a few minutes.' },
			},
			// Every answer of Nexor's API to this request carries `success`.
			notTheServiceRule('success', { service: 'Nexor', baseUrl: 'https://api.getnexor.ai/api/public' }),
		]),
	};
}
