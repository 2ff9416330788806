import type {
	FieldType,
	ILoadOptionsFunctions,
	INodePropertyOptions,
	ResourceMapperField,
	ResourceMapperFields,
} from 'n8n-workflow';

import { ExecutionRun } from '../../shared/run';
import { apiRequest } from '../../shared/transport';
import type { ConversionType, ConversionTypeField } from '../provider';
import { conversionTypeList, listFrom, nexorApi } from '../provider';

function optionsOf(field: ConversionTypeField): INodePropertyOptions[] | undefined {
	if (!Array.isArray(field.options) || field.options.length === 0) return undefined;
	return field.options.map((option) =>
		typeof option === 'string'
			? { name: option, value: option }
			: { name: String(option.label ?? option.name ?? option.value), value: String(option.value ?? option.name) },
	);
}

function mapperFieldOf(field: ConversionTypeField): ResourceMapperField {
	const options = optionsOf(field);
	const type: FieldType = options ? 'options' : field.type === 'number' ? 'number' : 'string';
	return {
		id: field.key,
		displayName: field.label || field.key,
		required: field.required === true,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type,
		options,
	};
}

/** The chosen conversion type's own fields (`fields[]`), as inputs of "Conversion → Create". */
export async function getConversionTypeFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	// Raw: an expression cannot be resolved in the editor (there is no input item yet). Version 2 keeps a picker's value.
	const chosen = this.getNodeParameter('conversionTypeId', '', { rawExpressions: true }) as unknown;
	const typeId = String((chosen && typeof chosen === 'object' ? (chosen as { value?: unknown }).value : chosen) ?? '');
	if (!typeId || typeId.startsWith('=')) {
		return {
			fields: [],
			emptyFieldsNotice:
				'Choose a conversion type from the list to see its fields. With an expression, use "Extra Metadata" instead.',
		};
	}
	const response = await apiRequest(ExecutionRun.forLookup(this), nexorApi, {
		method: 'GET',
		path: '/conversion-types',
		expect: conversionTypeList,
	});
	const type = listFrom<ConversionType>(response, 'conversion_types').find((entry) => entry.id === typeId);
	if (!type) {
		return {
			fields: [],
			emptyFieldsNotice: `No active conversion type with ID ${typeId}. Choose one from the list.`,
		};
	}
	return {
		fields: (type.fields ?? []).filter((field) => typeof field?.key === 'string').map(mapperFieldOf),
		emptyFieldsNotice: `The conversion type "${type.name}" defines no fields.`,
	};
}
