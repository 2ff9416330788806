import type { ApiFailure } from '../../shared/types';

/** "Nexor has no lead with ID …" for a 404 (docs/nexor-api.md §Errors: Nexor's own 404 text is generic). */
export const notFound =
	(what: string, id: string) =>
	(failure: ApiFailure): string | undefined =>
		failure.statusCode === 404 ? `Nexor has no ${what} with ID "${decodeURIComponent(id)}" in this account: ${failure.message}` : undefined;
