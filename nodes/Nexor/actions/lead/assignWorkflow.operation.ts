import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import { textAt } from '../../../shared/expect';
import type { Run } from '../../../shared/types';
import { apiRequest } from '../../../shared/transport';
import { definedOnly, optionalText, parseItemInput, uuid } from '../../../shared/validation';
import { withoutEnvelope } from '../../helpers/answers';
import { notFound } from '../../helpers/explain';
import { idValue, uuidSegment } from '../../helpers/ids';
import { nexorApi } from '../../provider';
import { leadIdProperty, workflowLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	leadIdProperty,
	workflowLocator('The workflow to enrol the lead in. A lead already running another workflow is moved: its current run stops.', true),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Actor ID', name: 'actorId', type: 'string', default: '', description: 'Who made the change, as your system names them; kept in Nexor’s history' },
			{ displayName: 'Reason', name: 'reason', type: 'string', default: '', description: 'Why the lead is moved; kept in Nexor’s history' },
		],
	},
];

const displayOptions = { show: { resource: ['lead'], operation: ['assignWorkflow'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/*
 * This endpoint alone takes camelCase (workflowId, actorId) where every other
 * one takes snake_case (docs/nexor-api.md §Leads.AssignWorkflow).
 */
const bodySchema = z.object({ workflowId: uuid, reason: optionalText, actorId: optionalText });

interface Assignment {
	leadId: string;
	body: IDataObject;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Assignment {
	const leadId = uuidSegment(this, this.getNodeParameter('leadId', itemIndex, ''), 'Lead ID', itemIndex);
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body = parseItemInput(
		this.getNode(),
		bodySchema,
		{ workflowId: idValue(this, 'workflowId', itemIndex), reason: additional.reason, actorId: additional.actorId },
		{ workflowId: 'Workflow', reason: 'Reason', actorId: 'Actor ID' },
		itemIndex,
	);
	return { leadId, body: definedOnly(body) };
}

/**
 * POST /leads/{id}/assign-workflow: 201 { workflowRunId, workflowId,
 * workflowName, movementType: "enrollment" | "reassignment", paused }. The
 * output keeps Nexor's fields and says plainly whether the lead was enrolled
 * for the first time or moved from another workflow.
 */
export async function send(this: IExecuteFunctions, { leadId, body }: Assignment, itemIndex: number, run: Run): Promise<IDataObject> {
	const response = await apiRequest(run, nexorApi, {
		method: 'POST',
		path: `/leads/${leadId}/assign-workflow`,
		body,
		itemIndex,
		expect: textAt('workflowRunId', 'the new workflow run ("workflowRunId")'),
		explain: notFound('lead', leadId),
	});
	return {
		leadId: decodeURIComponent(leadId),
		...withoutEnvelope(response),
		enrolled: response.movementType === 'enrollment',
		reassigned: response.movementType === 'reassignment',
	};
}

export const createdId = (output: IDataObject) => output.workflowRunId;
