import { DomainError } from '@yiwang/platform';

export const UnitErrors = {
  /** Also for units outside the caller's scope: existence is not disclosed. */
  notFound: (code: string) => DomainError.notFound('registry.unit_not_found', `Unit ${code} does not exist`),
  invalidCode: (code: string) =>
    DomainError.invalid('registry.invalid_unit_code', 'Not a division code', [
      { field: 'code', message: `"${code.slice(0, 20)}" is not a 2–12 digit division code` },
    ]),
  invalidLimit: () =>
    DomainError.invalid('registry.invalid_page', 'Invalid page size', [
      { field: 'limit', message: 'must be 1–500' },
    ]),
};
