import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { OperationModule } from '../../../shared/router';
import type { ApiFailure } from '../../../shared/transport';
import { apiRequest } from '../../../shared/transport';
import { parseItemInput, requiredText } from '../../../shared/validation';
import { nateqApi } from '../../provider';

export const option: OperationModule['option'] = {
	name: 'Convert to Contact',
	action: 'Convert a lead to a contact',
	description: 'Turn a lead into a contact and return the contact',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Lead ID',
		name: 'leadId',
		type: 'string',
		required: true,
		default: '',
		description: 'ID of the Nateq lead to convert',
	},
];

const inputSchema = z.object({
	leadId: requiredText.refine((id) => !/[\s/?#]/.test(id), 'an ID without spaces, "/", "?" or "#"'),
});

/*
 * Converting twice is not documented (providers.md §2): expect 409, or a code
 * or message that says "already"; 404 means no such lead.
 */
function explainConvertFailure(leadId: string) {
	return (failure: ApiFailure): string | undefined => {
		const text = `${failure.code ?? ''} ${failure.message}`.toLowerCase();
		if (failure.statusCode === 409 || text.includes('already')) {
			return `Lead "${leadId}" was already converted into a contact (${failure.code ?? failure.statusCode}): ${failure.message}`;
		}
		if (failure.statusCode === 404) {
			return `Nateq has no lead with ID "${leadId}" (${failure.code ?? 404}): ${failure.message}`;
		}
		return undefined;
	};
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const { leadId } = parseItemInput(
		this.getNode(),
		inputSchema,
		{ leadId: this.getNodeParameter('leadId', itemIndex, '') },
		{ leadId: 'Lead ID' },
		itemIndex,
	);
	const response = await apiRequest.call(this, nateqApi, {
		method: 'POST',
		path: `/leads/${encodeURIComponent(leadId)}/convert`,
		itemIndex,
		explain: explainConvertFailure(leadId),
	});
	// The contact, not the envelope around it.
	return (response.data as IDataObject) ?? response;
}
