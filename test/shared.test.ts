import { Redactor } from '../nodes/shared/redact';
import { numberFromText } from '../nodes/shared/validation';

describe('redaction', () => {
	test('strips secret query parameters from URLs, plain and URL-encoded', () => {
		expect(new Redactor([], ['api_key']).text('POST https://api.rd.services/platform/conversions?api_key=abc123&x=1 failed')).toBe(
			'POST https://api.rd.services/platform/conversions?api_key=***&x=1 failed',
		);
		expect(new Redactor([], ['api_key']).text('url=https%3A%2F%2Fapi%3Fapi_key%3Dabc123')).toBe('url=https%3A%2F%2Fapi%3Fapi_key%3D***');
	});

	test('masks secret values wherever they appear, in nested values too', () => {
		const secret = 'nxr_live_example_0123456789';
		expect(new Redactor([secret]).value({ a: [`key ${secret}`], b: { c: secret }, [secret]: 1 })).toEqual({ a: ['key ***'], b: { c: '***' }, '***': 1 });
	});
});

describe('numbers from text', () => {
	test.each([
		['85000.00', 85000],
		[' 12 ', 12],
		['-3.5', -3.5],
		['1e3', 1000],
	])('%j becomes %j', (text, number) => expect(numberFromText(text)).toBe(number));

	test.each(['85.000,00', '12abc', '', 'NaN', 'Infinity', '0x10'])('%j stays text (and is refused later)', (text) =>
		expect(numberFromText(text)).toBe(text),
	);
});
