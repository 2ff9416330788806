import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { listAt } from '../../shared/expect';
import { ExecutionRun } from '../../shared/run';
import { apiRequest } from '../../shared/transport';
import type { ConversionType } from '../provider';
import { conversionTypeList, listFrom, nexorApi } from '../provider';

interface Named {
	id: string;
	name?: string;
	description?: string | null;
}

async function namedList(
	context: ILoadOptionsFunctions,
	path: string,
	key: string,
): Promise<INodePropertyOptions[]> {
	const response = await apiRequest(ExecutionRun.forLookup(context), nexorApi, {
		method: 'GET',
		path,
		// Shape unconfirmed: `{ success, <key>: [...] }` or a bare array.
		expect: listAt(key, `a list of ${key}`, true),
	});
	return listFrom<Named>(response, key)
		.map((entry) => ({
			name: entry.name ?? entry.id,
			value: entry.id,
			description: entry.description ?? undefined,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export async function getWorkflows(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return [{ name: 'None', value: '' }, ...(await namedList(this, '/workflows', 'workflows'))];
}

export async function getCampaigns(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return [{ name: 'None', value: '' }, ...(await namedList(this, '/campaigns', 'campaigns'))];
}

export async function getConversionTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const response = await apiRequest(ExecutionRun.forLookup(this), nexorApi, {
		method: 'GET',
		path: '/conversion-types',
		expect: conversionTypeList,
	});
	return listFrom<ConversionType>(response as IDataObject, 'conversion_types')
		.map((type) => ({
			name: type.name,
			value: type.id,
			description: [type.category, type.currency, type.description].filter(Boolean).join(' · '),
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
