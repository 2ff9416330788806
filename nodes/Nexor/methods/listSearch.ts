import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { listIn } from '../helpers/answers';
import { lookupList } from '../helpers/lookups';

/*
 * The "From List" mode of the node's pickers. Nexor's lists are not paged
 * (docs/nexor-api.md §Workflows, §Team, §Tags): one request, filtered here
 * by the text typed in the picker.
 */

const matches = (filter: string | undefined, ...texts: unknown[]) =>
	!filter || texts.some((text) => typeof text === 'string' && text.toLowerCase().includes(filter.trim().toLowerCase()));

function items(records: IDataObject[], filter: string | undefined, describe: (record: IDataObject) => INodeListSearchItems | undefined): INodeListSearchResult {
	const results = records
		.map(describe)
		.filter((item): item is INodeListSearchItems => item !== undefined && matches(filter, item.name, item.value, item.description))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}

const named = (record: IDataObject): INodeListSearchItems | undefined =>
	typeof record.id === 'string' ? { name: typeof record.name === 'string' && record.name ? record.name : record.id, value: record.id } : undefined;

export async function searchWorkflows(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return items(listIn(await lookupList(this, '/workflows', 'workflows'), 'workflows'), filter, named);
}

export async function searchCampaigns(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return items(listIn(await lookupList(this, '/campaigns', 'campaigns'), 'campaigns'), filter, named);
}

export async function searchConversionTypes(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return items(listIn(await lookupList(this, '/conversion-types', 'conversion_types'), 'conversion_types'), filter, (type) => {
		const item = named(type);
		if (!item) return undefined;
		const details = [type.category, type.currency].filter((text) => typeof text === 'string' && text).join(' · ');
		return details ? { ...item, description: details } : item;
	});
}

/** Active team members by name (or e-mail); the value is the e-mail, which is what Nexor takes for a host. */
export async function searchTeamMembers(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return items(listIn(await lookupList(this, '/team', 'team'), 'team'), filter, (member) => {
		if (typeof member.email !== 'string' || !member.email) return undefined;
		const name = typeof member.name === 'string' && member.name ? `${member.name} (${member.email})` : member.email;
		return { name, value: member.email };
	});
}

export async function searchTags(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return items(listIn(await lookupList(this, '/tags', 'data'), 'data'), filter, named);
}
