/**
 * Domain code throws DomainError with a stable machine code (`case.not_found`) and a kind. Each transport
 * (HTTP, gRPC, NATS) maps kinds to its own status in exactly one place: see error-kinds.ts.
 */
export const ERROR_KINDS = [
  'invalid',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'precondition_failed',
  /** A conditional header (If-Match) is required and missing. */
  'precondition_required',
  /** Well-formed but cannot be processed (e.g. an Idempotency-Key reused with another request). */
  'unprocessable',
  'too_many_requests',
  'unavailable',
  'deadline_exceeded',
  'internal',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface ErrorDetail {
  /** Field or input the problem is about, e.g. `body.category` or `DATABASE_URL`. */
  readonly field?: string;
  readonly message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static notFound(code: string, message: string): DomainError {
    return new DomainError('not_found', code, message);
  }

  static invalid(code: string, message: string, details: readonly ErrorDetail[] = []): DomainError {
    return new DomainError('invalid', code, message, details);
  }

  static conflict(code: string, message: string, details: readonly ErrorDetail[] = []): DomainError {
    return new DomainError('conflict', code, message, details);
  }

  static unavailable(code: string, message: string): DomainError {
    return new DomainError('unavailable', code, message);
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
