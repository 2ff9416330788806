import type { IAuthenticateGeneric, Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { apiKeyCredential } from './apiKeyCredential';
import { busyBodyRules, notTheServiceRule } from './common';

const invalidKey = (code: string) => ({
	type: 'responseSuccessBody' as const,
	properties: { key: 'error.code', value: code, message: `Invalid API key: Nateq did not accept it (${code}). Copy the key again from Nateq.` },
});

const nateq = apiKeyCredential({
	service: 'Nateq',
	defaultBaseUrl: 'https://api.nateq.io/api/v1',
	keyDescription:
		'Your Nateq API key, from Settings → API Keys in Nateq: tg_live_… for production, tg_test_… for the sandbox. It needs the conversations:write scope.',
	// A hint, not a refusal: the prefixes are documented, but not enforced by us.
	keyPrefixes: { prefixes: ['tg_live_', 'tg_test_'], hint: 'Nateq API keys start with "tg_live_" (production) or "tg_test_" (sandbox). Check that you copied the whole key.' },
	// Bearer is the documented form; the seed's snippet shows the bare key (unconfirmed, see docs/nateq-api.md).
	sendKey: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } },
	/*
	 * Nateq documents one endpoint, POST /leads/{id}/convert. Asked for the
	 * nil UUID, a lead that cannot exist, it answers 404 NOT_FOUND once the
	 * key is accepted: nothing is converted.
	 */
	testRequest: { url: '/leads/00000000-0000-0000-0000-000000000000/convert', method: 'POST' },
	rules: [
		...busyBodyRules('Nateq', 'error.code'),
		...['INVALID_API_KEY', 'MISSING_API_KEY', 'INVALID_AUTH_FORMAT'].map(invalidKey),
		{
			type: 'responseSuccessBody',
			properties: { key: 'error.code', value: 'IP_NOT_ALLOWED', message: 'Nateq accepted the key but refuses requests from this n8n’s IP address (IP_NOT_ALLOWED).' },
		},
		{
			type: 'responseSuccessBody',
			properties: {
				key: 'error.code',
				value: 'INSUFFICIENT_SCOPE',
				message: 'Nateq accepted the key, but it lacks the conversations:write scope that converting leads needs.',
			},
		},
		// Every answer of Nateq's API carries `success` (here false: no such lead, which means the key works).
		notTheServiceRule('success', { service: 'Nateq', baseUrl: 'https://api.nateq.io/api/v1' }),
	],
});

export class NateqApi implements ICredentialType {
	name = 'nateqApi';

	displayName = 'Nateq API';

	icon: Icon = { light: 'file:../nodes/Nateq/nateq.svg', dark: 'file:../nodes/Nateq/nateq.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-lead-conversions/n8n-nodes-lead-conversions#nateq-api';

	properties: INodeProperties[] = nateq.properties;

	authenticate: IAuthenticateGeneric = nateq.authenticate;

	test: ICredentialTestRequest = nateq.test;
}
