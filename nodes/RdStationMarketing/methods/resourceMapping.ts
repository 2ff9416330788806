import type { FieldType, ILoadOptionsFunctions, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';

import { ExecutionRun } from '../../shared/run';
import type { RdField } from '../helpers/customFields';
import { accountFields, labelOf, optionsOf } from '../helpers/customFields';
import { providerOf, rdStationApi } from '../provider';

/** RD's data types as the editor's inputs: numbers, true/false, a choice, a list. */
function typeOf(field: RdField): FieldType {
	if (field.data_type === 'INTEGER') return 'number';
	if (field.data_type === 'BOOLEAN') return 'boolean';
	if (field.data_type === 'STRING[]') return 'array';
	return optionsOf(field).length ? 'options' : 'string';
}

function mapperFieldOf(field: RdField): ResourceMapperField {
	const type = typeOf(field);
	return {
		id: field.api_identifier,
		displayName: field.custom_field ? labelOf(field) : `${labelOf(field)} (standard)`,
		required: false,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type,
		options: type === 'options' ? optionsOf(field) : undefined,
	};
}

/** The account's contact fields (custom first), from GET /platform/contacts/fields. */
export async function getContactFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	if (providerOf(this) === rdStationApi) {
		return {
			fields: [],
			emptyFieldsNotice: 'Your account’s fields load with OAuth2. With the API key, use "Custom Fields" (cf_…) instead.',
		};
	}
	const fields = (await accountFields(ExecutionRun.forLookup(this))).filter((field) => field.api_identifier !== 'email');
	return { fields: fields.map(mapperFieldOf), emptyFieldsNotice: 'Your RD Station account defines no contact fields.' };
}
