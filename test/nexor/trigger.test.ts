/*
 * The Nexor Trigger's description as each runtime loads it. What it does
 * with deliveries is proven in real n8n, where n8n's webhook server, runner
 * and database decide what starts (test/e2e/nexorTrigger.e2e.test.ts).
 */
import { useTestBed } from '../setup';

const bed = useTestBed();

describe('Nexor Trigger: the node', () => {
	test('a webhook trigger with no inputs, the six documented events, the setup notice and its credential only when verifying', () => {
		const node = bed.engine.nodeTypes.getByNameAndVersion('n8n-nodes-lead-conversions.nexorTrigger');
		const { description } = node;
		expect(description.inputs).toEqual([]);
		expect(description.webhooks).toEqual([{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path: 'webhook' }]);
		expect(description.properties.find((property) => property.name === 'events')?.options?.map((option) => (option as { value: string }).value)).toEqual([
			'meeting.cancelled',
			'meeting.completed',
			'meeting.confirmed',
			'meeting.no_show',
			'meeting.scheduled',
			'workflow_run.status_changed',
		]);
		expect(description.properties.find((property) => property.name === 'setupNotice')?.displayName).toContain('Settings → Integrations → Webhooks');
		expect(description.credentials).toEqual([{ name: 'nexorApi', required: true, displayOptions: { show: { verifySignature: [true] } } }]);
		const secret = bed.engine.credentialType('nexorApi').properties.find((property) => property.name === 'webhookSigningSecret');
		expect(secret?.typeOptions?.password).toBe(true);
	});

	test('n8n runs its execute() in the execution a delivery starts (where n8n’s deduplication store is), and its panel says what holds', () => {
		const node = bed.engine.nodeTypes.getByNameAndVersion('n8n-nodes-lead-conversions.nexorTrigger');
		expect(typeof node.webhook).toBe('function');
		expect(typeof node.execute).toBe('function');
		const help = node.description.triggerPanel;
		expect(typeof help === 'object' && help.executionsHelp).toMatchObject({
			active: expect.stringContaining('after an n8n restart too'),
			inactive: expect.stringContaining('does not count it as received'),
		});
		expect(JSON.stringify(help)).toContain('In queue mode, when two n8n processes record events at the same moment, an event can run twice');
	});
});
