import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

/*
 * Building blocks for validating an item's input before any request is sent.
 * Every message is phrased as what was expected, so that `parseItemInput` can
 * say "<Field>: expected <message>, got <value> [item N]".
 * Only zod 3.25 API is used: n8n provides zod 3.25 to community packages.
 */

const NUMERIC_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Spreadsheets and forms hand numbers over as text ("85000.00"), and so do AI models: accept those, nothing looser. */
export function numberFromText(value: unknown): unknown {
	if (typeof value === 'string' && NUMERIC_TEXT.test(value.trim())) return Number(value.trim());
	return value;
}

const BOOLEAN_TEXT: Record<string, boolean> = { true: true, false: false };

/** true/false also as text ("true", "FALSE"): what spreadsheets, forms and AI models send; "yes", "1" and the like stay as they are. */
export function booleanFromText(value: unknown): unknown {
	return typeof value === 'string' ? (BOOLEAN_TEXT[value.trim().toLowerCase()] ?? value) : value;
}

const emptyToUndefined = (value: unknown) =>
	value === '' || value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value;

/** Luxon DateTime and JS Date (from expressions) become ISO text; other values pass through. */
function dateToText(value: unknown): unknown {
	if (value instanceof Date) return value.toISOString();
	if (value && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		return (value as { toISO: () => string }).toISO();
	}
	return value;
}

/** A lone UTF-16 surrogate: text that cannot be sent as UTF-8 (it would arrive as "\uFFFD"). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/*
 * No provider documents a length limit for these fields; longer text is
 * almost surely a mapping mistake (a whole file or page in one field), and is
 * refused here rather than by the API with a less clear message.
 */
export const MAX_TEXT_LENGTH = 65_535;

/** Text as every field takes it: well-formed Unicode, at most MAX_TEXT_LENGTH characters. */
const text = (message: { required_error?: string; invalid_type_error: string }) =>
	z
		.string(message)
		.trim()
		.refine((value) => !LONE_SURROGATE.test(value), 'valid text (it holds a broken character that is not valid UTF-8)')
		.refine((value) => value.length <= MAX_TEXT_LENGTH, `text of at most ${MAX_TEXT_LENGTH} characters`);

export const requiredText = text({ required_error: 'a value (it is required)', invalid_type_error: 'text' }).refine(
	(value) => value.length > 0,
	'a value (it is required)',
);

export const optionalText = z.preprocess(emptyToUndefined, text({ invalid_type_error: 'text' }).optional());

const UUID_MESSAGE = 'a UUID such as 123e4567-e89b-12d3-a456-426614174000';
export const uuid = z
	.string({ required_error: `${UUID_MESSAGE} (it is required)`, invalid_type_error: UUID_MESSAGE })
	.trim()
	.uuid(UUID_MESSAGE);
export const optionalUuid = z.preprocess(emptyToUndefined, uuid.optional());

export const finiteNumber = z.preprocess(
	(value) => emptyToUndefined(numberFromText(value)),
	z
		.number({ required_error: 'a number (it is required)', invalid_type_error: 'a number' })
		.finite('a finite number'),
);

export const optionalEmail = z.preprocess(
	emptyToUndefined,
	z
		.string({ invalid_type_error: 'an email address such as jane@example.com' })
		.trim()
		.email('an email address such as jane@example.com')
		.optional(),
);

export const email = z
	.string({
		required_error: 'an email address (it is required)',
		invalid_type_error: 'an email address such as jane@example.com',
	})
	.trim()
	.min(1, 'an email address (it is required)')
	.email('an email address such as jane@example.com');

export const optionalCurrency = z.preprocess(
	emptyToUndefined,
	z
		.string({ invalid_type_error: 'a 3-letter ISO 4217 currency code such as USD' })
		.trim()
		.regex(/^[A-Za-z]{3}$/, 'a 3-letter ISO 4217 currency code such as USD')
		.transform((code) => code.toUpperCase())
		.optional(),
);

export const optionalIsoDateTime = z.preprocess(
	(value) => emptyToUndefined(dateToText(value)),
	z
		.string({ invalid_type_error: 'an ISO 8601 date-time such as 2026-02-01T15:30:00Z' })
		.trim()
		.refine(
			(text) => ISO_8601.test(text) && !Number.isNaN(Date.parse(text)),
			'an ISO 8601 date-time such as 2026-02-01T15:30:00Z',
		)
		.optional(),
);

/** A metadata value as the APIs accept it: text, a finite number or true/false, never nested. */
export const flatValue = z.custom<string | number | boolean>(
	(value) =>
		typeof value === 'string' ||
		typeof value === 'boolean' ||
		(typeof value === 'number' && Number.isFinite(value)),
	'text, a number or true/false (not an object, a list or empty)',
);
export const flatRecord = z.record(flatValue, {
	invalid_type_error: 'an object of names and values',
});

function preview(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (typeof value === 'string' && value.length > 80) return `${value.length} characters starting ${JSON.stringify(value.slice(0, 20))}`;
	let text: string;
	try {
		text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
	} catch {
		text = String(value);
	}
	return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function valueAt(input: unknown, path: Array<string | number>): unknown {
	let current = input;
	for (const key of path) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string | number, unknown>)[key];
	}
	return current;
}

/** The user-facing name of a zod path, e.g. `Amount` or `Metadata "age"`. */
function fieldName(path: Array<string | number>, labels: Record<string, string>): string {
	const [first, ...rest] = path;
	const base = labels[String(first)] ?? String(first);
	return rest.length ? `${base} "${rest.join('.')}"` : base;
}

/*
 * Names that JavaScript objects treat specially: n8n's HTTP layer merges the
 * body as an object, and these would vanish on the way to the API.
 */
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

export const isReservedName = (name: string) => RESERVED_NAMES.has(name);

export const RESERVED_NAME_EXPECTATION =
	'a name other than "__proto__", "constructor" or "prototype" (those cannot be sent)';

/** The path of the first reserved name among the own keys of `input`, searched deep. */
function reservedNamePath(input: unknown, path: Array<string | number> = []): Array<string | number> | undefined {
	if (!input || typeof input !== 'object') return undefined;
	for (const key of Object.keys(input)) {
		if (isReservedName(key)) return [...path, key];
		const value = (input as Record<string, unknown>)[key];
		// Only objects hold more names (no path is built for the many plain values of every item).
		const inner = value && typeof value === 'object' ? reservedNamePath(value, [...path, key]) : undefined;
		if (inner) return inner;
	}
	return undefined;
}

/**
 * A value that goes into a URL path, as exactly one segment: refuses what
 * would change the endpoint ("/", "\\", "?", "#", "." and "..", control
 * characters) and encodes the rest.
 */
export function pathSegment(node: INode, value: unknown, label: string, itemIndex: number): string {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
	if (text === undefined || text === '') {
		return failItem(node, [`${label}: expected a value (it is required), got ${preview(value)}`], itemIndex);
	}
	// eslint-disable-next-line no-control-regex
	if (text === '.' || text === '..' || /[/\\?#\s\u0000-\u001f\u007f]/.test(text)) {
		return failItem(
			node,
			[`${label}: expected one ID without "/", "\\", "?", "#" or spaces, and not "." or "..", got ${preview(text)}`],
			itemIndex,
		);
	}
	return encodeURIComponent(text);
}

/**
 * Validates one item's input against `schema`; on failure throws a
 * NodeOperationError naming the field, the item and what was expected.
 */
export function parseItemInput<S extends z.ZodTypeAny>(
	node: INode,
	schema: S,
	input: unknown,
	labels: Record<string, string>,
	itemIndex: number,
): z.output<S> {
	const reserved = reservedNamePath(input);
	if (reserved) {
		return failItem(node, [`${fieldName(reserved.slice(0, -1), labels)}: expected ${RESERVED_NAME_EXPECTATION}, got "${reserved[reserved.length - 1]}"`], itemIndex);
	}
	const result = schema.safeParse(input);
	if (result.success) return result.data;
	const problems = result.error.issues.map((issue) => {
		const name = fieldName(issue.path, labels);
		if (issue.code === 'custom' && issue.path.length === 0) return issue.message;
		return `${name}: expected ${issue.message}, got ${preview(valueAt(input, issue.path))}`;
	});
	return failItem(node, problems, itemIndex);
}

/** The fields that have a value: what goes into a request body. */
export function definedOnly(fields: object): IDataObject {
	return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as IDataObject;
}

/** Refuses an item's input with one or more problems, before any request is sent. */
export function failItem(node: INode, problems: string[], itemIndex: number): never {
	const [first, ...others] = problems;
	throw new NodeOperationError(node, `${first} [item ${itemIndex}]`, {
		itemIndex,
		description: others.length
			? `Other problems in this item: ${others.join('; ')}`
			: 'Nothing was sent for this item.',
	});
}
