/* What each example workflow must produce in real n8n, whichever package runs it (the node names are the example's). */
import type { IDataObject } from 'n8n-workflow';

import type { PublishedPackage } from '../../scripts/packages';
import { exampleWorkflows } from '../runtime/fixtures';
import type { N8nInstance } from '../runtime/n8nInstance';
import { NATEQ_LEADS } from '../sandbox/nateq';
import type { Sandbox } from '../sandbox/server';
import type { RunData } from './support';
import { runDataOf } from './support';

export const outputOf = (runData: RunData, node: string) => (runData[node]?.[0]?.data?.main[0] ?? []).map((item) => item.json);

export const EXPECTED: Record<string, (runData: RunData, sandbox: Sandbox) => void> = {
	'nexor-lead-from-form.json': (runData) => {
		expect(outputOf(runData, 'Nexor: create lead')[0].lead).toMatchObject({ first_name: 'Tony', email: 'tony@example.com', metadata: { age: 35 } });
	},
	'nexor-leads-in-batches.json': (runData) => {
		const output = outputOf(runData, 'Nexor: create leads in batches');
		expect(output.map((item) => (item.lead as IDataObject | undefined)?.first_name ?? item.error)).toEqual([
			'Marta',
			'Nicolás',
			'Email: expected an email address such as jane@example.com, got "olga.diaz(at)example.com" [item 2]',
			'Pablo',
			'Rita',
		]);
	},
	'nexor-calendar-event-to-meeting.json': (runData) => {
		expect(outputOf(runData, 'Nexor: create or update meeting')[0]).toMatchObject({ title: 'Discovery call with Ana', isNew: expect.any(Boolean) });
	},
	'nexor-conversions-from-sheet.json': (runData) => {
		const output = outputOf(runData, 'Nexor: record conversion');
		expect(output.map((item) => item.error ?? item.amount)).toEqual([85000, 120000, 'Amount: expected a number, got "about 90k" [item 2]']);
	},
	'nateq-convert-leads.json': (runData) => {
		const output = outputOf(runData, 'Nateq: convert to contact');
		expect(output.map((item) => item.externalId ?? item.code)).toEqual([NATEQ_LEADS.diego, NATEQ_LEADS.elena, 'LEAD_ALREADY_CONVERTED']);
	},
	'ai-agent-nexor-lead.json': (runData) => {
		// The sandbox's scripted model calls the Nexor tool once and repeats its answer.
		expect(String(outputOf(runData, 'AI Agent')[0].output)).toMatch(/^Done\. The tool answered: \[\{"lead":\{"id":"/);
	},
	'rdstation-oauth-batches.json': (runData, sandbox) => {
		const output = outputOf(runData, 'RD Station: conversions in batches');
		expect(output.map((item) => [item.email, typeof item.event_uuid])).toEqual([
			['carla@example.com', 'string'],
			['diego@example.com', 'string'],
			['elena@example.com', 'string'],
		]);
		expect(sandbox.requests('rdstation', 'POST', '/platform/events/batch').length).toBeGreaterThanOrEqual(1);
	},
};

/** Imports a package's examples (under other IDs with `rename`) and runs each with n8n's CLI; their run data by file. */
export async function executeExamples(n8n: N8nInstance, pkg: PublishedPackage, rename = (id: string) => id, only: (file: string) => boolean = () => true) {
	const runs: Record<string, RunData> = {};
	const workflows = exampleWorkflows(pkg)
		.filter((entry) => only(entry.file))
		.map((workflow) => ({ ...workflow, id: rename(workflow.id) }));
	// One import for all (each CLI command boots n8n), then one execution each.
	await n8n.importJson('workflow', workflows.map((workflow) => ({ ...workflow, file: undefined })));
	for (const workflow of workflows) {
		const result = await n8n.cli(['execute', `--id=${workflow.id}`, '--rawOutput']);
		if (!/^\{/m.test(result.stdout)) throw new Error(`n8n execute ${pkg.json.name}/${workflow.file} printed no run (${result.code}): ${result.stderr}\n${result.stdout}`);
		runs[workflow.file] = runDataOf(result.stdout);
	}
	return runs;
}
