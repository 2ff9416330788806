import { describeResource } from '../../../shared/resource';
import * as convertToContact from './convertToContact.operation';

export const operations = { convertToContact };

export const description = describeResource('lead', operations);
