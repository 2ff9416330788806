import type {
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { busyBodyRules, connectionProperties, notTheServiceRule, TEST_BASE_URL, testRules, UNAVAILABLE_STATUSES, unavailableRules } from './common';

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

	documentationUrl = 'https://github.com/n8n-nodes-lead-conversions/n8n-nodes-lead-conversions#rd-station-marketing-api-key-and-oauth2';

	properties: INodeProperties[] = [
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		{
			// RD documents /auth/dialog and /auth/token; its official node has also used accounts.rdstation.com (docs/rdstation-api.md §Basics): kept editable.
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
		...connectionProperties('https://api.rd.services', 'access token'),
	];

	/*
	 * Reads the account's contact fields (read-only). 401 throws, so that
	 * n8n 2.x refreshes an expired token before answering (n8n 1.x throws on
	 * no status in a Test: its 401 body says to reconnect); 429 and 5xx throw
	 * and say "could not check" (n8n 2.30 shows its own text for them); an
	 * answer without `fields` is not RD's API.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: TEST_BASE_URL,
			url: '/platform/contacts/fields',
			ignoreHttpStatusErrors: { ignore: true, except: [401, ...UNAVAILABLE_STATUSES] },
			disableFollowRedirect: true,
		},
		rules: testRules([
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'RD Station did not accept the connection: click "Connect my account" again (or check the Client ID and Secret).',
				},
			},
			...unavailableRules('RD Station', 'the connection'),
			/*
			 * n8n 1.x does not throw on the 401 during a Test, so it cannot renew
			 * an expired token there: RD's 401 body is read instead.
			 */
			...['errors.error_type', 'errors.0.error_type'].map((key) => ({
				type: 'responseSuccessBody' as const,
				properties: {
					key,
					value: 'UNAUTHORIZED',
					message:
						'RD Station refused the stored access token: it expired (RD’s last 24 hours) or the app’s access was revoked, and this n8n does not renew it during a Test. Click "Connect my account" again; workflows renew an expired token themselves when they run.',
				},
			})),
			...busyBodyRules('RD Station', 'errors.error_type', 'the connection'),
			...busyBodyRules('RD Station', 'errors.0.error_type', 'the connection'),
			notTheServiceRule('fields', { service: 'RD Station', baseUrl: 'https://api.rd.services', what: 'the connection' }),
		]),
	};
}
