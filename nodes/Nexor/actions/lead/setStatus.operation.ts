import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import type { ApiFailure, Expectation, Run } from '../../../shared/types';
import { apiRequest } from '../../../shared/transport';
import { definedOnly, optionalText, optionalUuid, parseItemInput, requiredText } from '../../../shared/validation';
import { withoutEnvelope } from '../../helpers/answers';
import { notFound } from '../../helpers/explain';
import { idValue, uuidSegment } from '../../helpers/ids';
import { nexorApi } from '../../provider';
import { leadIdProperty, workflowLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	leadIdProperty,
	workflowLocator(
		'The lead’s workflow: lists its statuses below, and says which run to change when the lead runs several workflows. Leave empty to change the lead’s active run.',
	),
	{
		displayName: 'Status Name or ID',
		name: 'statusKey',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getWorkflowStatuses', loadOptionsDependsOn: ['workflowId.value'] },
		required: true,
		default: '',
		description:
			'A status key of the lead’s workflow, e.g. "won" (pick the workflow to list them). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		default: '',
		description: 'Why the status changes; kept in Nexor’s history',
	},
];

const displayOptions = { show: { resource: ['lead'], operation: ['setStatus'] } };

export const description = updateDisplayOptions(displayOptions, properties);

const bodySchema = z.object({ status_key: requiredText, reason: optionalText, workflow_id: optionalUuid });

interface StatusChange {
	leadId: string;
	body: IDataObject;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): StatusChange {
	const leadId = uuidSegment(this, this.getNodeParameter('leadId', itemIndex, ''), 'Lead ID', itemIndex);
	const body = parseItemInput(
		this.getNode(),
		bodySchema,
		{
			status_key: this.getNodeParameter('statusKey', itemIndex, ''),
			reason: this.getNodeParameter('reason', itemIndex, ''),
			workflow_id: idValue(this, 'workflowId', itemIndex),
		},
		{ status_key: 'Status', reason: 'Reason', workflow_id: 'Workflow' },
		itemIndex,
	);
	return { leadId, body: definedOnly(body) };
}

/** { success, changed, previous_status, new_status, workflow_run, note? } (docs/nexor-api.md §Leads.Status). */
const statusAnswer: Expectation = {
	what: 'the status change ("changed")',
	accepts: (body) => !!body && typeof body === 'object' && typeof (body as IDataObject).changed === 'boolean',
};

function explainStatus(leadId: string, statusKey: unknown) {
	const lead = notFound('lead', leadId);
	return (failure: ApiFailure) =>
		lead(failure) ??
		(failure.statusCode === 400 && /status/i.test(failure.message)
			? `Status "${String(statusKey)}" was refused: ${failure.message}. Status keys are those of the lead’s workflow; pick the workflow to list them.`
			: undefined);
}

/**
 * POST /leads/{id}/status. An unchanged status (the lead already had it) is
 * not an error: the output says `changed: false`, with Nexor's note if any.
 */
export async function send(this: IExecuteFunctions, { leadId, body }: StatusChange, itemIndex: number, run: Run): Promise<IDataObject> {
	const response = await apiRequest(run, nexorApi, {
		method: 'POST',
		path: `/leads/${leadId}/status`,
		body,
		itemIndex,
		expect: statusAnswer,
		explain: explainStatus(leadId, body.status_key),
	});
	return { leadId: decodeURIComponent(leadId), ...withoutEnvelope(response) };
}
