import { DomainError } from '@yiwang/platform';

export const PlaceErrors = {
  /** Also for buildings outside the caller's scope: existence is not disclosed. */
  buildingNotFound: (id: string) =>
    DomainError.notFound('registry.building_not_found', `Building ${id.slice(0, 40)} does not exist`),
  householdNotFound: (id: string) =>
    DomainError.notFound('registry.household_not_found', `Household ${id.slice(0, 40)} does not exist`),
  gridNotFound: (code: string) =>
    DomainError.notFound('registry.grid_not_found', `Grid ${code.slice(0, 40)} does not exist`),
  /** Same code as the units feature's, without echoing the input (details travel as ASCII trailers). */
  invalidCommunityCode: () =>
    DomainError.invalid('registry.invalid_unit_code', 'Not a community code', [
      { field: 'communityCode', message: 'must be the 12-digit code of a village or community' },
    ]),
  notACommunity: () =>
    DomainError.invalid('registry.not_a_community', 'Buildings and households belong to a community', [
      { field: 'communityCode', message: 'is not a village or community' },
    ]),
  gridNotInCommunity: () =>
    DomainError.invalid('registry.invalid_grid', 'The grid is not an active grid of the community', [
      { field: 'gridCode', message: 'is not an active grid of the community' },
    ]),
  buildingExists: () =>
    DomainError.conflict('registry.building_exists', 'The community already has a building of that name'),
  householdExists: () =>
    DomainError.conflict('registry.household_exists', 'A household with that number is already registered'),
  invalid: (field: string, message: string) =>
    DomainError.invalid('registry.invalid_place', 'The place is not valid', [{ field, message }]),
  noPlacement: () =>
    DomainError.invalid('registry.placement_required', 'Say where it is', [
      { field: 'householdId', message: 'give a household, building, grid or community' },
    ]),
  invalidCursor: () =>
    DomainError.invalid('registry.invalid_cursor', 'Invalid page cursor', [
      { field: 'cursor', message: 'is not a cursor this list returned' },
    ]),
  invalidLimit: (max: number) =>
    DomainError.invalid('registry.invalid_page', 'Invalid page size', [
      { field: 'limit', message: `must be 1 to ${max}` },
    ]),
};
