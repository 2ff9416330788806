import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeToOperation } from '../../shared/router';
import * as conversion from './conversion/Conversion.resource';
import * as conversionType from './conversionType/ConversionType.resource';
import * as lead from './lead/Lead.resource';
import * as leadRouter from './leadRouter/LeadRouter.resource';
import * as meeting from './meeting/Meeting.resource';
import * as message from './message/Message.resource';
import * as tag from './tag/Tag.resource';
import * as team from './team/Team.resource';

export const resources = {
	lead: lead.operations,
	conversion: conversion.operations,
	conversionType: conversionType.operations,
	meeting: meeting.operations,
	message: message.operations,
	tag: tag.operations,
	team: team.operations,
	leadRouter: leadRouter.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeToOperation.call(this, resources);
}
