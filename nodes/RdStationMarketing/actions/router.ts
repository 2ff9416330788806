import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeToOperation } from '../../shared/router';
import * as contact from './contact/Contact.resource';
import * as conversion from './conversion/Conversion.resource';
import * as customField from './customField/CustomField.resource';
import * as funnel from './funnel/Funnel.resource';

export const resources = {
	conversion: conversion.operations,
	funnel: funnel.operations,
	contact: contact.operations,
	customField: customField.operations,
};

/** RD Station's documented limit for most plans (500 on Advanced): the default pace. */
export const RD_STATION_REQUESTS_PER_MINUTE = 120;

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeToOperation.call(this, resources, RD_STATION_REQUESTS_PER_MINUTE);
}
