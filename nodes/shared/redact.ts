/**
 * Removes secrets from any text a user, a log or an output item may see.
 *
 * Two kinds of leak are covered: the credential's own secret values anywhere in
 * the text, and secret query parameters in URLs (RD Station authenticates with
 * `?api_key=…`, and n8n's request errors carry the full URL).
 */
const MASK = '***';

export function redactText(
	text: string,
	secrets: readonly string[] = [],
	secretQueryParameters: readonly string[] = [],
): string {
	let result = text;
	for (const name of secretQueryParameters) {
		const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		// Also the URL-encoded `api_key%3D…` that appears inside encoded URLs.
		result = result.replace(new RegExp(`(${escaped}(?:=|%3D))[^&#\\s"'<>]*`, 'gi'), `$1${MASK}`);
	}
	for (const secret of secrets) {
		// Short values would mask ordinary words; real keys are long.
		if (secret.length >= 6) result = result.split(secret).join(MASK);
	}
	return result;
}

/** Deep copy of a JSON-like value with every string redacted. */
export function redactValue<T>(
	value: T,
	secrets: readonly string[] = [],
	secretQueryParameters: readonly string[] = [],
): T {
	if (typeof value === 'string') return redactText(value, secrets, secretQueryParameters) as T;
	if (Array.isArray(value)) {
		return value.map((entry) => redactValue(entry, secrets, secretQueryParameters)) as T;
	}
	if (value !== null && typeof value === 'object') {
		const copy: Record<string, unknown> = {};
		for (const [key, entry] of Object.entries(value)) {
			copy[key] = redactValue(entry, secrets, secretQueryParameters);
		}
		return copy as T;
	}
	return value;
}
