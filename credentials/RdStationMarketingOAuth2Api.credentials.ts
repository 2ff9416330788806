import type {
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { TEST_BASE_URL, UNAVAILABLE_STATUSES, unavailableRules } from './testRequest';

/**
 * RD Station Marketing through an app of the user's own (RD's App Store /
 * App Publisher): authorization code flow, client ID and secret sent in the
 * token request's body. n8n refreshes the 24-hour access token on a 401 with
 * the refresh token, which does not expire.
 */
export class RdStationMarketingOAuth2Api implements ICredentialType {
	name = 'rdStationMarketingOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'RD Station Marketing OAuth2 API';

	icon: Icon = {
		light: 'file:../nodes/RdStationMarketing/rdStation.svg',
		dark: 'file:../nodes/RdStationMarketing/rdStation.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-lead-conversions/n8n-nodes-lead-conversions#rd-station-marketing';

	properties: INodeProperties[] = [
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		{
			// RD documents /auth/dialog and /auth/token; its official node has also used accounts.rdstation.com (providers.md §3): kept editable.
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'string',
			default: 'https://api.rd.services/auth/dialog',
			required: true,
			description: 'Where RD Station asks you to allow the app. Change only for a test server.',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'string',
			default: 'https://api.rd.services/auth/token?token_by=code',
			required: true,
			description: 'Where n8n exchanges the code and refreshes the token. Change only for a test server.',
		},
		{ displayName: 'Scope', name: 'scope', type: 'hidden', default: '' },
		{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'hidden', default: '' },
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'body' },
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.rd.services',
			description:
				'Change only to go through a proxy or to a test server. Must start with https:// (http:// only for this machine or a private network, or with "Allow Unencrypted HTTP"). Redirects are not followed: give the final address.',
		},
		{
			displayName: 'Allow Unencrypted HTTP',
			name: 'allowUnencryptedHttp',
			type: 'boolean',
			default: false,
			description:
				'Whether a Base URL starting with http:// may point at a server outside this machine and private networks. The access token then travels unencrypted.',
		},
	];

	/*
	 * Reads the account's contact fields (read-only). 401 throws, so that
	 * n8n refreshes an expired token before answering; 429 and 5xx throw and
	 * say "could not check" (n8n 2.30 shows its own text for them; see the
	 * README); an answer without `fields` is not RD's API.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: TEST_BASE_URL,
			url: '/platform/contacts/fields',
			ignoreHttpStatusErrors: { ignore: true, except: [401, ...UNAVAILABLE_STATUSES] },
			disableFollowRedirect: true,
		},
		// n8n's tester reads both kinds of rule from one list; its type names one kind per list.
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'RD Station did not accept the connection: click "Connect my account" again (or check the Client ID and Secret).',
				},
			},
			...unavailableRules('RD Station', 'the connection'),
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'fields',
					value: undefined,
					message:
						'Could not check the connection: the answer did not come from RD Station’s API (a wrong Base URL, or RD Station down or busy). Check the Base URL (https://api.rd.services) and try again.',
				},
			},
		] as Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody> as IAuthenticateRuleResponseSuccessBody[],
	};
}
