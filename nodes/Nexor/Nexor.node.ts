import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as conversion from './actions/conversion/Conversion.resource';
import * as conversionType from './actions/conversionType/ConversionType.resource';
import * as lead from './actions/lead/Lead.resource';
import * as leadRouter from './actions/leadRouter/LeadRouter.resource';
import * as meeting from './actions/meeting/Meeting.resource';
import * as message from './actions/message/Message.resource';
import { resources, router } from './actions/router';
import * as tag from './actions/tag/Tag.resource';
import * as team from './actions/team/Team.resource';
import { requestOptionsDescription } from '../shared/requestPolicy';
import { listSearch, loadOptions, resourceMapping } from './methods';

export class Nexor implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Nexor',
		name: 'nexor',
		icon: { light: 'file:nexor.svg', dark: 'file:nexor.dark.svg' },
		// The editor opens this address as it is (a codex link gets tracking parameters after its #, losing the heading).
		documentationUrl: 'https://github.com/n8n-nodes-lead-conversions/n8n-nodes-lead-conversions#nexor',
		group: ['output'],
		// 2: the workflow, campaign and conversion type of existing operations are pickers (version 1 kept them as dropdowns).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Leads, meetings, messages, tags, lead routing and conversions in Nexor',
		defaults: { name: 'Nexor' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'nexorApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Conversion', value: 'conversion' },
					{ name: 'Conversion Type', value: 'conversionType' },
					{ name: 'Lead', value: 'lead' },
					{ name: 'Lead Router', value: 'leadRouter' },
					{ name: 'Meeting', value: 'meeting' },
					{ name: 'Message', value: 'message' },
					{ name: 'Tag', value: 'tag' },
					{ name: 'Team', value: 'team' },
				],
				default: 'lead',
			},
			...lead.description,
			...conversion.description,
			...conversionType.description,
			...meeting.description,
			...message.description,
			...tag.description,
			...team.description,
			...leadRouter.description,
			requestOptionsDescription({
				resources,
				extra: [
					{
						displayName: 'Look Up in Nexor Before Creating',
						name: 'checkNexorFirst',
						type: 'boolean',
						default: false,
						displayOptions: { show: { '/resource': ['conversion'], '/operation': ['create'], skipAlreadySent: [true] } },
						description:
							'Whether to keep each item’s key in its conversion’s metadata (n8n_item_key) and look for it among the lead’s conversions of that type before creating one. Holds across queue-mode workers, other n8n instances and a wiped n8n database; one extra read per lead and type per run.',
					},
				],
			}),
		],
	};

	methods = { listSearch, loadOptions, resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
