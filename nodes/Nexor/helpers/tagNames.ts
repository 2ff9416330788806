/**
 * Tags as a parameter gives them: a list (from the dropdown or an
 * expression), or comma-separated text from an expression. Empty entries
 * dropped, duplicates kept once, order kept.
 */
export function tagList(value: unknown): unknown[] {
	const entries = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
	const seen = new Set<string>();
	const list: unknown[] = [];
	for (const entry of entries) {
		const text = typeof entry === 'string' ? entry.trim() : entry;
		if (text === '') continue;
		const key = typeof text === 'string' ? text.toLowerCase() : JSON.stringify(text);
		if (seen.has(key)) continue;
		seen.add(key);
		list.push(text);
	}
	return list;
}
