import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeToOperation } from '../../shared/router';
import * as conversion from './conversion/Conversion.resource';
import * as conversionType from './conversionType/ConversionType.resource';
import * as lead from './lead/Lead.resource';

export const resources = {
	lead: lead.operations,
	conversion: conversion.operations,
	conversionType: conversionType.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeToOperation.call(this, resources);
}
