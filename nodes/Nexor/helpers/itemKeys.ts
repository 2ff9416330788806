import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { collectPages } from '../../shared/paging';
import { apiRequest } from '../../shared/transport';
import type { Run } from '../../shared/types';
import { conversionList, MAX_PAGE_SIZE, nexorApi } from '../provider';

/**
 * The conversion metadata key that carries an item's "Skip Items Already
 * Sent" key: Nexor keeps extra metadata keys (seed: "arbitrary extra keys for
 * external system data"), so the conversion itself records which item made it.
 */
export const ITEM_KEY_FIELD = 'n8n_item_key';

/** Whether this run looks for an item's key among Nexor's own conversions before creating one. */
export const looksUpNexorFirst = (context: IExecuteFunctions) =>
	context.getNodeParameter('requestOptions.checkNexorFirst', 0, false) === true;

/**
 * The item keys carried by this lead's conversions of this type, read once
 * per run (every page, bounded like every list): key → conversion.
 */
export async function recordedItemKeys(
	context: IExecuteFunctions,
	run: Run,
	{ leadId, typeId, itemIndex }: { leadId: string; typeId: string; itemIndex: number },
): Promise<Map<string, IDataObject>> {
	return await run.memo(`nexor:item-keys:${leadId}:${typeId}`, async () => {
		const paging = { wanted: Infinity, pageSize: MAX_PAGE_SIZE, itemIndex, provider: nexorApi.displayName };
		const conversions = await collectPages(context.getNode(), paging, async (offset, limit) => {
			const response = await apiRequest(run, nexorApi, {
				method: 'GET',
				path: '/conversions',
				qs: { lead_id: leadId, conversion_type_id: typeId, limit, offset },
				itemIndex,
				expect: conversionList,
			});
			return {
				records: response.conversion_events as IDataObject[],
				total: typeof response.total === 'number' ? response.total : undefined,
			};
		});
		const keys = new Map<string, IDataObject>();
		for (const conversion of conversions) {
			const key = (conversion.metadata as IDataObject | undefined)?.[ITEM_KEY_FIELD];
			if (typeof key === 'string') keys.set(key, conversion);
		}
		return keys;
	});
}
