import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class NateqApi implements ICredentialType {
	name = 'nateqApi';

	displayName = 'Nateq API';

	icon: Icon = { light: 'file:../nodes/Nateq/nateq.svg', dark: 'file:../nodes/Nateq/nateq.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-lead-conversions/n8n-nodes-lead-conversions#nateq';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Your Nateq API key, from Settings → API Keys in Nateq: tg_live_… for production, tg_test_… for the sandbox. It needs the conversations:write scope.',
		},
		{
			// A hint, not a refusal: the prefixes are documented, but not enforced by us.
			displayName:
				'Nateq API keys start with "tg_live_" (production) or "tg_test_" (sandbox). Check that you copied the whole key.',
			name: 'keyPrefixNotice',
			type: 'notice',
			default: '',
			displayOptions: {
				hide: { apiKey: ['', { _cnd: { startsWith: 'tg_live_' } }, { _cnd: { startsWith: 'tg_test_' } }] },
			},
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.nateq.io/api/v1',
			description: 'Change only to go through a proxy or to a test server',
		},
	];

	// Bearer is the documented form; the seed's snippet shows the bare key (unconfirmed, see providers.md §2).
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } },
	};

	// Reads the smallest page of conversations: creates and changes nothing.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/conversations',
			qs: { limit: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: { value: 401, message: 'Invalid API key: Nateq did not accept it. Copy the key again from Nateq.' },
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'Nateq accepted the key but refused access (missing scope or IP not allowed). Check the key’s scopes and allowed IPs.',
				},
			},
		],
	};
}
