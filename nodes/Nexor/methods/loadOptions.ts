import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { ExecutionRun } from '../../shared/run';
import { apiRequest } from '../../shared/transport';
import { pathSegment } from '../../shared/validation';
import { isObject, listIn, someObject } from '../helpers/answers';
import { lookupList } from '../helpers/lookups';
import { timeZoneNames } from '../helpers/timeZones';
import type { ConversionType } from '../provider';
import { nexorApi } from '../provider';

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name);

async function namedList(context: ILoadOptionsFunctions, path: string, key: string): Promise<INodePropertyOptions[]> {
	return listIn(await lookupList(context, path, key), key)
		.filter((entry) => typeof entry.id === 'string')
		.map((entry) => ({
			name: typeof entry.name === 'string' && entry.name ? entry.name : String(entry.id),
			value: String(entry.id),
			description: typeof entry.description === 'string' ? entry.description : undefined,
		}))
		.sort(byName);
}

/** Version 1's workflow dropdown (version 2 has a picker: listSearch.ts). */
export async function getWorkflows(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return [{ name: 'None', value: '' }, ...(await namedList(this, '/workflows', 'workflows'))];
}

/** Version 1's campaign dropdown. */
export async function getCampaigns(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return [{ name: 'None', value: '' }, ...(await namedList(this, '/campaigns', 'campaigns'))];
}

/** Version 1's conversion type dropdown. */
export async function getConversionTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (listIn(await lookupList(this, '/conversion-types', 'conversion_types'), 'conversion_types') as unknown as ConversionType[])
		.map((type) => ({
			name: type.name,
			value: type.id,
			description: [type.category, type.currency, type.description].filter(Boolean).join(' · '),
		}))
		.sort(byName);
}

/** Tags by name, valued by ID (Lead → Add Tags). */
export async function getTags(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await namedList(this, '/tags', 'data');
}

/** Tags by name, valued by name (Lead → Set Tags, which takes names). */
export async function getTagNames(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (await namedList(this, '/tags', 'data')).map((option) => ({ ...option, value: option.name }));
}

/*
 * A workflow's statuses, from GET /workflows/{id}, whose answer is not
 * documented (docs/nexor-api.md §Workflows). Read: "statuses" (or
 * "status_definitions") under "workflow", "data" or at the top; each status
 * as { key, label | name, category } or as its key alone.
 */
function statusesIn(body: unknown): INodePropertyOptions[] {
	const holders = isObject(body) ? [body.workflow, body.data, body] : [];
	for (const holder of holders) {
		if (!isObject(holder)) continue;
		const list = [holder.statuses, holder.status_definitions].find(Array.isArray) as unknown[] | undefined;
		if (!list) continue;
		return list
			.map((status): INodePropertyOptions | undefined => {
				if (typeof status === 'string') return { name: status, value: status };
				if (!isObject(status) || typeof status.key !== 'string') return undefined;
				const label = [status.label, status.name].find((text) => typeof text === 'string' && text) as string | undefined;
				return { name: label ? `${label} (${status.key})` : status.key, value: status.key, description: typeof status.category === 'string' ? status.category : undefined };
			})
			.filter((option): option is INodePropertyOptions => option !== undefined);
	}
	return [];
}

/** The statuses of the workflow chosen in the same node (Lead → Set Status); none until one is chosen. */
export async function getWorkflowStatuses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const chosen = this.getNodeParameter('workflowId', '', { rawExpressions: true }) as unknown;
	const workflowId = isObject(chosen) ? (chosen as IDataObject).value : chosen;
	if (typeof workflowId !== 'string' || !workflowId.trim() || workflowId.startsWith('=')) return [];
	const response = await apiRequest(ExecutionRun.forLookup(this), nexorApi, {
		method: 'GET',
		path: `/workflows/${pathSegment(this.getNode(), workflowId, 'Workflow', 0)}`,
		expect: someObject('the workflow'),
	});
	return statusesIn(response);
}

export async function getTimeZones(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return timeZoneNames().map((name) => ({ name, value: name }));
}
