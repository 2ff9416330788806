const IPV4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/;

/**
 * Whether a host is this machine or a private network, where plain http is
 * a reasonable choice (a local proxy, a test server) without the user
 * turning on "Allow Unencrypted HTTP".
 */
export function isLocalHost(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	if (host === 'localhost' || host.endsWith('.localhost')) return true;
	const ipv4 = IPV4.exec(host);
	if (ipv4) {
		const [a, b] = [Number(ipv4[1]), Number(ipv4[2])];
		return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
	}
	// IPv6 (URL hosts keep their brackets): loopback, unique local fc00::/7, link-local fe80::/10.
	if (host.includes(':')) return host === '::1' || /^f[cd][0-9a-f]{0,2}:/.test(host) || /^fe[89ab][0-9a-f]?:/.test(host);
	return false;
}

export interface BaseUrl {
	/** What requests are sent to: no trailing slash. */
	url: string;
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
	return { ok: true, baseUrl: { url: given.replace(/\/+$/, ''), secrets } };
}
