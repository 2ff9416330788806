/*
 * A node added today starts where the features are: version 2 of the RD node
 * defaults to OAuth2 (everything), while version 1 — every workflow saved
 * before — keeps the API key it defaulted to (conversions only), as n8n's
 * own nodes change a default: a new version, the parameter shown per version.
 */
import type { INodeProperties, INodeType } from 'n8n-workflow';

import { RD_KEY } from '../sandbox/rdstation';
import { NODE } from '../setup';
import { runVersion, useRdTestBed } from './support';

jest.setTimeout(120_000);

const bed = useRdTestBed();

const conversion = { resource: 'conversion', operation: 'create', conversionIdentifier: 'versions', email: '={{ $json.email }}', requestOptions: { requestsPerMinute: 0 } };

test('the node offers versions 1 and 2, new nodes get 2, and "Authentication" defaults per version', () => {
	const description = (bed.engine.nodeTypes.getByNameAndVersion(NODE.rdStation) as INodeType).description;
	expect(description.version).toEqual([1, 2]);
	expect(description.defaultVersion).toBe(2);
	const authentication = description.properties.filter((property: INodeProperties) => property.name === 'authentication');
	expect(authentication.map((property) => [property.displayOptions?.show?.['@version'], property.default])).toEqual([
		[[1], 'apiKey'],
		[[2], 'oAuth2'],
	]);
});

test('version 2 with "Authentication" left as it comes: OAuth2 — /platform/events with the Bearer token', async () => {
	const { items, error } = await runVersion(bed, 2, conversion, [{ email: 'v2@example.com' }]);
	expect(error).toBeUndefined();
	expect(items[0].json).toEqual({ event_uuid: expect.any(String), event_type: 'CONVERSION', email: 'v2@example.com', conversion_identifier: 'versions' });
	const [request] = bed.sandbox.requests('rdstation', 'POST', '/platform/events').slice(-1);
	expect(request.headers.authorization).toMatch(/^Bearer rd_at_/);
	expect(request.query.api_key).toBeUndefined();
});

test('version 2 opens every resource with its default: a new node can list segmentations with nothing else set', async () => {
	const { items, error } = await runVersion(bed, 2, { resource: 'segmentation', operation: 'getMany', returnAll: true }, [{}]);
	expect(error).toBeUndefined();
	expect(items.map((item) => item.json.name)).toEqual(['Leads from the webinar', 'Customers']);
});

test('version 1 saved without "Authentication" keeps the API key: /platform/conversions?api_key=…', async () => {
	const { items, error } = await runVersion(bed, 1, conversion, [{ email: 'v1@example.com' }]);
	expect(error).toBeUndefined();
	expect(items[0].json).toEqual({ event_uuid: expect.any(String), conversion_identifier: 'versions', email: 'v1@example.com' });
	const [request] = bed.sandbox.requests('rdstation', 'POST', '/platform/conversions').slice(-1);
	expect(request.query.api_key).toBe(RD_KEY);
});

test('either version keeps what a workflow chose: version 1 with OAuth2, version 2 with the API key', async () => {
	const v1 = await runVersion(bed, 1, { ...conversion, authentication: 'oAuth2' }, [{ email: 'v1-oauth@example.com' }]);
	expect(v1.items[0].json.event_type).toBe('CONVERSION');
	expect(bed.sandbox.requests('rdstation', 'POST', '/platform/events').at(-1)?.headers.authorization).toMatch(/^Bearer /);
	const v2 = await runVersion(bed, 2, { ...conversion, authentication: 'apiKey' }, [{ email: 'v2-key@example.com' }]);
	expect(v2.items[0].json).toEqual({ event_uuid: expect.any(String), conversion_identifier: 'versions', email: 'v2-key@example.com' });
	expect(bed.sandbox.requests('rdstation', 'POST', '/platform/conversions').at(-1)?.query.api_key).toBe(RD_KEY);
});

test('an event RD takes only with OAuth2, in a workflow set to the API key: refused before sending, saying why', async () => {
	const before = bed.sandbox.requests('rdstation').length;
	const chat = await runVersion(bed, 1, { resource: 'event', operation: 'chatStarted', email: 'key@example.com', chatSubject: 'Hi', cfChatStatus: 'open' }, [{}]);
	expect(chat.error?.message).toBe('Authentication: expected OAuth2 for CHAT_STARTED events (RD takes only conversions with the API key), got API Key [item 0]');
	const failed = await runVersion(
		bed,
		2,
		{ authentication: 'apiKey', resource: 'funnel', operation: 'markOpportunity', email: 'key@example.com' },
		[{}],
	);
	expect(failed.error?.message).toBe('Authentication: expected OAuth2 for OPPORTUNITY events (RD takes only conversions with the API key), got API Key [item 0]');
	expect(bed.sandbox.requests('rdstation').length).toBe(before);
});
