import { LOCAL_HOST_SOURCE } from '../../credentials/localHosts';

/** This machine and private networks (credentials/localHosts.ts): plain http needs no "Allow Unencrypted HTTP" there. */
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
