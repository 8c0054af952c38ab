import { DomainError, type ErrorDetail } from '@yiwang/platform';

/** The lifecycle's coded errors; transports map them by kind (409 conflict, 412 precondition …). */
export const CaseLifecycleErrors = {
  invalidAction: (details: ErrorDetail[]) =>
    DomainError.invalid('case.invalid_action', 'The action request is not valid', details),
  notFound: (id: string) => DomainError.notFound('case.not_found', `Case ${id} does not exist`),
  /** The allowed actions travel as details named `allowedActions`; the gateway lists them in the problem. */
  notAllowed: (action: string, state: string, allowed: readonly string[]) =>
    DomainError.conflict(
      'case.action_not_allowed',
      `The action ${action} is not allowed while the case is ${state}`,
      allowed.map((a) => ({ field: 'allowedActions', message: a })),
    ),
  versionMismatch: (expected: number, actual: number) =>
    new DomainError(
      'precondition_failed',
      'case.version_mismatch',
      `The case is at version ${actual}, not ${expected}: reload it and try again`,
    ),
  concurrentChange: () =>
    DomainError.conflict('case.concurrent_change', 'The case changed while the action ran; try again'),
  forbidden: (permission: string) =>
    new DomainError('forbidden', 'case.forbidden', `The action needs the permission ${permission}`),
  notHandler: () =>
    new DomainError(
      'forbidden',
      'case.not_handler',
      'Only the department the case is dispatched to (or the unit handling it itself) may do this',
    ),
  notTierUnit: (tierUnit: string) =>
    new DomainError(
      'forbidden',
      'case.not_tier_unit',
      `The case is held at unit ${tierUnit}, outside the caller's unit`,
    ),
  noDepartment: (category: string) =>
    DomainError.conflict(
      'case.no_department',
      `No department handles the category ${category} here: name one with departmentCode`,
      [{ field: 'departmentCode', message: 'is required: routing found no responsible department' }],
    ),
  unknownDepartment: (code: string) =>
    DomainError.invalid('case.unknown_department', `Department ${code} is not known`, [
      { field: 'departmentCode', message: 'is not a known department' },
    ]),
  returnUnfounded: (code: string, version: number) =>
    DomainError.conflict(
      'case.return_unfounded',
      `Version ${version} of the responsibility list, which the case was routed under, names ${code} responsible: the return cannot be upheld`,
      [
        {
          field: 'decision',
          message: `must be reject: list version ${version} names the returning department`,
        },
      ],
    ),
  foreignDepartment: (code: string) =>
    DomainError.invalid('case.foreign_department', `Department ${code} does not serve the case's area`, [
      { field: 'departmentCode', message: "is not a department of the case's district or street" },
    ]),
  subtasksOpen: (open: number) =>
    DomainError.conflict(
      'case.subtasks_open',
      `${open} co-handling sub-task(s) are still open: the case resolves when every one is done`,
    ),
  topTier: () => DomainError.conflict('case.top_tier', 'The case is already held by the district'),
};
