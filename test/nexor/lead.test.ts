import type { IDataObject } from 'n8n-workflow';

import { NEXOR_IDS } from '../sandbox/nexor';
import { jsonOf, NODE, pairedOf, useTestBed } from '../setup';

const bed = useTestBed();

const createLead = (parameters: IDataObject, continueOnFail = false) => ({
	type: NODE.nexor,
	continueOnFail,
	parameters: { resource: 'lead', operation: 'create', ...parameters },
});

describe('Nexor: Lead → Create', () => {
	test('creates leads from input items, with typed metadata pairs, and outputs lead and workflow run', async () => {
		const { items, error } = await bed.engine.runNode(
			createLead({
				firstName: '={{ $json.first }}',
				lastName: '={{ $json.last }}',
				email: '={{ $json.email }}',
				phone: '={{ $json.phone }}',
				workflowId: NEXOR_IDS.workflowNurture,
				campaignId: NEXOR_IDS.campaignSpring,
				metadataInput: 'pairs',
				metadataPairs: {
					pair: [
						{ name: 'age', type: 'number', value: '={{ $json.age }}' },
						{ name: 'broker', type: 'string', value: 'Juan Perez' },
						{ name: 'vip', type: 'boolean', value: 'true' },
					],
				},
			}),
			[
				{ first: 'Tony', last: 'Stark', email: 'tony@example.com', phone: '+56911112222', age: '35' },
				{ first: 'Pepper', last: 'Potts', email: 'pepper@example.com', phone: '+56911113333', age: 31 },
			],
		);
		expect(error).toBeUndefined();
		expect(pairedOf(items)).toEqual([0, 1]);
		const [tony, pepper] = jsonOf(items) as Array<{ lead: IDataObject; workflow_run: IDataObject }>;
		expect(tony.lead).toMatchObject({ first_name: 'Tony', last_name: 'Stark', email: 'tony@example.com', source: 'api' });
		expect(tony.lead.metadata).toEqual({ age: 35, broker: 'Juan Perez', vip: true });
		expect(tony.workflow_run).toMatchObject({ workflow: { id: NEXOR_IDS.workflowNurture, name: 'WhatsApp Nurture' } });
		expect(pepper.lead.first_name).toBe('Pepper');

		const sent = bed.sandbox.requests('nexor', 'POST', '/leads').slice(-2).map((entry) => entry.body as IDataObject);
		expect(sent[0]).toEqual({
			first_name: 'Tony',
			last_name: 'Stark',
			email: 'tony@example.com',
			phone: '+56911112222',
			workflow_id: NEXOR_IDS.workflowNurture,
			campaign_id: NEXOR_IDS.campaignSpring,
			metadata: { age: 35, broker: 'Juan Perez', vip: true },
		});
		// A number-typed value is sent as a JSON number, a boolean as a JSON boolean.
		expect(typeof (sent[0].metadata as IDataObject).age).toBe('number');
		expect(bed.sandbox.stores.nexor.leads.get(tony.lead.id as string)?.campaign_id).toBe(NEXOR_IDS.campaignSpring);
	});

	test('metadata given as one JSON object is sent as is', async () => {
		const { items, error } = await bed.engine.runNode(
			createLead({
				firstName: 'Json',
				metadataInput: 'json',
				metadataJson: '={{ JSON.stringify({ edad: 35, rango_sueldo: "$2000-$4000", interesado: false }) }}',
			}),
			[{}],
		);
		expect(error).toBeUndefined();
		expect((items[0].json.lead as IDataObject).metadata).toEqual({ edad: 35, rango_sueldo: '$2000-$4000', interesado: false });
	});

	test('a workflow assignment warning is kept on the item and does not fail it', async () => {
		// "Sales Outreach" has call steps: without a phone Nexor creates the lead but cannot assign it.
		const { items, error } = await bed.engine.runNode(
			createLead({ firstName: 'NoPhone', workflowId: NEXOR_IDS.workflowOutreach }),
			[{}],
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json.warning).toMatch(/phone is required/);
		expect((items[0].json.lead as IDataObject).first_name).toBe('NoPhone');
		expect(items[0].json.workflow_run).toBeNull();
		expect(items[0].json.error).toBeUndefined();
	});

	test('a forced first message by WhatsApp is sent with the workflow', async () => {
		const { items, error } = await bed.engine.runNode(
			createLead({
				firstName: 'Wa',
				phone: '+5511999990000',
				workflowId: NEXOR_IDS.workflowNurture,
				forceFirstMessage: { message: { channel: 'whatsapp', content: 'Hola {{first}}!', senderId: '' } },
			}),
			[{}],
		);
		expect(error).toBeUndefined();
		expect((items[0].json.workflow_run as IDataObject).cadence).toMatchObject({ channel: 'whatsapp' });
		const [sent] = bed.sandbox.requests('nexor', 'POST', '/leads').slice(-1);
		expect((sent.body as IDataObject).force_first_message).toEqual({ channel: 'whatsapp', content: 'Hola {{first}}!' });
	});

	test('a forced email needs a subject and the lead’s email, refused before sending', async () => {
		const before = bed.sandbox.requests('nexor').length;
		const { items } = await bed.engine.runNode(
			createLead(
				{
					firstName: '={{ $json.first }}',
					email: '={{ $json.email }}',
					workflowId: NEXOR_IDS.workflowNurture,
					forceFirstMessage: {
						message: { channel: 'email', subject: '={{ $json.subject }}', content: '<p>Hi</p>' },
					},
				},
				true,
			),
			[
				{ first: 'NoSubject', email: 'a@example.com', subject: '' },
				{ first: 'NoEmail', email: '', subject: 'Welcome' },
				{ first: 'Fine', email: 'fine@example.com', subject: 'Welcome' },
			],
		);
		expect(items[0].json.error).toBe(
			'Force First Message "subject": expected a subject for an email, got nothing [item 0]',
		);
		expect(items[1].json.error).toMatch(/^Email: expected the lead’s email address.*\[item 1\]$/);
		expect((items[2].json.lead as IDataObject).first_name).toBe('Fine');
		// Only the good item reached the API.
		expect(bed.sandbox.requests('nexor').length).toBe(before + 1);
	});

	test('the workflow and campaign dropdowns are filled from the API, with "None" first', async () => {
		const workflows = await bed.engine.loadOptions(NODE.nexor, 'getWorkflows', { resource: 'lead', operation: 'create' });
		expect(workflows).toEqual([
			{ name: 'None', value: '' },
			{ name: 'Sales Outreach', value: NEXOR_IDS.workflowOutreach },
			{ name: 'WhatsApp Nurture', value: NEXOR_IDS.workflowNurture },
		]);
		const campaigns = await bed.engine.loadOptions(NODE.nexor, 'getCampaigns');
		expect(campaigns.map((option) => option.name)).toEqual(['None', 'Spring Launch', 'Webinar 2026']);
	});

	test('"Force First Message" is shown only once a workflow is chosen', () => {
		const node = bed.engine.nodeTypes.getByNameAndVersion(NODE.nexor);
		const property = node.description.properties.find((entry) => entry.name === 'forceFirstMessage')!;
		expect(property.displayOptions?.hide).toEqual({ workflowId: [''] });
		expect(property.displayOptions?.show).toEqual({ resource: ['lead'], operation: ['create'] });
	});

	test.each([
		[{ firstName: '={{ $json.missing ?? "" }}' }, 'First Name: expected a value (it is required), got "" [item 0]'],
		[{ firstName: 'A', email: 'not-an-email' }, 'Email: expected an email address such as jane@example.com, got "not-an-email" [item 0]'],
		[{ firstName: 'A', workflowId: 'uuid-of-workflow' }, 'Workflow: expected a UUID such as 123e4567-e89b-12d3-a456-426614174000, got "uuid-of-workflow" [item 0]'],
		[{ firstName: 'A', campaignId: '12345' }, 'Campaign: expected a UUID such as 123e4567-e89b-12d3-a456-426614174000, got "12345" [item 0]'],
		[
			{ firstName: 'A', metadataInput: 'json', metadataJson: '{"nested": {"a": 1}}' },
			'Metadata "nested": expected text, a number or true/false (not an object, a list or empty), got {"a":1} [item 0]',
		],
		[
			{ firstName: 'A', metadataInput: 'json', metadataJson: '{"broken": ' },
			'Metadata: expected a JSON object, got text that is not valid JSON [item 0]',
		],
		[
			{ firstName: 'A', metadataInput: 'pairs', metadataPairs: { pair: [{ name: 'age', type: 'number', value: 'thirty' }] } },
			'Metadata "age": expected a number, got "thirty" [item 0]',
		],
		[
			{ firstName: 'A', metadataInput: 'pairs', metadataPairs: { pair: [{ name: 'vip', type: 'boolean', value: 'maybe' }] } },
			'Metadata "vip": expected true or false, got "maybe" [item 0]',
		],
		[
			{ firstName: 'A', metadataInput: 'pairs', metadataPairs: { pair: [{ name: '', type: 'string', value: 'x' }] } },
			'Metadata: entry 1 has no name [item 0]',
		],
		[
			{ firstName: 'A', workflowId: NEXOR_IDS.workflowNurture, forceFirstMessage: { message: { channel: 'whatsapp', content: 'x', senderId: 'abc' } } },
			'Force First Message "sender_id": expected a UUID such as 123e4567-e89b-12d3-a456-426614174000, got "abc" [item 0]',
		],
	])('bad input %j is refused before any request: %s', async (parameters, message) => {
		const before = bed.sandbox.requests('nexor').length;
		const { items, error } = await bed.engine.runNode(createLead(parameters as IDataObject), [{}]);
		expect(items).toEqual([]);
		expect(error?.message).toBe(message);
		expect(error?.name).toBe('NodeOperationError');
		expect(bed.sandbox.requests('nexor').length).toBe(before);
	});

	test('an API validation error shows Nexor’s own message, with status and item index', async () => {
		const { items } = await bed.engine.runNode(
			createLead({ firstName: '={{ $json.first }}', workflowId: '={{ $json.workflow }}' }, true),
			[
				{ first: 'Ok', workflow: '' },
				{ first: 'Unknown workflow', workflow: '00000000-0000-4000-8000-000000000000' },
			],
		);
		expect(pairedOf(items)).toEqual([0, 1]);
		expect(items[1].json).toMatchObject({
			error: 'workflow_id not found or does not belong to your account',
			httpCode: '400',
		});
		expect(items[1].json.description).toContain('Nexor answered 400 to POST');
	});
});
