import { DomainError } from '@yiwang/platform';

export const AttachmentErrors = {
  caseNotFound: (id: string) => DomainError.notFound('case.not_found', `Case ${id} does not exist`),
  notFound: (id: string) =>
    DomainError.notFound('case.attachment_not_found', `Attachment ${id} does not exist on this case`),
  incomplete: () =>
    DomainError.invalid(
      'case.attachment_incomplete',
      'The upload ended before its last part: nothing stored',
    ),
  empty: () => DomainError.invalid('case.attachment_empty', 'The attachment has no content'),
  tooLarge: (limit: number) =>
    new DomainError(
      'invalid',
      'case.attachment_too_large',
      `The attachment is larger than the limit of ${limit} bytes`,
      [{ field: 'content', message: `at most ${limit} bytes` }],
    ),
  unsupportedType: (allowed: readonly string[]) =>
    DomainError.invalid(
      'case.attachment_type_unsupported',
      'The content is not of an accepted type (checked from its bytes)',
      [{ field: 'content', message: `must be one of ${allowed.join(', ')}` }],
    ),
  typeMismatch: (declared: string, found: string) =>
    DomainError.invalid(
      'case.attachment_type_mismatch',
      `The content was declared as ${declared} but its bytes are ${found}`,
      [{ field: 'type', message: `the bytes are ${found}` }],
    ),
  invalidName: () =>
    DomainError.invalid('case.attachment_name_invalid', 'The file name is not valid', [
      { field: 'name', message: 'at most 255 characters, no control characters' },
    ]),
  reasonRequired: () =>
    DomainError.invalid('case.attachment_reason_required', 'Say why the attachment is deleted', [
      { field: 'reason', message: 'must be 1–500 characters' },
    ]),
  outOfScope: (id: string) => DomainError.notFound('case.not_found', `Case ${id} does not exist`),
  storageMissing: (id: string) =>
    DomainError.unavailable('case.attachment_storage_missing', `The content of attachment ${id} is missing`),
};
