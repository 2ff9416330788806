import { describeResource } from '../../../shared/resource';
import * as create from './create.operation';
import * as getMany from './getMany.operation';

export const operations = { create, getMany };

export const description = describeResource('conversion', operations);
