import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { failItem, isReservedName } from '../../shared/validation';
import type { RdField } from './customFields';
import { CUSTOM_FIELD_NAME_EXPECTATION, isCustomFieldName } from './eventPayload';

/*
 * Creating and changing the account's custom fields
 * (docs/rdstation-api.md §Custom fields): the identifier rules, which
 * presentation goes with which data type, and options labelled per language.
 */

export const DATA_TYPES = [
	{ name: 'Text', value: 'STRING' },
	{ name: 'Whole Number', value: 'INTEGER' },
	{ name: 'True or False', value: 'BOOLEAN' },
	{ name: 'List of Texts', value: 'STRING[]' },
];

export const PRESENTATION_TYPES = [
	{ name: 'Check Box', value: 'CHECK_BOX' },
	{ name: 'Combo Box', value: 'COMBO_BOX' },
	{ name: 'Email Input', value: 'EMAIL_INPUT' },
	{ name: 'Multiple Choice', value: 'MULTIPLE_CHOICE' },
	{ name: 'Number Input', value: 'NUMBER_INPUT' },
	{ name: 'Phone Input', value: 'PHONE_INPUT' },
	{ name: 'Radio Button', value: 'RADIO_BUTTON' },
	{ name: 'Text Area', value: 'TEXT_AREA' },
	{ name: 'Text Input', value: 'TEXT_INPUT' },
	{ name: 'URL Input', value: 'URL_INPUT' },
];

/*
 * RD does not publish which presentation goes with which data type. These
 * pairs are the ones its forms make sense of (and the ones its own fields
 * use); another pair is refused here rather than by RD with a vaguer message.
 */
export const PRESENTATIONS_BY_DATA_TYPE: Record<string, string[]> = {
	STRING: ['TEXT_INPUT', 'TEXT_AREA', 'URL_INPUT', 'PHONE_INPUT', 'EMAIL_INPUT', 'COMBO_BOX', 'RADIO_BUTTON'],
	INTEGER: ['NUMBER_INPUT'],
	BOOLEAN: ['CHECK_BOX', 'RADIO_BUTTON'],
	'STRING[]': ['MULTIPLE_CHOICE', 'CHECK_BOX'],
};

/** Presentations that offer a choice among options: they need options (a true/false radio button takes none). */
export const needsOptions = (dataType: string, presentation: string) =>
	['COMBO_BOX', 'MULTIPLE_CHOICE'].includes(presentation) ||
	(presentation === 'RADIO_BUTTON' && dataType === 'STRING') ||
	(presentation === 'CHECK_BOX' && dataType === 'STRING[]');

export const LANGUAGES = [
	{ name: 'Portuguese (Brazil)', value: 'pt-BR', description: 'Code pt-BR' },
	{ name: 'English', value: 'en', description: 'Code en' },
	{ name: 'Spanish', value: 'es', description: 'Code es' },
];

const LANGUAGE_CODE = /^[a-z]{2}(-[A-Z]{2})?$/;

/** The identifier as RD takes it: "cf_" added when missing, then cf_ + lowercase letters, digits or "_", 64 at most. */
export function apiIdentifierOf(context: IExecuteFunctions, given: unknown, itemIndex: number): string {
	const text = typeof given === 'string' ? given.trim() : '';
	const identifier = text.startsWith('cf_') ? text : `cf_${text}`;
	if (!text || !isCustomFieldName(identifier) || isReservedName(text)) {
		failItem(context.getNode(), [`API Identifier: expected ${CUSTOM_FIELD_NAME_EXPECTATION}, got ${JSON.stringify(given)}`], itemIndex);
	}
	return identifier;
}

/** Checks a data type and presentation pair, and the options it needs (or must not have). */
export function checkPresentation(context: IExecuteFunctions, itemIndex: number, dataType: string, presentation: string, optionCount: number): void {
	const problems: string[] = [];
	const allowed = PRESENTATIONS_BY_DATA_TYPE[dataType];
	if (!allowed) problems.push(`Data Type: expected one of ${Object.keys(PRESENTATIONS_BY_DATA_TYPE).join(', ')}, got ${JSON.stringify(dataType)}`);
	else if (!allowed.includes(presentation)) {
		problems.push(`Presentation Type: expected one of ${allowed.join(', ')} for data type ${dataType}, got ${JSON.stringify(presentation)}`);
	} else if (needsOptions(dataType, presentation) && optionCount === 0) {
		problems.push(`Options: expected at least one option for ${presentation}, got none`);
	} else if (!needsOptions(dataType, presentation) && optionCount > 0) {
		problems.push(`Options: expected none for ${presentation} (${dataType}), got ${optionCount}`);
	}
	if (problems.length) failItem(context.getNode(), problems, itemIndex);
}

function checkLanguage(context: IExecuteFunctions, itemIndex: number, label: string, language: unknown): string {
	const code = typeof language === 'string' ? language.trim() : '';
	if (!LANGUAGE_CODE.test(code)) failItem(context.getNode(), [`${label}: expected a language code such as pt-BR or en, got ${JSON.stringify(language)}`], itemIndex);
	return code;
}

/**
 * The field's texts per language: `{ "<language>": name }` and the same for
 * the label, from the main language's Name and Label and any "Other
 * Languages" rows; `current` (the field as the account has it) is kept for
 * languages not given.
 */
export function namesOf(
	context: IExecuteFunctions,
	itemIndex: number,
	main: { language: unknown; name: unknown; label: unknown },
	others: IDataObject[],
	current?: RdField,
): { name?: Record<string, string>; label?: Record<string, string> } {
	const rows: Array<{ language: unknown; name: unknown; label: unknown; where: string }> = [
		{ ...main, where: 'Language' },
		...others.map((row, index) => ({ language: row.language, name: row.name, label: row.label, where: `Other Languages ${index + 1}` })),
	];
	const name: Record<string, string> = { ...(current?.name ?? {}) };
	const label: Record<string, string> = { ...(current?.label ?? {}) };
	let changed = false;
	for (const row of rows) {
		const nameText = typeof row.name === 'string' ? row.name.trim() : '';
		const labelText = typeof row.label === 'string' ? row.label.trim() : '';
		if (!nameText && !labelText) continue;
		const language = checkLanguage(context, itemIndex, row.where, row.language);
		if (nameText) name[language] = nameText;
		// A label defaults to the name: RD shows the label in forms.
		if (labelText || nameText) label[language] = labelText || nameText;
		changed = true;
	}
	return changed ? { name, label } : {};
}

/**
 * The options, labelled per language: rows with the same value are one
 * option whose label has each row's language (the field's language when a
 * row names none).
 */
export function validOptionsOf(context: IExecuteFunctions, itemIndex: number, rows: IDataObject[], fieldLanguage: string): IDataObject[] {
	const options = new Map<string, Record<string, string>>();
	rows.forEach((row, index) => {
		const value = typeof row.value === 'string' ? row.value.trim() : typeof row.value === 'number' ? String(row.value) : '';
		if (!value) failItem(context.getNode(), [`Options ${index + 1} value: expected a value (it is required), got ${JSON.stringify(row.value)}`], itemIndex);
		const language = row.language ? checkLanguage(context, itemIndex, `Options ${index + 1} language`, row.language) : fieldLanguage;
		const label = typeof row.label === 'string' && row.label.trim() ? row.label.trim() : value;
		const labels = options.get(value) ?? {};
		if (labels[language] !== undefined) {
			failItem(context.getNode(), [`Options ${index + 1}: expected one label per language for "${value}", got a second one in ${language}`], itemIndex);
		}
		options.set(value, { ...labels, [language]: label });
	});
	return [...options].map(([value, label]) => ({ value, label }));
}
