/*
 * This machine and private networks, where plain http is a reasonable
 * choice (a local proxy, a test server) without the user turning on "Allow
 * Unencrypted HTTP": localhost and *.localhost, 127.0.0.0/8, 10.0.0.0/8,
 * 172.16.0.0/12, 192.168.0.0/16, and IPv6 loopback, unique local (fc00::/7)
 * and link-local (fe80::/10). One pattern, matched against a URL's host:
 * the nodes test hosts with it, and the credentials' Test request (an n8n
 * expression, which cannot call this module) embeds its source.
 */
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
export const LOCAL_HOST_SOURCE = [
	'localhost',
	'(?:[a-z0-9-]+\\.)+localhost',
	`127(?:\\.${OCTET}){3}`,
	`10(?:\\.${OCTET}){3}`,
	`172\\.(?:1[6-9]|2\\d|3[01])(?:\\.${OCTET}){2}`,
	`192\\.168(?:\\.${OCTET}){2}`,
	'\\[(?:::1|f[cd][0-9a-f]{0,2}:[0-9a-f:.]*|fe[89ab][0-9a-f]?:[0-9a-f:.]*)\\]',
].join('|');

const LOCAL_HOST = new RegExp(`^(?:${LOCAL_HOST_SOURCE})$`, 'i');

/** Whether a URL's host (IPv6 in brackets, as `URL.hostname` gives it) is this machine or a private network. */
export function isLocalHost(hostname: string): boolean {
	const host = hostname.includes(':') && !hostname.startsWith('[') ? `[${hostname}]` : hostname;
	return LOCAL_HOST.test(host);
}

export interface BaseUrl {
	/** What requests are sent to: no trailing slash. */
	url: string;
	/** Its host (and port), to name it in messages. */
	host: string;
	/** Its host name or IP address (IPv6 without brackets), as n8n's SSRF settings name it. */
	hostname: string;
	/** The user info's password and name, when the URL carries them: secrets to redact. */
	secrets: string[];
}

export type BaseUrlCheck = { ok: true; baseUrl: BaseUrl } | { ok: false; problem: string };

/**
 * Checks the credential's Base URL before anything is sent: a full https://
 * address without query or fragment; http:// only for this machine or a
 * private network, or when the credential allows unencrypted HTTP.
 */
export function checkBaseUrl(value: unknown, fallback: string, allowUnencryptedHttp: boolean): BaseUrlCheck {
	const given = typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback;
	let parsed: URL;
	try {
		parsed = new URL(given);
	} catch {
		return { ok: false, problem: 'expected a full address starting with https://, got text that is not a URL' };
	}
	const scheme = parsed.protocol;
	if (scheme !== 'https:' && scheme !== 'http:') {
		return { ok: false, problem: `expected an address starting with https://, got a "${scheme}" address` };
	}
	if (scheme === 'http:' && !allowUnencryptedHttp && !isLocalHost(parsed.hostname)) {
		return {
			ok: false,
			problem:
				'expected an address starting with https:// (plain http:// sends the key unencrypted). For a server on your own network, turn on "Allow Unencrypted HTTP" in the credential',
		};
	}
	if (parsed.search || parsed.hash || given.includes('#')) {
		return { ok: false, problem: 'expected an address without "?" or "#" parts' };
	}
	const secrets = [parsed.password, decodeURIComponent(parsed.password), parsed.username, decodeURIComponent(parsed.username)]
		.filter((secret) => secret !== '');
	return { ok: true, baseUrl: { url: given.replace(/\/+$/, ''), host: parsed.host, hostname: parsed.hostname.replace(/^\[|\]$/g, ''), secrets } };
}
