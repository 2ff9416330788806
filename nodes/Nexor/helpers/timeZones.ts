/** Whether `name` is a time zone this runtime knows (IANA names, e.g. America/Santiago, and UTC). */
export function isTimeZone(name: string): boolean {
	if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return false;
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: name });
		return true;
	} catch {
		// Intl's answer to an unknown zone (a RangeError).
		return false;
	}
}

/** Every IANA time zone this runtime knows, for the editor's list. */
export function timeZoneNames(): string[] {
	const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
	const names = intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : [];
	return names.includes('UTC') ? names : ['UTC', ...names];
}
