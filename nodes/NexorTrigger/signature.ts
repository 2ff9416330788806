import { createHmac, timingSafeEqual } from 'node:crypto';

/*
 * Nexor signs its webhook deliveries (official), but the pages found do not
 * say how. A secondary source says: header `X-Nexor-Signature`, HMAC-SHA256
 * of the raw body with the subscription's signing secret
 * (docs/nexor-api.md §Webhooks.Signature). Until Nexor confirms the format,
 * every plausible encoding of that one scheme is accepted — and nothing
 * weaker:
 *  - the digest in hex or in base64 (or base64url), alone or behind
 *    "sha256=" (GitHub's style);
 *  - "t=<timestamp>,v1=<digest>" (Stripe's style), the digest then over
 *    "<timestamp>.<raw body>" or over the raw body; several v1= (a secret
 *    being rotated) each tried;
 *  - a separate `X-Nexor-Timestamp` header, likewise "<timestamp>.<raw body>".
 * Every digest is compared with the expected one in constant time. The
 * timestamp is not checked against the clock: Nexor retries a delivery up to
 * 30 minutes later and whether it signs again is not known; a replayed
 * delivery is caught by its event_id instead (startedEvents.ts).
 */

export const SIGNATURE_HEADER = 'x-nexor-signature';
export const TIMESTAMP_HEADER = 'x-nexor-timestamp';

const HEX_DIGEST = /^[0-9a-f]{64}$/i;
const BASE64_DIGEST = /^[A-Za-z0-9+/_-]{43}={0,2}$/;
const DIGEST_BYTES = 32;

export type SignatureCheck = { valid: true } | { valid: false; reason: string };

/** A digest as sent (hex or base64), as bytes; undefined when it is neither or not 32 bytes long. */
function digestBytes(text: string): Buffer | undefined {
	const value = text.trim();
	if (HEX_DIGEST.test(value)) return Buffer.from(value, 'hex');
	if (!BASE64_DIGEST.test(value)) return undefined;
	const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
	return bytes.length === DIGEST_BYTES ? bytes : undefined;
}

/** The header's parts: the digests it carries and the timestamp it names. */
function parseHeader(header: string): { digests: Buffer[]; timestamp?: string } {
	const digests: Buffer[] = [];
	let timestamp: string | undefined;
	for (const part of header.split(',')) {
		const [key, ...rest] = part.trim().split('=');
		const value = rest.join('=');
		if (rest.length === 0 || key === '') {
			// A bare digest (its base64 padding aside, which the split above leaves in `rest`).
			const bytes = digestBytes(part);
			if (bytes) digests.push(bytes);
			continue;
		}
		const name = key.trim().toLowerCase();
		if (name === 't' || name === 'ts' || name === 'timestamp') timestamp = value.trim();
		else if (['v1', 'sha256', 'signature', 's'].includes(name)) {
			const bytes = digestBytes(value);
			if (bytes) digests.push(bytes);
		} else {
			// Base64 padding ("…==") split as if it were a key: the whole part is the digest.
			const bytes = digestBytes(part);
			if (bytes) digests.push(bytes);
		}
	}
	return { digests, timestamp };
}

const hmac = (secret: string, ...parts: Array<string | Buffer>) => {
	const mac = createHmac('sha256', secret);
	for (const part of parts) mac.update(part);
	return mac.digest();
};

/** Whether `signature` is a valid signature of `rawBody` with `secret` (see the readings above). */
export function checkSignature(
	rawBody: Buffer,
	{ signature, timestamp }: { signature?: string; timestamp?: string },
	secret: string,
): SignatureCheck {
	if (!signature || !signature.trim()) return { valid: false, reason: 'the delivery has no X-Nexor-Signature header' };
	const parsed = parseHeader(signature);
	if (parsed.digests.length === 0) return { valid: false, reason: 'the X-Nexor-Signature header holds no SHA-256 digest (hex or base64)' };
	const stamps = [parsed.timestamp, timestamp?.trim()].filter((stamp): stamp is string => !!stamp);
	const expected = [hmac(secret, rawBody), ...stamps.map((stamp) => hmac(secret, `${stamp}.`, rawBody))];
	// Every pair is compared (no early exit on the first digest), each in constant time.
	let matched = false;
	for (const digest of parsed.digests) {
		for (const candidate of expected) matched = timingSafeEqual(digest, candidate) || matched;
	}
	return matched ? { valid: true } : { valid: false, reason: 'the X-Nexor-Signature does not match the signing secret' };
}
