import type { IAuthenticateRuleResponseCode } from 'n8n-workflow';

/*
 * What the four credential tests share. Tested as n8n's credential tester
 * runs a declared test, in every n8n version we support: 429 and 5xx throw
 * ("could not check, try again"; n8n 2.30 shows its own "try again later"
 * text for them, 2.41 ours), every other answer is read from its body. n8n
 * 1.x reads 429/5xx bodies too; they then meet each credential's neutral
 * "could not check" rule.
 */

/** The statuses that mean "busy or down": the key could not be checked. */
export const UNAVAILABLE_STATUSES = [429, 500, 502, 503, 504];

/**
 * The test request's Base URL: https:// (or this machine, a private network,
 * or allowed unencrypted) as the nodes require; otherwise text that is no
 * URL, so that the test goes nowhere rather than send the key unencrypted.
 */
export const TEST_BASE_URL =
	'={{ /^https:\\/\\//i.test($credentials.baseUrl) || $credentials.allowUnencryptedHttp || /^http:\\/\\/(localhost|127\\.|10\\.|192\\.168\\.|172\\.(1[6-9]|2\\d|3[01])\\.|\\[(::1|f[cd]))/i.test($credentials.baseUrl) ? $credentials.baseUrl.replace(/\\/+$/, "") : "Base URL must start with https:// (or turn on Allow Unencrypted HTTP)" }}';

/** "Could not check …: <service> answered 503 (unavailable). Try again in a few minutes." for each status above. */
export const unavailableRules = (service: string, what = 'the key'): IAuthenticateRuleResponseCode[] =>
	UNAVAILABLE_STATUSES.map((code) => ({
		type: 'responseCode',
		properties: {
			value: code,
			message: `Could not check ${what}: ${service} answered ${code} (${code === 429 ? 'too many requests' : 'unavailable'}). Try again in a few minutes.`,
		},
	}));
