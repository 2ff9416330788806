import type { IAuthenticateGeneric, Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { apiKeyCredential } from './apiKeyCredential';
import { notTheServiceRule } from './common';

const nexor = apiKeyCredential({
	service: 'Nexor',
	defaultBaseUrl: 'https://api.getnexor.ai/api/public',
	keyDescription: 'Your Nexor API key, from Settings → API Keys in Nexor. It starts with nxr_live_.',
	// A hint, not a refusal: Nexor may issue other prefixes (test keys) we do not know of.
	keyPrefixes: { prefixes: ['nxr_live_'], hint: 'Nexor API keys start with "nxr_live_". Check that you copied the whole key; it is saved as entered.' },
	moreProperties: [
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
	],
	sendKey: { headers: { 'X-API-Key': '={{$credentials.apiKey}}' } },
	testRequest: { url: '/conversion-types' },
	rules: [
		{
			type: 'responseSuccessBody',
			properties: { key: 'error', value: 'Invalid API key', message: 'Invalid API key: Nexor did not accept it. Copy the key (nxr_live_…) again from Nexor.' },
		},
		{ type: 'responseSuccessBody', properties: { key: 'error', value: 'Missing API key', message: 'Invalid API key: the API key is empty.' } },
		{
			// n8n 1.x reads a 429 or 5xx here too: Nexor's error answers say `success: false`.
			type: 'responseSuccessBody',
			properties: { key: 'success', value: false, message: 'Could not check the key: Nexor answered with an error (down or busy). Try again in a few minutes.' },
		},
		// Every answer of Nexor's API to this request carries `success`.
		notTheServiceRule('success', { service: 'Nexor', baseUrl: 'https://api.getnexor.ai/api/public' }),
	],
});

export class NexorApi implements ICredentialType {
	name = 'nexorApi';

	displayName = 'Nexor API';

	icon: Icon = { light: 'file:../nodes/Nexor/nexor.svg', dark: 'file:../nodes/Nexor/nexor.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-lead-conversions/n8n-nodes-lead-conversions#nexor-api';

	properties: INodeProperties[] = nexor.properties;

	authenticate: IAuthenticateGeneric = nexor.authenticate;

	test: ICredentialTestRequest = nexor.test;
}
