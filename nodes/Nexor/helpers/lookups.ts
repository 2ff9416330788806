import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';

import { ExecutionRun } from '../../shared/run';
import { apiRequest } from '../../shared/transport';
import { nexorApi } from '../provider';
import { isObject } from './answers';

/**
 * One list for the editor (a dropdown, a picker): GET <path>, which answers
 * `{ success, <key>: [...] }`; where the shape is not documented
 * (workflows, campaigns) a bare list is taken too (docs/nexor-api.md
 * §Workflows).
 */
export async function lookupList(context: ILoadOptionsFunctions, path: string, key: string): Promise<IDataObject | unknown[]> {
	return await apiRequest(ExecutionRun.forLookup(context), nexorApi, {
		method: 'GET',
		path,
		expect: {
			what: `a list of ${key.replace(/_/g, ' ')} ("${key}")`,
			accepts: (body) => Array.isArray(body) || (isObject(body) && body.success !== false && Array.isArray(body[key])),
		},
	});
}
