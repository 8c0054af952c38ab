import { DomainError, type ErrorDetail } from '@yiwang/platform';

export const AssessmentErrors = {
  invalidInput: (details: ErrorDetail[]) =>
    DomainError.invalid('assessment.invalid_input', 'The assessment query is not valid', details),
  outOfScope: (what: string) =>
    new DomainError('forbidden', 'assessment.out_of_scope', `${what} is outside the caller's data scope`),
  unauthenticated: () =>
    new DomainError('unauthenticated', 'auth.missing_identity', 'No caller identity was forwarded'),
};
