import type { INode } from 'n8n-workflow';

const nodes = new WeakMap<object, INode>();

/**
 * The node being run, copied once per execution. n8n's `getNode()` copies
 * the whole node, parameters included, on every call (n8n-core's
 * NodeExecutionContext), and the checks of every item name it: per item,
 * that copy cost as much as the checks (docs/bench-floor.md).
 */
export function nodeOf(context: { getNode(): INode }): INode {
	let node = nodes.get(context);
	if (!node) {
		node = context.getNode();
		nodes.set(context, node);
	}
	return node;
}
