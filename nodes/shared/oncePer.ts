/**
 * `compute` run once per object — an execution's context, a checked body, a
 * type's field list — and its value kept as long as that object lives: work
 * the item loop would otherwise repeat for every item.
 */
export function oncePer<Key extends object, Value>(compute: (key: Key) => Value): (key: Key) => Value {
	const values = new WeakMap<Key, Value>();
	return (key) => {
		if (values.has(key)) return values.get(key) as Value;
		const value = compute(key);
		values.set(key, value);
		return value;
	};
}
