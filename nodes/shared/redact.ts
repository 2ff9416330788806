/**
 * The one redactor every string leaving the transport goes through: output
 * items, errors (message, description, context, cause, stack, the provider's
 * answer, its keys as well as its values) and anything logged.
 *
 * It hides the credential's secret values (as sent and URL-encoded), secret
 * query parameters (RD Station authenticates with `?api_key=…`) and the user
 * info of URLs (`https://user:pass@proxy…`).
 */
const MASK = '***';

/** Short values would mask ordinary words; real keys and tokens are long. */
const MIN_SECRET_LENGTH = 6;

/** `scheme://user:pass@` or `scheme://user@` (also URL-encoded `://`). */
const URL_USER_INFO = /([a-z][a-z0-9+.-]*:(?:\/\/|%2F%2F))[^\s/?#@"'<>]*@/gi;

/** Credential fields that hold addresses or settings, not secrets. */
const NOT_SECRET_FIELDS = new Set([
	'baseUrl',
	'allowUnencryptedHttp',
	'authUrl',
	'accessTokenUrl',
	'scope',
	'authQueryParameters',
	'authentication',
	'grantType',
	'token_type',
	'expires_in',
]);

/** `Bearer <token>`, wherever it is echoed. */
const BEARER = /(\bBearer\s+)[A-Za-z0-9._~+/=-]{6,}/g;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every string of a credential that is a secret: its values, deep (OAuth2 tokens sit in `oauthTokenData`). */
export function credentialSecrets(credentials: object): string[] {
	const found: string[] = [];
	const visit = (value: unknown, key: string) => {
		if (NOT_SECRET_FIELDS.has(key)) return;
		if (typeof value === 'string') {
			if (value.length >= MIN_SECRET_LENGTH && !/^https?:\/\//i.test(value)) found.push(value);
		} else if (value && typeof value === 'object') {
			for (const [childKey, child] of Object.entries(value)) visit(child, childKey);
		}
	};
	visit(credentials, '');
	return found;
}

export class Redactor {
	private readonly secrets: string[];

	private readonly queryPatterns: RegExp[];

	/** Each query pattern's parameter name, lower case: the literal it needs to match. */
	private readonly queryNames: string[];

	constructor(secrets: readonly string[] = [], secretQueryParameters: readonly string[] = []) {
		const variants = new Set<string>();
		for (const secret of secrets) {
			if (secret.length < MIN_SECRET_LENGTH) continue;
			variants.add(secret);
			variants.add(encodeURIComponent(secret));
		}
		// Longest first, so that a secret containing another is masked whole.
		this.secrets = [...variants].sort((a, b) => b.length - a.length);
		// Also the URL-encoded `api_key%3D…` that appears inside encoded URLs.
		this.queryPatterns = secretQueryParameters.map(
			(name) => new RegExp(`(${escapeRegExp(name)}(?:=|%3D))[^&#\\s"'<>]*`, 'gi'),
		);
		this.queryNames = secretQueryParameters.map((name) => name.toLowerCase());
	}

	text(text: string): string {
		// Each pattern only where its literal part occurs: most strings of an answer hold none (1,000 leads: ~10,000 strings).
		let result = text.includes('@') ? text.replace(URL_USER_INFO, `$1${MASK}@`) : text;
		// A refreshed OAuth2 token is not among the credential's values read at the start of the run.
		if (result.includes('Bearer')) result = result.replace(BEARER, `$1${MASK}`);
		if (this.queryPatterns.length) {
			const lower = result.toLowerCase();
			this.queryPatterns.forEach((pattern, index) => {
				if (lower.includes(this.queryNames[index])) result = result.replace(pattern, `$1${MASK}`);
			});
		}
		for (const secret of this.secrets) if (result.includes(secret)) result = result.split(secret).join(MASK);
		return result;
	}

	/** A deep copy of a JSON-like value with every string redacted, keys included. */
	value<T>(value: T): T {
		return this.copy(value, new WeakSet()) as T;
	}

	private copy(value: unknown, seen: WeakSet<object>): unknown {
		if (typeof value === 'string') return this.text(value);
		if (value === null || typeof value !== 'object') return value;
		if (seen.has(value)) return '[circular]';
		seen.add(value);
		if (Array.isArray(value)) return value.map((entry) => this.copy(entry, seen));
		const copy: Record<string, unknown> = {};
		for (const [key, entry] of Object.entries(value)) copy[this.text(key)] = this.copy(entry, seen);
		return copy;
	}

	/**
	 * Redacts an error in place: its message, stack and every own property
	 * (description, context, cause, the provider's answer…), so that neither
	 * its JSON nor an inspection of it shows a secret.
	 */
	error<E extends Error>(error: E): E {
		const target = error as unknown as Record<string, unknown>;
		for (const key of Object.getOwnPropertyNames(error)) {
			const value = target[key];
			if (key === 'node' || typeof value === 'function') continue;
			if (typeof value === 'string' || (value && typeof value === 'object')) {
				try {
					target[key] = value instanceof Error ? this.plainError(value) : this.value(value);
				} catch {
					// A read-only property: nothing of ours wrote it.
				}
			}
		}
		return error;
	}

	private plainError(error: Error): Record<string, unknown> {
		const plain: Record<string, unknown> = { name: error.name, message: error.message };
		for (const key of Object.getOwnPropertyNames(error)) {
			const value = (error as unknown as Record<string, unknown>)[key];
			if (typeof value !== 'function' && !(value instanceof Error)) plain[key] = value;
		}
		return this.value(plain);
	}
}
