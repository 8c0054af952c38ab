import { DomainError } from './domain-error.js';

/** How long a caller should wait before retrying a request refused as temporarily unavailable. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * SQLSTATEs that mean "the database cannot be reached or is going away", not "the request is wrong":
 * class 08 (connection exception), 57P01–57P03 (admin/crash shutdown, cannot connect now), 53300 (too many
 * connections).
 */
const TRANSIENT_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[1-3]|53300)$/;
/** Socket errors of a dependency that is down or restarting. */
const TRANSIENT_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
/** node-postgres and TypeORM say it in words only (no code) when a connection drops or cannot be had. */
const TRANSIENT_MESSAGE =
  /^(Connection terminated( unexpectedly| due to connection timeout)?|Client has encountered a connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect)$/;

/**
 * A lost or refused database connection (seen directly, or wrapped by TypeORM as `driverError` or in a
 * `cause` chain) becomes `unavailable` (`service.unavailable`: 503 with Retry-After over HTTP, UNAVAILABLE
 * over gRPC): the request may succeed when retried, unlike an `internal` error. Anything else: null.
 */
export function transientUnavailable(error: unknown): DomainError | null {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth += 1) {
    const { code, message, driverError, cause } = e as {
      code?: unknown;
      message?: unknown;
      driverError?: unknown;
      cause?: unknown;
    };
    if (
      (typeof code === 'string' && (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_ERRNO.has(code))) ||
      (typeof message === 'string' && TRANSIENT_MESSAGE.test(message))
    ) {
      return DomainError.unavailable(
        'service.unavailable',
        'A service this request needs is unavailable for the moment; retry shortly',
      );
    }
    e = driverError ?? cause;
  }
  return null;
}
