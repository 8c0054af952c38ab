import { DomainError, type ErrorDetail } from '@yiwang/platform';

/** The intake feature's coded errors; transports map them by kind. */
export const CaseIntakeErrors = {
  invalidInput: (details: ErrorDetail[]) =>
    DomainError.invalid('case.invalid_input', 'The case report is not valid', details),
};
