import { DomainError, type ErrorDetail } from '@yiwang/platform';

export const SiteErrors = {
  /** Also for sites outside the caller's scope: existence is not disclosed. */
  notFound: (id: string) =>
    DomainError.notFound('registry.site_not_found', `Service site ${id.slice(0, 40)} does not exist`),
  invalid: (details: ErrorDetail[]) =>
    DomainError.invalid('registry.invalid_site', 'The service site is not valid', details),
  /** A centre belongs to a street or town, a station to a village or community. */
  kindNotForLevel: (kind: string, level: string) =>
    DomainError.invalid('registry.site_kind_mismatch', 'The kind of site does not fit the unit', [
      {
        field: 'kind',
        message: `a ${kind} belongs to a ${kind === 'center' ? 'street' : 'community'}, not a ${level}`,
      },
    ]),
  invalidUnitCode: () =>
    DomainError.invalid('registry.invalid_unit_code', 'Not a street or community code', [
      {
        field: 'unitCode',
        message: 'must be the 9-digit code of a street or the 12-digit code of a community',
      },
    ]),
  invalidRadius: (min: number, max: number) =>
    DomainError.invalid('registry.invalid_radius', 'Invalid service-circle radius', [
      { field: 'radiusMeters', message: `must be a whole number of metres from ${min} to ${max}` },
    ]),
  invalidUncoveredLimit: (max: number) =>
    DomainError.invalid('registry.invalid_page', 'Invalid list size', [
      { field: 'uncoveredLimit', message: `must be 1 to ${max}` },
    ]),
  coverageLevel: () =>
    DomainError.invalid(
      'registry.coverage_level',
      'Coverage is computed for a district, street or community',
      [{ field: 'unitCode', message: 'must be a district, street or community' }],
    ),
  invalidCursor: () =>
    DomainError.invalid('registry.invalid_cursor', 'Invalid page cursor', [
      { field: 'cursor', message: 'is not a cursor this list returned' },
    ]),
  invalidLimit: (max: number) =>
    DomainError.invalid('registry.invalid_page', 'Invalid page size', [
      { field: 'limit', message: `must be 1 to ${max}` },
    ]),
};
