import { DomainError } from '@yiwang/platform';

/**
 * Resident errors. Messages and details never carry names, ID numbers or phone numbers, and details
 * never echo input: they travel as ASCII gRPC trailers.
 */
export const ResidentErrors = {
  /** Also for residents outside the caller's scope: existence is not disclosed. */
  notFound: (id: string) =>
    DomainError.notFound('registry.resident_not_found', `Resident ${id.slice(0, 40)} does not exist`),
  exists: () =>
    DomainError.conflict('registry.resident_exists', 'A resident with this ID number is already registered'),
  invalid: (field: string, message: string) =>
    DomainError.invalid('registry.invalid_resident', 'The resident is not valid', [{ field, message }]),
  piiForbidden: () =>
    new DomainError(
      'forbidden',
      'registry.pii_forbidden',
      'Revealing ID and phone numbers needs registry:read-pii',
    ),
  purposeRequired: () =>
    DomainError.invalid('registry.purpose_required', 'Say why the personal data is revealed', [
      { field: 'purpose', message: 'is required to reveal, 1 to 200 characters' },
    ]),
  specialPopulationForbidden: () =>
    new DomainError(
      'forbidden',
      'registry.special_population_forbidden',
      'Special-population tags need registry:read-special-population',
    ),
  unknownTag: () =>
    DomainError.invalid('registry.unknown_tag', 'Unknown special-population tag', [
      { field: 'tag', message: 'is not in the special-population catalogue' },
    ]),
  tagNotSet: (tag: string) =>
    DomainError.notFound('registry.tag_not_set', `The resident does not carry the tag ${tag.slice(0, 32)}`),
  noResidence: (date: string) =>
    DomainError.notFound('registry.no_residence_on_date', `No residence is recorded on ${date.slice(0, 10)}`),
  moveBeforeCurrent: (from: string) =>
    DomainError.invalid('registry.invalid_move_date', 'A move cannot predate the current residence', [
      { field: 'date', message: `must be on or after ${from}` },
    ]),
  /** A stored token that does not decrypt: a key is missing from the ring or the row was tampered with. */
  unreadable: () =>
    new DomainError('internal', 'registry.pii_unreadable', 'Stored personal data could not be decrypted'),
};
