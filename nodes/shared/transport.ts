import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { redactText, redactValue } from './redact';

/** What the shared transport needs to know about one provider's API. */
export interface ApiProvider {
	/** Shown in messages: "Nexor", "Nateq", "RD Station". */
	displayName: string;
	credentialType: string;
	defaultBaseUrl: string;
	/** Query parameters that carry a secret and must never be shown. */
	secretQueryParameters?: string[];
	/** Reads the provider's error body into one readable message (and a code, when it has one). */
	parseError(body: unknown): { message?: string; code?: string };
	/**
	 * A clearer message for a status that means something specific for this
	 * provider and request (a wrong key, an already converted lead…).
	 */
	explainStatus?(failure: ApiFailure, credentials: IDataObject): string | undefined;
}

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the credential's Base URL, starting with `/`. */
	path: string;
	body?: IDataObject | IDataObject[];
	qs?: IDataObject;
	/** The input item this request serves; errors carry it. */
	itemIndex?: number;
	/** A clearer message for a failure of this particular request (before the provider's own). */
	explain?: (failure: ApiFailure) => string | undefined;
}

export interface ApiFailure {
	request: ApiRequest;
	statusCode: number;
	message: string;
	code?: string;
	requestId?: string;
}

type RequestContext = IExecuteFunctions | ILoadOptionsFunctions;

interface HttpResponse {
	statusCode: number;
	body: unknown;
	headers: Record<string, string | string[] | undefined>;
}

function normalizeBaseUrl(baseUrl: unknown, fallback: string): string {
	const url = typeof baseUrl === 'string' && baseUrl.trim() !== '' ? baseUrl.trim() : fallback;
	return url.replace(/\/+$/, '');
}

function secretValuesOf(credentials: IDataObject): string[] {
	return Object.values(credentials).filter((value): value is string => typeof value === 'string' && value !== '');
}

function header(headers: HttpResponse['headers'], name: string): string | undefined {
	const value = headers?.[name] ?? headers?.[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/**
 * The one way every node talks to its API: authenticates through n8n's
 * credential (`httpRequestWithAuthentication`), maps failures to `NodeApiError`
 * with the provider's own message, HTTP status and item index, and removes every
 * secret from anything the error shows.
 */
export async function apiRequest(
	this: RequestContext,
	provider: ApiProvider,
	request: ApiRequest,
): Promise<IDataObject> {
	const credentials = await this.getCredentials(provider.credentialType);
	const baseUrl = normalizeBaseUrl(credentials.baseUrl, provider.defaultBaseUrl);
	const secrets = secretValuesOf(credentials).filter((value) => value !== credentials.baseUrl);
	const hide = (text: string) => redactText(text, secrets, provider.secretQueryParameters);
	const where = `${request.method} ${hide(baseUrl + request.path)}`;

	const options: IHttpRequestOptions = {
		method: request.method,
		url: baseUrl + request.path,
		json: true,
		returnFullResponse: true,
		// Statuses are mapped below, so that no error n8n builds (with the full
		// URL, query string included) ever reaches the user.
		ignoreHttpStatusErrors: true,
	};
	if (request.body !== undefined) options.body = request.body;
	if (request.qs !== undefined) options.qs = request.qs;

	let response: HttpResponse;
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			provider.credentialType,
			options,
		)) as HttpResponse;
	} catch (error) {
		// No HTTP answer at all: refused, reset, DNS, TLS, timeout.
		const reason = hide(String((error as { code?: string }).code ?? (error as Error).message ?? error));
		throw new NodeApiError(
			this.getNode(),
			{ message: hide(String((error as Error).message ?? error)) } as JsonObject,
			{
				message: `Could not reach ${provider.displayName} (${reason})`,
				description: `${where} got no HTTP response. Check the Base URL in the credential and that the service is reachable.`,
				itemIndex: request.itemIndex,
			},
		);
	}

	if (response.statusCode >= 200 && response.statusCode < 300) return response.body as IDataObject;

	const parsed = provider.parseError(response.body);
	const failure: ApiFailure = {
		request,
		statusCode: response.statusCode,
		message: parsed.message ?? `HTTP ${response.statusCode}`,
		code: parsed.code,
		requestId: header(response.headers, 'x-request-id'),
	};
	const message =
		request.explain?.(failure) ?? provider.explainStatus?.(failure, credentials) ?? failure.message;
	const details = [
		`${provider.displayName} answered ${failure.statusCode} to ${where}.`,
		failure.code ? `Error code: ${failure.code}.` : '',
		failure.requestId ? `Request ID: ${failure.requestId}.` : '',
	].filter(Boolean);
	const body = redactValue(
		(response.body && typeof response.body === 'object' ? response.body : { body: response.body }) as JsonObject,
		secrets,
		provider.secretQueryParameters,
	);
	const error = new NodeApiError(this.getNode(), body, {
		message: hide(message),
		description: hide(details.join(' ')),
		httpCode: String(failure.statusCode),
		itemIndex: request.itemIndex,
	});
	if (failure.code) error.context.code = failure.code;
	if (failure.requestId) error.context.requestId = failure.requestId;
	throw error;
}
