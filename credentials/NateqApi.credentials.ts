import type {
	IAuthenticateGeneric,
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
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

	// Bearer is the documented form; the seed's snippet shows the bare key (unconfirmed, see providers.md §2).
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } },
	};


	/*
	 * Tested as n8n's credential tester runs it, in every n8n version we
	 * support: 429 and 5xx throw ("could not check, try again"; n8n 2.30
	 * shows its own "try again later" text for them, 2.41 ours), every
	 * other answer is read from its body, so that a refused key, a page that
	 * is not this API and the API's own answer are told apart. n8n 1.x reads
	 * 429/5xx bodies too; they then meet the neutral "could not check" rule.
	 * The Base URL must be https:// (or local, or allowed) as in the nodes:
	 * otherwise the test goes nowhere rather than send the key unencrypted.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ /^https:\\/\\//i.test($credentials.baseUrl) || $credentials.allowUnencryptedHttp || /^http:\\/\\/(localhost|127\\.|10\\.|192\\.168\\.|172\\.(1[6-9]|2\\d|3[01])\\.|\\[(::1|f[cd]))/i.test($credentials.baseUrl) ? $credentials.baseUrl.replace(/\\/+$/, "") : "Base URL must start with https:// (or turn on Allow Unencrypted HTTP)" }}',
			/*
			 * Nateq documents one endpoint, POST /leads/{id}/convert. Asked for
			 * the nil UUID, a lead that cannot exist, it answers 404 NOT_FOUND
			 * once the key is accepted: nothing is converted.
			 */
			url: '/leads/00000000-0000-0000-0000-000000000000/convert',
			method: 'POST',
			ignoreHttpStatusErrors: { ignore: true, except: [429, 500, 502, 503, 504] },
			// As in the nodes: a redirect must not carry the key to another address.
			disableFollowRedirect: true,
		},
		// n8n's tester reads both kinds of rule from one list; its type names one kind per list.
		rules: [
			...[429, 500, 502, 503, 504].map((code) => ({
				type: 'responseCode',
				properties: {
					value: code,
					message: `Could not check the key: Nateq answered ${code} (${code === 429 ? 'too many requests' : 'unavailable'}). Try again in a few minutes.`,
				},
			})),
			...['INVALID_API_KEY', 'MISSING_API_KEY', 'INVALID_AUTH_FORMAT'].map((code) => ({
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: code,
					message: `Invalid API key: Nateq did not accept it (${code}). Copy the key again from Nateq.`,
				},
			})),
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 'IP_NOT_ALLOWED',
					message: 'Nateq accepted the key but refuses requests from this n8n’s IP address (IP_NOT_ALLOWED).',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 'INSUFFICIENT_SCOPE',
					message: 'Nateq accepted the key, but it lacks the conversations:write scope that converting leads needs.',
				},
			},
			{
				// Every answer of Nateq's API carries `success` (here false: no such lead, which means the key works).
				type: 'responseSuccessBody',
				properties: {
					key: 'success',
					value: undefined,
					message: 'Could not check the key: the answer did not come from Nateq’s API (a wrong Base URL, or Nateq down or busy). Check the Base URL (https://api.nateq.io/api/v1) and try again.',
				},
			},
		] as Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody> as IAuthenticateRuleResponseSuccessBody[],
	};
}
