/*
 * This machine and private networks, where plain http is a reasonable
 * choice (a local proxy, a test server) without the user turning on "Allow
 * Unencrypted HTTP": localhost and *.localhost, 127.0.0.0/8, 10.0.0.0/8,
 * 172.16.0.0/12, 192.168.0.0/16, and IPv6 loopback, unique local (fc00::/7)
 * and link-local (fe80::/10). One pattern, matched against a URL's host:
 * the credentials' Test request (an n8n expression, which cannot call a
 * module) embeds its source, and the nodes test hosts with it
 * (nodes/shared/baseUrl.ts). It lives here because the Base URL is the
 * credential's field: nodes import from credentials/, never the other way.
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
