/*
 * The bench's floor (`npm run bench`, docs/bench-floor.md): what n8n itself
 * costs per item for a node with our parameters. A node type of the bench's
 * own, loaded into n8n beside the package (`n8n-nodes-bench-floor`), whose
 * description is one of our nodes' and whose execute reads every parameter
 * n8n holds for the node (the ones the chosen operation shows, with their
 * expressions) once per item through n8n's own getNodeParameter, outputs an
 * empty item paired to each input, and sends nothing. The parameters our
 * nodes read once per run are read once. What our node takes above it is
 * our code: checks, bodies, batching, the request.
 *
 * This file runs inside n8n: the bench transpiles it into the floor
 * package, with one file per node type naming the node it copies.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

/** Read once per run by our nodes (the router, the request policy, the batch switch). */
const READ_ONCE = ['resource', 'operation', 'authentication', 'requestOptions', 'sendInBatches'];

/** A node type with `measured`'s parameters, named `name`, reading them as described above. */
export function floorOf(measured: INodeType, name: string): new () => INodeType {
	const description: INodeTypeDescription = {
		...measured.description,
		name,
		displayName: `Floor of ${measured.description.displayName}`,
		icon: 'fa:ruler-horizontal',
		credentials: [],
		usableAsTool: undefined,
	};
	return class Floor implements INodeType {
		description = description;

		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const names = Object.keys(this.getNode().parameters);
			for (const once of READ_ONCE) if (names.includes(once)) this.getNodeParameter(once, 0);
			const perItem = names.filter((parameter) => !READ_ONCE.includes(parameter));
			const itemCount = this.getInputData().length;
			const output: INodeExecutionData[] = [];
			for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
				for (const parameter of perItem) this.getNodeParameter(parameter, itemIndex);
				output.push({ json: {}, pairedItem: { item: itemIndex } });
			}
			return [output];
		}
	};
}
