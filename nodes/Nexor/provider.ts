import { listAt } from '../shared/expect';
import type { ApiProvider } from '../shared/types';

/** Nexor's public API as the shared transport speaks it (docs/nexor-api.md §Basics, §Errors). */
export const nexorApi: ApiProvider = {
	displayName: 'Nexor',
	credentialType: 'nexorApi',
	credentialName: 'Nexor API',
	defaultBaseUrl: 'https://api.getnexor.ai/api/public',
	// Every Nexor error is a flat { error: "<kind>", message: "<text>" }.
	parseError(body) {
		if (!body || typeof body !== 'object') return {};
		const { error, message } = body as { error?: unknown; message?: unknown };
		return {
			message: typeof message === 'string' ? message : typeof error === 'string' ? error : undefined,
			code: typeof error === 'string' ? error : undefined,
		};
	},
	explainStatus(failure, credentials) {
		if (failure.statusCode !== 401) return undefined;
		const key = typeof credentials.apiKey === 'string' ? credentials.apiKey : '';
		const hint = key.startsWith('nxr_live_')
			? 'Check the API key in the "Nexor API" credential.'
			: 'Nexor API keys start with "nxr_live_": check the key in the "Nexor API" credential.';
		return `Invalid API key: ${failure.message}. ${hint}`;
	},
};

/** GET /workflows, /campaigns, /conversion-types answer `{ success, <list> }`; a bare array is tolerated (unconfirmed shape). */
export function listFrom<T>(response: unknown, key: string): T[] {
	if (Array.isArray(response)) return response as T[];
	const list = (response as Record<string, unknown> | undefined)?.[key];
	return Array.isArray(list) ? (list as T[]) : [];
}

/** GET /conversions pages hold at most 200 (docs/nexor-api.md §Basics). */
export const MAX_PAGE_SIZE = 200;

/** GET /conversions: `{ success, conversion_events, total }`. */
export const conversionList = listAt('conversion_events', 'a list of conversion events ("conversion_events")');

/** GET /conversion-types: the list, or a bare array (unconfirmed shape). */
export const conversionTypeList = listAt('conversion_types', 'a list of conversion types ("conversion_types")', true);

export interface ConversionTypeField {
	key: string;
	label?: string;
	type?: 'text' | 'number' | string;
	// Not in the docs: accepted when present.
	required?: boolean;
	options?: Array<string | { name?: string; label?: string; value?: string }>;
}

export interface ConversionType {
	id: string;
	name: string;
	description?: string | null;
	category?: string;
	currency?: string;
	fields?: ConversionTypeField[];
}
