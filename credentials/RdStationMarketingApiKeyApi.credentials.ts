import type { IAuthenticateGeneric, Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { apiKeyCredential } from './apiKeyCredential';
import { busyBodyRules, notTheServiceRule } from './common';

const RD = { service: 'RD Station', baseUrl: 'https://api.rd.services' };
/** RD's two error shapes: `errors` as an object or as a list. */
const ERROR_TYPE_KEYS = ['errors.error_type', 'errors.0.error_type'];

const rdStation = apiKeyCredential({
	service: 'RD Station',
	defaultBaseUrl: 'https://api.rd.services',
	keyDescription: 'The API key (“Chave de API”) from RD Station Marketing → Integrations → API key. It only works for conversion events.',
	// RD Station takes this key only in the query string; the nodes never show a URL with it.
	sendKey: { qs: { api_key: '={{$credentials.apiKey}}' } },
	// An event RD must refuse for its content (no e-mail): nothing is created.
	testRequest: { url: '/platform/conversions', method: 'POST', body: { event_type: 'CONVERSION', event_family: 'CDP', payload: {} } },
	rules: [
		...ERROR_TYPE_KEYS.flatMap((key) => busyBodyRules('RD Station', key)),
		...ERROR_TYPE_KEYS.map((key) => ({
			type: 'responseSuccessBody' as const,
			properties: { key, value: 'UNAUTHORIZED', message: 'Invalid API key: RD Station did not accept it. Copy the key again from RD Station Marketing → Integrations.' },
		})),
		// RD refuses the empty event with `errors` about its content; anything else is not this endpoint.
		notTheServiceRule('errors.error_type', { ...RD, value: 'RESOURCE_NOT_FOUND' }),
		notTheServiceRule('errors', RD),
	],
});

export class RdStationMarketingApiKeyApi implements ICredentialType {
	name = 'rdStationMarketingApiKeyApi';

	displayName = 'RD Station Marketing API Key API';

	icon: Icon = { light: 'file:../nodes/RdStationMarketing/rdStation.svg', dark: 'file:../nodes/RdStationMarketing/rdStation.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-lead-conversions/n8n-nodes-lead-conversions#rd-station-marketing-api-key-and-oauth2';

	properties: INodeProperties[] = rdStation.properties;

	authenticate: IAuthenticateGeneric = rdStation.authenticate;

	test: ICredentialTestRequest = rdStation.test;
}
