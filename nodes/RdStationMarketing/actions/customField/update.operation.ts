import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { apiRequest } from '../../../shared/transport';
import type { Run } from '../../../shared/types';
import { failItem, pathSegment } from '../../../shared/validation';
import { FIELD_ANSWER } from '../../helpers/answers';
import type { RdField } from '../../helpers/customFields';
import { customFieldOf, loadFieldList } from '../../helpers/customFields';
import { checkPresentation, LANGUAGES, namesOf, PRESENTATION_TYPES, validOptionsOf } from '../../helpers/fieldDefinitions';
import { rdStationOAuth2Api } from '../../provider';
import { customFieldLocatorProperty, fieldOptionsProperty, otherLanguagesProperty } from '../common.descriptions';

const properties: INodeProperties[] = [
	customFieldLocatorProperty,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'What to change; the API identifier and data type stay as they are',
		options: [
			{ displayName: 'Label', name: 'label', type: 'string', default: '', description: 'Shown in forms' },
			{
				displayName: 'Language',
				name: 'language',
				type: 'options',
				options: LANGUAGES,
				default: 'pt-BR',
				description: 'The language of the name and label given here (others are kept)',
			},
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{ displayName: 'Presentation Type', name: 'presentationType', type: 'options', options: PRESENTATION_TYPES, default: 'TEXT_INPUT' },
		],
	},
	fieldOptionsProperty('The field’s choices, replacing the ones it has; empty: kept as they are'),
	otherLanguagesProperty,
];

const displayOptions = { show: { resource: ['customField'], operation: ['update'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface FieldUpdate {
	uuid: string;
	body: IDataObject;
}

/** Reads the account's fields: the field is found (and checked to be a custom one) among them. */
export const load = loadFieldList;

export function prepare(this: IExecuteFunctions, itemIndex: number, fields: RdField[]): FieldUpdate {
	const field = customFieldOf(this, itemIndex, fields);
	const changes = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const language = String(changes.language ?? 'pt-BR');
	const others = ((this.getNodeParameter('otherLanguages', itemIndex, {}) as IDataObject).language ?? []) as IDataObject[];
	// Names per language merged into the field's own: a language not given keeps its text.
	const texts = namesOf(this, itemIndex, { language, name: changes.name, label: changes.label }, others, field);
	const optionRows = ((this.getNodeParameter('fieldOptions', itemIndex, {}) as IDataObject).option ?? []) as IDataObject[];
	const options = validOptionsOf(this, itemIndex, optionRows, language);
	const dataType = field.data_type ?? 'STRING';
	const presentation = (changes.presentationType as string | undefined) ?? field.presentation_type ?? 'TEXT_INPUT';
	const keptOptions = options.length ? options.length : (field.validation_rules?.valid_options ?? []).length;
	if (changes.presentationType !== undefined || options.length) checkPresentation(this, itemIndex, dataType, presentation, keptOptions);
	const body: IDataObject = {
		...texts,
		...(changes.presentationType !== undefined ? { presentation_type: presentation } : {}),
		...(options.length ? { validation_rules: { valid_options: options } } : {}),
	};
	if (Object.keys(body).length === 0) {
		failItem(this.getNode(), ['Update Fields: expected a name, label, presentation type or options to change, got none'], itemIndex);
	}
	return { uuid: pathSegment(this.getNode(), field.uuid, 'Field', itemIndex), body };
}

/** PATCH /platform/contacts/fields/{uuid} (docs/rdstation-api.md §Custom fields): RD answers with the field. */
export async function send(this: IExecuteFunctions, { uuid, body }: FieldUpdate, itemIndex: number, run: Run): Promise<IDataObject> {
	return await apiRequest(run, rdStationOAuth2Api, { method: 'PATCH', path: `/platform/contacts/fields/${uuid}`, body, itemIndex, expect: FIELD_ANSWER });
}
