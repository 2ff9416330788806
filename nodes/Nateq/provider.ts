import type { ApiProvider } from '../shared/types';

/** Nateq's API as the shared transport speaks it (see docs/nateq-api.md). */
export const nateqApi: ApiProvider = {
	displayName: 'Nateq',
	credentialType: 'nateqApi',
	credentialName: 'Nateq API',
	defaultBaseUrl: 'https://api.nateq.io/api/v1',
	// Failures come as { success: false, error: { code, message, details } }.
	parseError(body) {
		const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
		if (!error || typeof error !== 'object') return {};
		return {
			message: typeof error.message === 'string' ? error.message : undefined,
			code: typeof error.code === 'string' ? error.code : undefined,
		};
	},
	explainStatus(failure, credentials) {
		if (failure.statusCode === 401) {
			const key = typeof credentials.apiKey === 'string' ? credentials.apiKey : '';
			const prefixed = key.startsWith('tg_live_') || key.startsWith('tg_test_');
			return `Invalid API key: ${failure.message}. ${
				prefixed
					? 'Check the key in the "Nateq API" credential.'
					: 'Nateq API keys start with "tg_live_" or "tg_test_": check the key in the "Nateq API" credential.'
			}`;
		}
		if (failure.code === 'INSUFFICIENT_SCOPE') {
			return `The Nateq API key lacks a permission this operation needs: ${failure.message}`;
		}
		if (failure.code === 'IP_NOT_ALLOWED') {
			return `Nateq refuses requests from this n8n's IP address: ${failure.message}`;
		}
		return undefined;
	},
};
