import { describeResource } from '../../../shared/resource';
import * as getMany from './getMany.operation';

export const operations = { getMany };

export const description = describeResource('conversionType', operations);
