import { DomainError, type ErrorDetail } from '@yiwang/platform';

export const GridErrors = {
  notFound: (code: string) => DomainError.notFound('registry.grid_not_found', `Grid ${code} does not exist`),
  invalid: (details: ErrorDetail[]) =>
    DomainError.invalid('registry.invalid_grid', 'The grid is not valid', details),
  exists: (code: string) => DomainError.conflict('registry.grid_exists', `Grid ${code} already exists`),
  overlaps: (code: string, others: string[]) =>
    DomainError.conflict(
      'registry.grid_overlaps',
      `Grid ${code} overlaps active grid(s) ${others.join(', ')}`,
      [{ field: 'polygon', message: `overlaps ${others.join(', ')}` }],
    ),
  notActive: (code: string) =>
    DomainError.conflict('registry.grid_retired', `Grid ${code} is retired and cannot be changed`),
  staffNotFound: (id: string) =>
    DomainError.notFound('registry.staff_not_found', `Staff record ${id} does not exist`),
};
