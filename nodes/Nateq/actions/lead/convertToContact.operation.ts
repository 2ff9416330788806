import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { OperationModule } from '../../../shared/router';
import type { ApiFailure } from '../../../shared/transport';
import { recordAt } from '../../../shared/expect';
import type { Run } from '../../../shared/run';
import { apiRequest } from '../../../shared/transport';
import { pathSegment } from '../../../shared/validation';
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

export async function execute(this: IExecuteFunctions, itemIndex: number, run: Run): Promise<IDataObject> {
	const leadId = String(this.getNodeParameter('leadId', itemIndex, '')).trim();
	const segment = pathSegment(this.getNode(), leadId, 'Lead ID', itemIndex);
	const response = await apiRequest(run, nateqApi, {
		method: 'POST',
		path: `/leads/${segment}/convert`,
		itemIndex,
		expect: recordAt('data', 'the contact ("data" with an "id")'),
		explain: explainConvertFailure(leadId),
	});
	// The contact, not the envelope around it.
	return response.data as IDataObject;
}
