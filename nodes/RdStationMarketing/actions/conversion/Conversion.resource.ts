import { describeResource } from '../../../shared/resource';
import * as create from './create.operation';

export const operations = { create };

export const description = describeResource('conversion', operations);
