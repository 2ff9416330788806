import type { IExecuteFunctions, IHookFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { oncePer } from '../shared/oncePer';
import type { ApiProvider } from '../shared/types';

interface RdError {
	error_type?: unknown;
	error_message?: unknown;
	path?: unknown;
}

const describe = (error: RdError, field?: string): string => {
	const where = field ?? (typeof error.path === 'string' ? error.path : undefined);
	const text = `${String(error.error_message ?? 'Invalid value')} (${String(error.error_type ?? 'ERROR')})`;
	return where ? `${where}: ${text}` : text;
};

/**
 * RD Station puts errors under `errors` in three shapes (docs/rdstation-api.md §Errors):
 * `{ error_type, error_message }`, `{ <field>: [{ error_type, error_message }] }`
 * and `[{ error_type, error_message, path? }]`. All become one list of
 * "<field>: <message> (<TYPE>)".
 */
export function rdErrorList(body: unknown): Array<{ text: string; type?: string }> {
	const errors = (body as { errors?: unknown } | undefined)?.errors;
	if (Array.isArray(errors)) {
		return errors.map((error: RdError) => ({ text: describe(error), type: String(error.error_type ?? '') }));
	}
	if (!errors || typeof errors !== 'object') return [];
	const single = errors as RdError;
	if ('error_type' in single || 'error_message' in single) {
		return [{ text: describe(single), type: String(single.error_type ?? '') }];
	}
	return Object.entries(errors as Record<string, RdError[] | RdError>).flatMap(([field, list]) =>
		(Array.isArray(list) ? list : [list]).map((error) => ({
			text: describe(error, field),
			type: String(error?.error_type ?? ''),
		})),
	);
}

export const rdStationApi: ApiProvider = {
	displayName: 'RD Station',
	credentialType: 'rdStationMarketingApiKeyApi',
	credentialName: 'RD Station Marketing API Key API',
	defaultBaseUrl: 'https://api.rd.services',
	secretQueryParameters: ['api_key'],
	parseError(body) {
		const list = rdErrorList(body);
		if (!list.length) return {};
		return { message: list.map((error) => error.text).join('; '), code: list[0].type || undefined };
	},
	explainStatus(failure) {
		if (failure.statusCode === 401 || failure.code === 'UNAUTHORIZED') {
			return `Invalid API key: RD Station answered ${failure.message}. Check the key in the "RD Station Marketing API Key API" credential.`;
		}
		if (failure.statusCode === 429) {
			return `RD Station's rate limit was reached (120 requests per minute on most plans): ${failure.message}`;
		}
		if (failure.statusCode === 400 || failure.statusCode === 422) {
			return `RD Station refused the conversion: ${failure.message}`;
		}
		return undefined;
	},
};

/** The same API with the user's RD app (OAuth2): events, batches, fields, contacts, webhooks. */
export const rdStationOAuth2Api: ApiProvider = {
	...rdStationApi,
	credentialType: 'rdStationMarketingOAuth2Api',
	credentialName: 'RD Station Marketing OAuth2 API',
	secretQueryParameters: [],
	// The account's fields: a small read-only answer every connected app may read.
	oauth2: { refreshProbe: { method: 'GET', path: '/platform/contacts/fields' } },
	explainStatus(failure) {
		if (failure.statusCode === 401) {
			return `RD Station no longer accepts this connection (${failure.message}) and refused to renew it: connect the account again — open the "RD Station Marketing OAuth2 API" credential and click "Connect my account" (n8n 2.x: "Connect"). Nothing was recorded for this item.`;
		}
		if (failure.statusCode === 429) {
			return `RD Station's rate limit was reached (120 requests per minute on most plans): ${failure.message}`;
		}
		if (failure.statusCode === 400 || failure.statusCode === 422) return `RD Station refused the request: ${failure.message}`;
		return undefined;
	},
};

/**
 * The provider the node's "Authentication" names; when unset, its version's
 * default: the API key in version 1 (workflows saved before OAuth2 existed),
 * OAuth2 from version 2. Read once per execution (operations ask per item).
 */
export const providerOf = oncePer((context: IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions): ApiProvider => {
	const versionDefault = (context.getNode().typeVersion ?? 1) >= 2 ? 'oAuth2' : 'apiKey';
	const authentication = (context as IExecuteFunctions).getNodeParameter('authentication', 0, versionDefault);
	return authentication === 'oAuth2' ? rdStationOAuth2Api : rdStationApi;
});

