import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest } from '../../../shared/transport';
import type { Run } from '../../../shared/types';
import { failItem } from '../../../shared/validation';
import { FIELD_ANSWER } from '../../helpers/answers';
import type { RdField } from '../../helpers/customFields';
import { loadFieldList } from '../../helpers/customFields';
import {
	apiIdentifierOf,
	checkPresentation,
	DATA_TYPES,
	namesOf,
	PRESENTATION_TYPES,
	validOptionsOf,
} from '../../helpers/fieldDefinitions';
import { rdStationOAuth2Api } from '../../provider';
import { fieldLanguageProperty, fieldOptionsProperty, otherLanguagesProperty } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'API Identifier',
		name: 'apiIdentifier',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'cf_favorite_color',
		description: '"cf_" followed by lowercase letters, digits or "_" (64 characters at most); "cf_" is added when missing. It cannot be changed later.',
	},
	{ displayName: 'Name', name: 'name', type: 'string', required: true, default: '', placeholder: 'Cor favorita' },
	{ displayName: 'Label', name: 'label', type: 'string', default: '', description: 'Shown in forms; the name when empty' },
	fieldLanguageProperty,
	{ displayName: 'Data Type', name: 'dataType', type: 'options', options: DATA_TYPES, default: 'STRING' },
	{
		displayName: 'Presentation Type',
		name: 'presentationType',
		type: 'options',
		options: PRESENTATION_TYPES,
		default: 'TEXT_INPUT',
		description:
			'How forms show it. Text: text input, text area, URL, phone, email, combo box or radio button; whole number: number input; true or false: check box or radio button; list of texts: multiple choice or check box.',
	},
	fieldOptionsProperty('The choices of a combo box, radio button, multiple choice or list check box (required there, refused elsewhere)'),
	otherLanguagesProperty,
];

const displayOptions = { show: { resource: ['customField'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** Reads the account's fields: an identifier it already has is refused before sending. */
export const load = loadFieldList;

export function prepare(this: IExecuteFunctions, itemIndex: number, fields: RdField[]): IDataObject {
	const parameter = (name: string, fallback: unknown = '') => this.getNodeParameter(name, itemIndex, fallback);
	const apiIdentifier = apiIdentifierOf(this, parameter('apiIdentifier'), itemIndex);
	if (fields.some((field) => field.api_identifier === apiIdentifier)) {
		failItem(this.getNode(), [`API Identifier: expected one your account does not have yet, got "${apiIdentifier}" (it exists)`], itemIndex);
	}
	const language = String(parameter('language', 'pt-BR'));
	const name = String(parameter('name')).trim();
	if (!name) failItem(this.getNode(), [`Name: expected a value (it is required), got ${JSON.stringify(parameter('name'))}`], itemIndex);
	const others = ((parameter('otherLanguages', {}) as IDataObject).language ?? []) as IDataObject[];
	const texts = namesOf(this, itemIndex, { language, name, label: parameter('label') }, others);
	const dataType = String(parameter('dataType', 'STRING'));
	const presentation = String(parameter('presentationType', 'TEXT_INPUT'));
	const options = validOptionsOf(this, itemIndex, ((parameter('fieldOptions', {}) as IDataObject).option ?? []) as IDataObject[], language);
	checkPresentation(this, itemIndex, dataType, presentation, options.length);
	return {
		api_identifier: apiIdentifier,
		data_type: dataType,
		presentation_type: presentation,
		...texts,
		...(options.length ? { validation_rules: { valid_options: options } } : {}),
	};
}

/** POST /platform/contacts/fields (docs/rdstation-api.md §Custom fields): RD answers with the field. */
export async function send(this: IExecuteFunctions, body: IDataObject, itemIndex: number, run: Run): Promise<IDataObject> {
	return await apiRequest(run, rdStationOAuth2Api, { method: 'POST', path: '/platform/contacts/fields', body, itemIndex, expect: FIELD_ANSWER });
}

export const createdId = (output: IDataObject) => output.uuid ?? output.api_identifier;
