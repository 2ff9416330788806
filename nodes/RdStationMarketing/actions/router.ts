import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeToOperation } from '../../shared/router';
import * as automationFlow from './automationFlow/AutomationFlow.resource';
import * as contact from './contact/Contact.resource';
import * as conversion from './conversion/Conversion.resource';
import * as customField from './customField/CustomField.resource';
import * as ecommerce from './ecommerce/Ecommerce.resource';
import * as event from './event/Event.resource';
import * as funnel from './funnel/Funnel.resource';
import * as segmentation from './segmentation/Segmentation.resource';

/** Every resource's operations, by the `resource` and `operation` values saved in workflows. */
export const resources = {
	conversion: conversion.operations,
	funnel: funnel.operations,
	contact: contact.operations,
	customField: customField.operations,
	ecommerce: ecommerce.operations,
	event: event.operations,
	segmentation: segmentation.operations,
	automationFlow: automationFlow.operations,
};

/** Every resource's parameters, in the order the editor shows them. */
export const resourceDescriptions = [
	...conversion.description,
	...funnel.description,
	...contact.description,
	...customField.description,
	...ecommerce.description,
	...event.description,
	...segmentation.description,
	...automationFlow.description,
];

/** RD Station's documented limit for most plans (500 on Advanced): the default pace. */
export const RD_STATION_REQUESTS_PER_MINUTE = 120;

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeToOperation.call(this, resources, RD_STATION_REQUESTS_PER_MINUTE);
}
