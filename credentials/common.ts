import type { IAuthenticateRuleResponseCode, IAuthenticateRuleResponseSuccessBody, INodeProperties } from 'n8n-workflow';

import { LOCAL_HOST_SOURCE } from './localHosts';

/*
 * What the four credentials share: the Base URL and "Allow Unencrypted
 * HTTP" fields, and the scaffolding of their Test request. Tested as n8n's
 * credential tester runs a declared test, in every n8n version we support:
 * 429 and 5xx throw ("could not check, try again"; n8n 2.30 and 1.123 show
 * their own "try again later" texts for them, since they cannot read the
 * status of a thrown answer, 2.41 ours), every other answer is read from
 * its body.
 */

/** The Base URL and "Allow Unencrypted HTTP" fields; `secret` is what travels unencrypted over http:// ("API key"). */
export const connectionProperties = (defaultBaseUrl: string, secret: string): INodeProperties[] => [
	{
		displayName: 'Base URL',
		name: 'baseUrl',
		type: 'string',
		default: defaultBaseUrl,
		description:
			'Change only to go through a proxy or to a test server. Must start with https:// (http:// only for this machine or a private network, or with "Allow Unencrypted HTTP"). A proxy password in the address (https://user:password@…) is never shown. Redirects are not followed: give the final address.',
	},
	{
		displayName: 'Allow Unencrypted HTTP',
		name: 'allowUnencryptedHttp',
		type: 'boolean',
		default: false,
		description: `Whether a Base URL starting with http:// may point at a server outside this machine and private networks. The ${secret} then travels unencrypted.`,
	},
];

/** The statuses that mean "busy or down": the key could not be checked. */
export const UNAVAILABLE_STATUSES = [429, 500, 502, 503, 504];

/**
 * The test request's Base URL: https:// (or this machine, a private network
 * — `LOCAL_HOST_SOURCE`, the nodes' own rule — or allowed unencrypted) as
 * the nodes require; otherwise text that is no URL, so that the test goes
 * nowhere rather than send the key unencrypted.
 */
export const TEST_BASE_URL = `={{ /^https:\\/\\//i.test($credentials.baseUrl) || $credentials.allowUnencryptedHttp || /^http:\\/\\/(?:[^\\/?#@]*@)?(?:${LOCAL_HOST_SOURCE})(?::\\d+)?(?:[\\/?#]|$)/i.test($credentials.baseUrl) ? $credentials.baseUrl.replace(/\\/+$/, "") : "Base URL must start with https:// (or turn on Allow Unencrypted HTTP)" }}`;

/** "Could not check …: <service> answered 503 (unavailable). Try again in a few minutes." for each status above. */
export const unavailableRules = (service: string, what = 'the key'): IAuthenticateRuleResponseCode[] =>
	UNAVAILABLE_STATUSES.map((code) => ({
		type: 'responseCode',
		properties: {
			value: code,
			message: `Could not check ${what}: ${service} answered ${code} (${code === 429 ? 'too many requests' : 'unavailable'}). Try again in a few minutes.`,
		},
	}));

/*
 * n8n 1.x does not throw on any status during a Test (it ignores `except`):
 * a 429 or 5xx then reaches the body rules. These read the codes a busy or
 * failing service puts in its own error shape (the documented ones, and the
 * usual names for an outage, unconfirmed), so that such an answer does not
 * read as "works".
 */
export const BUSY_CODES = ['RATE_LIMIT_EXCEEDED', 'TOO_MANY_REQUESTS', 'SERVICE_UNAVAILABLE', 'INTERNAL_ERROR', 'INTERNAL_SERVER_ERROR'];

/** "Could not check …: <service> is busy or failing (<CODE>)" for each busy code found at `key`. */
export const busyBodyRules = (service: string, key: string, what = 'the key'): IAuthenticateRuleResponseSuccessBody[] =>
	BUSY_CODES.map((code) => ({
		type: 'responseSuccessBody',
		properties: { key, value: code, message: `Could not check ${what}: ${service} is busy or failing (${code}). Try again in a few minutes.` },
	}));

/** The rule for an answer that lacks what every answer of the service carries (or carries `value` there): it came from elsewhere. */
export const notTheServiceRule = (
	key: string,
	{ service, baseUrl, what = 'the key', value }: { service: string; baseUrl: string; what?: string; value?: string },
): IAuthenticateRuleResponseSuccessBody => ({
	type: 'responseSuccessBody',
	properties: {
		key,
		value,
		message: `Could not check ${what}: the answer did not come from ${service}’s API (a wrong Base URL, or ${service} down or busy). Check the Base URL (${baseUrl}) and try again.`,
	},
});

/**
 * n8n's tester reads both kinds of rule from one list, in order; its type
 * names one kind per list.
 */
export const testRules = (rules: Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody>) =>
	rules as IAuthenticateRuleResponseSuccessBody[];
