import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { recordAt } from '../../../shared/expect';
import type { ApiFailure, Run } from '../../../shared/types';
import { apiRequest } from '../../../shared/transport';
import { pathSegment } from '../../../shared/validation';
import { nateqApi } from '../../provider';

const properties: INodeProperties[] = [
	{
		displayName: 'Lead ID',
		name: 'leadId',
		type: 'string',
		required: true,
		default: '',
		description: 'ID of the Nateq lead to convert',
	},
];

const displayOptions = { show: { resource: ['lead'], operation: ['convertToContact'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/*
 * Converting twice is not documented (docs/nateq-api.md): expect 409, or a code
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

interface Conversion {
	leadId: string;
	/** The lead ID as one URL path segment. */
	segment: string;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): Conversion {
	const leadId = String(this.getNodeParameter('leadId', itemIndex, '')).trim();
	return { leadId, segment: pathSegment(this.getNode(), leadId, 'Lead ID', itemIndex) };
}

export async function send(this: IExecuteFunctions, { leadId, segment }: Conversion, itemIndex: number, run: Run): Promise<IDataObject> {
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

export const createdId = (output: IDataObject) => output.id;
