import { DomainError } from '@yiwang/platform';

export const ImportJobErrors = {
  /** Also for jobs outside the caller's scope: their existence is not disclosed. */
  notFound: (id: string) =>
    DomainError.notFound('registry.import_not_found', `Import ${id.slice(0, 40)} does not exist`),
  forbidden: () =>
    new DomainError('forbidden', 'registry.import_forbidden', 'Importing needs registry:import'),
  empty: () =>
    DomainError.invalid('registry.import_empty', 'The import has no content', [
      { field: 'content', message: 'is empty' },
    ]),
  tooLarge: (max: number) =>
    DomainError.invalid('registry.import_too_large', 'The import is too large', [
      { field: 'content', message: `must be at most ${max} bytes; import larger files with the CLI` },
    ]),
  busy: (max: number) =>
    new DomainError(
      'too_many_requests',
      'registry.import_busy',
      `${max} imports are running already; start this one when one of them has finished`,
    ),
  invalidLimit: (max: number) =>
    DomainError.invalid('registry.invalid_page', 'Invalid page size', [
      { field: 'limit', message: `must be 1 to ${max}` },
    ]),
};
