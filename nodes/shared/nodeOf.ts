import type { INode } from 'n8n-workflow';

import { oncePer } from './oncePer';

/**
 * The node being run, copied once per execution. n8n's `getNode()` copies
 * the whole node, parameters included, on every call (n8n-core's
 * NodeExecutionContext), and the checks of every item name it: per item,
 * that copy cost as much as the checks (docs/bench-floor.md).
 */
export const nodeOf = oncePer((context: { getNode(): INode }): INode => context.getNode());
