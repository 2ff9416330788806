/*
 * Message → Send on the wire (docs/nexor-api.md §Messages): WhatsApp text or
 * template, e-mail, call; a lead without the phone or e-mail the channel
 * needs, and WhatsApp's 24-hour window, each get a message saying what to do.
 */
import type { IDataObject } from 'n8n-workflow';

import { NEXOR_IDS } from '../sandbox/nexor';
import { useTestBed } from '../setup';
import { nexorRequestsSince, picked, runNexor } from './support';

const bed = useTestBed();

const sendMessage = (parameters: IDataObject) => ({
	resource: 'message',
	operation: 'send',
	leadId: NEXOR_IDS.leadCarla,
	workflowId: picked(NEXOR_IDS.workflowNurture),
	...parameters,
});

const lastMessage = () => bed.sandbox.requests('nexor', 'POST', '/messages').slice(-1)[0].body;

describe('Nexor: Message → Send', () => {
	test('WhatsApp text inside the 24-hour window: the message and WhatsApp IDs', async () => {
		const { items, error } = await runNexor(bed, sendMessage({ channel: 'whatsapp', content: 'Hola Carla, ¿hablamos mañana?' }), [{}]);
		expect(error).toBeUndefined();
		expect(lastMessage()).toEqual({ lead_id: NEXOR_IDS.leadCarla, workflow_id: NEXOR_IDS.workflowNurture, channel: 'whatsapp', content: 'Hola Carla, ¿hablamos mañana?' });
		expect(items[0].json).toEqual({ channel: 'whatsapp', type: 'text', message_id: expect.any(String), provider_message_id: expect.stringMatching(/^wamid\./) });
	});

	test('WhatsApp text outside the window says to send a template; a template goes any time, with its components', async () => {
		const closed = await runNexor(bed, sendMessage({ leadId: NEXOR_IDS.leadDiego, channel: 'whatsapp', content: 'Hola' }), [{}], { continueOnFail: true });
		expect(closed.items[0].json).toMatchObject({
			httpCode: '422',
			error: 'WhatsApp allows free text only within 24 hours of the lead’s last WhatsApp message: send an approved template instead (Message Type: Template). Nexor said: Outside the 24-hour WhatsApp window: free-form messages need a recent reply from the lead; use a template',
		});
		const components = [{ type: 'body', parameters: [{ type: 'text', text: 'Diego' }] }];
		const template = await runNexor(
			bed,
			sendMessage({ leadId: NEXOR_IDS.leadDiego, channel: 'whatsapp', messageType: 'template', templateId: NEXOR_IDS.templateWelcome, components: JSON.stringify(components) }),
			[{}],
		);
		expect(template.items[0].json).toMatchObject({ channel: 'whatsapp', type: 'template', message_id: expect.any(String) });
		expect(lastMessage()).toEqual({ lead_id: NEXOR_IDS.leadDiego, workflow_id: NEXOR_IDS.workflowNurture, channel: 'whatsapp', template_id: NEXOR_IDS.templateWelcome, components });
	});

	test('email with a subject and HTML; a lead without an email is told so', async () => {
		const { items } = await runNexor(
			bed,
			sendMessage({ leadId: '={{ $json.lead }}', channel: 'email', subject: 'Your quote', html: '<p>Hi {{first_name}}</p>', emailText: 'Hi' }),
			[{ lead: NEXOR_IDS.leadCarla }, { lead: NEXOR_IDS.leadDiego }],
			{ continueOnFail: true },
		);
		expect(items[0].json).toMatchObject({ channel: 'email', activity_id: expect.any(String) });
		expect(bed.sandbox.requests('nexor', 'POST', '/messages').slice(-2)[0].body).toEqual({
			lead_id: NEXOR_IDS.leadCarla,
			workflow_id: NEXOR_IDS.workflowNurture,
			channel: 'email',
			subject: 'Your quote',
			html: '<p>Hi {{first_name}}</p>',
			content: 'Hi',
		});
		expect(items[1].json).toMatchObject({
			httpCode: '422',
			error: 'This lead has no email address, which an email needs: add one (Lead → Update) and send again. Nexor said: Lead has no email address',
		});
	});

	test('a call with an opening line; a lead without a phone is told so', async () => {
		const { items } = await runNexor(bed, sendMessage({ leadId: '={{ $json.lead }}', channel: 'call', beginMessage: 'Hola, te llamo de Nexor' }), [{ lead: NEXOR_IDS.leadCarla }, { lead: NEXOR_IDS.leadAna }], { continueOnFail: true });
		expect(items[0].json).toMatchObject({ channel: 'call', call_id: expect.stringMatching(/^call_/), call_status: 'registered' });
		expect(items[1].json).toMatchObject({
			httpCode: '422',
			error: 'This lead has no phone number, which a call needs: add one (Lead → Update) and send again. Nexor said: Lead has no phone number',
		});
	});

	test.each([
		[{ channel: 'whatsapp', content: '={{ $json.text ?? "" }}' }, 'Text: expected the message (it is required), got nothing [item 0]'],
		[{ channel: 'whatsapp', messageType: 'template', templateId: '={{ $json.template ?? "" }}' }, 'Template ID: expected a UUID such as 123e4567-e89b-12d3-a456-426614174000 (it is required), got nothing [item 0]'],
		[{ channel: 'whatsapp', messageType: 'template', templateId: NEXOR_IDS.templateWelcome, components: '{"type":"body"}' }, 'Components: expected a JSON list of template components, got {"type":"body"} [item 0]'],
		[{ channel: 'email', subject: 'x', html: '', emailText: '' }, 'HTML: expected the email’s body (HTML or Plain Text), got nothing [item 0]'],
		[{ channel: 'call', workflowId: picked('={{ "" }}') }, 'Workflow: expected a UUID such as 123e4567-e89b-12d3-a456-426614174000, got "" [item 0]'],
		[{ channel: 'call', leadId: 'carla' }, 'Lead ID: expected a UUID such as 123e4567-e89b-12d3-a456-426614174000, got "carla" [item 0]'],
	])('bad input %j is refused before sending: %s', async (parameters, message) => {
		const mark = bed.sandbox.requests('nexor').length;
		const { error } = await runNexor(bed, sendMessage(parameters), [{}]);
		expect(error?.message).toBe(message);
		expect(nexorRequestsSince(bed, mark)).toHaveLength(0);
	});

	test('a message is a create for Skip Items Already Sent: the same row twice sends once', async () => {
		const parameters = sendMessage({ channel: 'whatsapp', content: 'Once only', requestOptions: { skipAlreadySent: true } });
		await runNexor(bed, parameters, [{}]);
		const mark = bed.sandbox.requests('nexor').length;
		const again = await runNexor(bed, parameters, [{}]);
		expect(again.items[0].json).toMatchObject({ skipped: true });
		expect(nexorRequestsSince(bed, mark)).toHaveLength(0);
	});
});
