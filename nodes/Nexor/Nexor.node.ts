import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { router } from './actions/router';
import { versionDescription } from './actions/versionDescription';
import { loadOptions, resourceMapping } from './methods';

export class Nexor implements INodeType {
	description: INodeTypeDescription = {
		...versionDescription,
		icon: { light: 'file:nexor.svg', dark: 'file:nexor.dark.svg' },
	};

	methods = { loadOptions, resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
