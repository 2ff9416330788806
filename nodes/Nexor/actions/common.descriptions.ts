import type { INodeProperties } from 'n8n-workflow';

/*
 * Parameters several Nexor operations share: the pickers (resource locators
 * with "From List" and "By ID", as n8n's own nodes offer them) and the lead
 * ID. An ID typed by expression in any mode is checked as a UUID before
 * anything is sent (docs/nexor-api.md §Basics: every Nexor ID is a UUID).
 */

const UUID_SOURCE = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** The editor's check of an ID typed in "By ID" mode (the run checks it again, also for expressions). */
const UUID_CHECK = [
	{
		type: 'regex' as const,
		properties: { regex: `^\\s*${UUID_SOURCE}\\s*$`, errorMessage: 'Not a UUID such as 123e4567-e89b-12d3-a456-426614174000' },
	},
];

/** A picker of one Nexor record: from a searchable list, or by its UUID. */
export function recordLocator({
	displayName,
	name,
	searchListMethod,
	required = false,
	description,
}: {
	displayName: string;
	name: string;
	searchListMethod: string;
	required?: boolean;
	description: string;
}): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required,
		description,
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod, searchable: true } },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: '123e4567-e89b-12d3-a456-426614174000', validation: UUID_CHECK },
		],
	};
}

export const workflowLocator = (description: string, required = false): INodeProperties =>
	recordLocator({ displayName: 'Workflow', name: 'workflowId', searchListMethod: 'searchWorkflows', required, description });

export const campaignLocator = (description: string): INodeProperties =>
	recordLocator({ displayName: 'Campaign', name: 'campaignId', searchListMethod: 'searchCampaigns', description });

/** A team member (meeting host): from the list of active members, or by e-mail (Nexor takes the host's e-mail). */
export const hostLocator: INodeProperties = {
	displayName: 'Host',
	name: 'host',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	description: 'The team member who hosts the meeting; must be an active user of your Nexor team',
	modes: [
		{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchTeamMembers', searchable: true } },
		{
			displayName: 'By Email',
			name: 'email',
			type: 'string',
			placeholder: 'advisor@company.com',
			validation: [{ type: 'regex', properties: { regex: '^\\s*[^\\s@]+@[^\\s@]+\\.[^\\s@]+\\s*$', errorMessage: 'Not an email address' } }],
		},
	],
};

/** The lead a per-lead operation acts on. Nexor has no lead search (docs/nexor-api.md §Leads), so it is given by ID. */
export const leadIdProperty: INodeProperties = {
	displayName: 'Lead ID',
	name: 'leadId',
	type: 'string',
	required: true,
	default: '',
	placeholder: '123e4567-e89b-12d3-a456-426614174200',
	description: 'UUID of the Nexor lead, e.g. from Lead → Create or a Nexor Trigger delivery',
};

export const meetingIdProperty: INodeProperties = {
	displayName: 'Meeting ID',
	name: 'meetingId',
	type: 'string',
	required: true,
	default: '',
	placeholder: '123e4567-e89b-12d3-a456-426614174300',
	description: 'UUID of the Nexor meeting, e.g. from Meeting → Create or a Nexor Trigger delivery',
};

export const leadEmailProperty: INodeProperties = {
	displayName: 'Lead Email',
	name: 'leadEmail',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'name@email.com',
};

/** "Identify Lead By" with its two inputs, for endpoints that take a lead's ID or its e-mail. */
export const leadByProperties = (first: 'id' | 'email', emailDescription?: string): INodeProperties[] => {
	const choices = [
		{ name: 'ID', value: 'id' },
		{ name: 'Email', value: 'email', description: 'Matched without regard to case; several leads with it: the most recently updated' },
	];
	return [
		{
			displayName: 'Identify Lead By',
			name: 'leadBy',
			type: 'options',
			options: first === 'id' ? choices : [...choices].reverse(),
			default: first,
		},
		{ ...leadIdProperty, displayOptions: { show: { leadBy: ['id'] } } },
		{ ...leadEmailProperty, displayOptions: { show: { leadBy: ['email'] } }, description: emailDescription },
	];
};
