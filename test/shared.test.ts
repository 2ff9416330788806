import { Redactor } from '../nodes/shared/redact';
import { LONGEST_WINDOW_MS, Pacer } from '../nodes/shared/pacing';
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

describe('the pace of one credential, on a simulated clock', () => {
	beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
	afterEach(() => jest.useRealTimers());

	/** A small deterministic generator, so that a failing schedule can be run again. */
	const generator = (seed: number) => () => {
		seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
		return seed / 2 ** 31;
	};

	test.each([1, 2, 3])(
		'runs joining, ending and meeting 429s at random (schedule %i): no window of up to a minute ending at a start holds more than ⌈w / I⌉ starts',
		async (seed) => {
			const random = generator(seed);
			const pacer = new Pacer();
			const paces = [0, 120, 600, 6_000, 60_000];
			const spacing = (perMinute: number) => (perMinute > 0 ? 60_000 / (perMinute * 0.97) : 0);
			const runs: Array<{ spacingMs: number; joined: number; left?: number }> = [];
			const starts: number[] = [];
			const run = async (delayMs: number) => {
				await new Promise((resolve) => setTimeout(resolve, delayMs));
				const perMinute = paces[Math.floor(random() * paces.length)];
				const record = { spacingMs: spacing(perMinute), joined: Date.now(), left: undefined as number | undefined };
				const lease = {};
				pacer.join(lease, perMinute);
				runs.push(record);
				const send = async (count: number) => {
					for (let request = 0; request < count; request++) {
						await pacer.acquire();
						starts.push(Date.now());
						// An answer: 20–300 ms; now and then a 429 with Retry-After 1–3 s.
						await new Promise((resolve) => setTimeout(resolve, 20 + random() * 280));
						if (random() < 0.02) pacer.rateLimited(1000 + Math.floor(random() * 2000));
						else pacer.succeeded();
					}
				};
				const concurrency = 1 + Math.floor(random() * 10);
				const items = 20 + Math.floor(random() * 200);
				await Promise.all(Array.from({ length: concurrency }, () => send(Math.ceil(items / concurrency))));
				pacer.leave(lease);
				record.left = Date.now();
			};
			let done = false;
			const everything = Promise.all(Array.from({ length: 8 }, () => run(random() * 120_000))).then(() => (done = true));
			while (!done) await jest.advanceTimersByTimeAsync(1_000);
			await everything;

			const window = LONGEST_WINDOW_MS;
			let checked = 0;
			const overfull: Array<{ from: number; to: number; starts: number; spacingMs: number }> = [];
			for (let last = 0; last < starts.length; last++) {
				const at = starts[last];
				// The strictest pace in force: runs active then, or ended less than a minute before.
				const spacingMs = Math.max(0, ...runs.filter((r) => r.joined <= at && (r.left === undefined || r.left > at - window)).map((r) => r.spacingMs));
				if (spacingMs === 0) continue;
				for (let first = last - 1; first >= 0 && at - starts[first] < window; first--) {
					// starts[first..last] lie in every window longer than at − starts[first]: at most ⌈w / I⌉ of them.
					if (at - starts[first] + 1e-6 < (last - first) * spacingMs) overfull.push({ from: starts[first], to: at, starts: last - first + 1, spacingMs });
					checked++;
				}
			}
			expect(overfull.slice(0, 3)).toEqual([]);
			expect(checked).toBeGreaterThan(1000);
		},
	);
});
