import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import { recordAt } from '../../../shared/expect';
import type { Run } from '../../../shared/types';
import { apiRequest } from '../../../shared/transport';
import { definedOnly, optionalText, parseItemInput, requiredText } from '../../../shared/validation';
import { nexorApi } from '../../provider';

const properties: INodeProperties[] = [
	{ displayName: 'Name', name: 'name', type: 'string', required: true, default: '', placeholder: 'Hot lead' },
	{
		displayName: 'Slug',
		name: 'slug',
		type: 'string',
		default: '',
		placeholder: 'hot-lead',
		description: 'Unique key of the tag; made from the name when empty (lowercase, words joined by "-")',
	},
	{ displayName: 'Description', name: 'description', type: 'string', default: '' },
];

const displayOptions = { show: { resource: ['tag'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

const SLUG = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;

/** "Hot Lead (Q3)" → "hot-lead-q3": letters without accents, digits, single dashes. */
const slugOf = (name: string) =>
	name
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');

const tagSchema = z.object({
	name: requiredText,
	slug: z
		.string({ invalid_type_error: 'text' })
		.refine((slug) => SLUG.test(slug), 'lowercase letters and digits, words joined by "-" or "_" (e.g. hot-lead)'),
	description: optionalText,
});

export function prepare(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const name = this.getNodeParameter('name', itemIndex, '');
	const given = this.getNodeParameter('slug', itemIndex, '');
	const slug = typeof given === 'string' && given.trim() ? given.trim() : typeof name === 'string' ? slugOf(name) : given;
	return definedOnly(
		parseItemInput(
			this.getNode(),
			tagSchema,
			{ name, slug, description: this.getNodeParameter('description', itemIndex, '') },
			{ name: 'Name', slug: 'Slug', description: 'Description' },
			itemIndex,
		),
	);
}

/** POST /tags → 201 { data: tag }; a slug already taken is a 409 (docs/nexor-api.md §Tags). */
export async function send(this: IExecuteFunctions, body: IDataObject, itemIndex: number, run: Run): Promise<IDataObject> {
	const response = await apiRequest(run, nexorApi, {
		method: 'POST',
		path: '/tags',
		body,
		itemIndex,
		expect: recordAt('data', 'the created tag ("data" with an "id")'),
		explain: (failure) =>
			failure.statusCode === 409
				? `A tag with the slug "${String(body.slug)}" already exists in Nexor: ${failure.message}. Use it as it is, or give another Slug.`
				: undefined,
	});
	return response.data as IDataObject;
}

export const createdId = (output: IDataObject) => output.id;
