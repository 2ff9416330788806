import type {
	IAuthenticateGeneric,
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	ICredentialTestRequest,
	IDataObject,
	IHttpRequestMethods,
	INodeProperties,
} from 'n8n-workflow';

import { connectionProperties, TEST_BASE_URL, testRules, UNAVAILABLE_STATUSES, unavailableRules } from './common';

/*
 * The three API-key credentials (Nexor, Nateq, RD Station's conversions key)
 * from one builder: the key (a password field), an optional hint when it does
 * not look like the service's keys, the Base URL fields, how the key travels,
 * and the Test — a request that creates nothing, never following a redirect,
 * whose answers are read by the rules in common.ts and the service's own.
 */

export interface ApiKeyCredentialSpec {
	/** The service as messages name it: "Nexor". */
	service: string;
	defaultBaseUrl: string;
	/** The API Key field's description: where the key comes from. */
	keyDescription: string;
	/** The prefixes the service's keys start with: a hint (not a refusal) when a key does not. */
	keyPrefixes?: { prefixes: string[]; hint: string };
	/** Fields after the key (Nexor's Webhook Signing Secret). */
	moreProperties?: INodeProperties[];
	/** Where the key goes in every request: a header or the query string. */
	sendKey: IAuthenticateGeneric['properties'];
	/** The Test's request, below the Base URL: one the service answers without creating anything. */
	testRequest: { url: string; method?: IHttpRequestMethods; body?: IDataObject };
	/** How the service's answers to it read, after the shared "could not check: busy or down" rules. */
	rules: Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody>;
}

export function apiKeyCredential(spec: ApiKeyCredentialSpec): { properties: INodeProperties[]; authenticate: IAuthenticateGeneric; test: ICredentialTestRequest } {
	const key: INodeProperties = {
		displayName: 'API Key',
		name: 'apiKey',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		description: spec.keyDescription,
	};
	const hint: INodeProperties[] = spec.keyPrefixes
		? [
				{
					displayName: spec.keyPrefixes.hint,
					name: 'keyPrefixNotice',
					type: 'notice',
					default: '',
					displayOptions: { hide: { apiKey: ['', ...spec.keyPrefixes.prefixes.map((prefix) => ({ _cnd: { startsWith: prefix } }))] } },
				},
			]
		: [];
	return {
		properties: [key, ...hint, ...(spec.moreProperties ?? []), ...connectionProperties(spec.defaultBaseUrl, 'API key')],
		authenticate: { type: 'generic', properties: spec.sendKey },
		test: {
			request: {
				baseURL: TEST_BASE_URL,
				...spec.testRequest,
				// 429 and 5xx throw: "could not check" (see common.ts for how each n8n version reads these).
				ignoreHttpStatusErrors: { ignore: true, except: UNAVAILABLE_STATUSES },
				// As in the nodes: a redirect must not carry the key to another address.
				disableFollowRedirect: true,
			},
			rules: testRules([...unavailableRules(spec.service), ...spec.rules]),
		},
	};
}
