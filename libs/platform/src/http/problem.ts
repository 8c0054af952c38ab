import { HttpException } from '@nestjs/common';
import { DomainError, isDomainError, type ErrorDetail } from '../errors/domain-error.js';
import { httpStatusOfKind } from '../errors/error-kinds.js';
import { RETRY_AFTER_SECONDS, transientUnavailable } from '../errors/transient-errors.js';

/** RFC 9457 problem details, with a stable machine-readable `code` and per-field `errors`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: readonly ErrorDetail[];
  traceId?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const TYPE_BASE = 'https://yiwang.dev/problems/';

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Nest's own HttpExceptions (unknown route, unparsable body, body too large) keep their status. */
const frameworkCodes: Record<number, string> = {
  400: 'request.malformed',
  404: 'route.not_found',
  405: 'route.method_not_allowed',
  413: 'request.too_large',
  415: 'request.unsupported_media_type',
};

export function toProblem(error: unknown, instance?: string): Problem {
  if (isDomainError(error)) return fromDomain(error, instance);
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = frameworkCodes[status] ?? `http.${status}`;
    const response = error.getResponse();
    const detail =
      typeof response === 'string'
        ? response
        : Array.isArray((response as { message?: unknown }).message)
          ? (response as { message: string[] }).message.join('; ')
          : typeof (response as { message?: unknown }).message === 'string'
            ? (response as { message: string }).message
            : error.message;
    return { type: TYPE_BASE + code, title: titles[status] ?? 'Error', status, detail, code, instance };
  }
  const status = statusOfLowLevel(error);
  if (status) {
    const code = frameworkCodes[status] ?? `http.${status}`;
    return {
      type: TYPE_BASE + code,
      title: titles[status],
      status,
      detail: (error as Error).message,
      code,
      instance,
    };
  }
  return fromDomain(
    transientUnavailable(error) ?? new DomainError('internal', 'internal', 'An unexpected error occurred'),
    instance,
  );
}

/**
 * Headers that go with a problem on every HTTP path that answers one: a 503 tells the caller when to
 * retry (a restarting database, an unreachable service).
 */
export function problemHeaders(problem: Pick<Problem, 'status'>): Record<string, string> {
  return problem.status === 503 ? { 'Retry-After': String(RETRY_AFTER_SECONDS) } : {};
}

function fromDomain(error: DomainError, instance?: string): Problem {
  const status = httpStatusOfKind[error.kind];
  return {
    type: TYPE_BASE + error.code,
    title: titles[status] ?? 'Error',
    status,
    detail: error.message,
    code: error.code,
    instance,
    ...(error.details.length > 0 ? { errors: error.details } : {}),
  };
}

/** body-parser errors carry a status (400 bad JSON, 413 too large, 415 charset) but are not HttpExceptions. */
function statusOfLowLevel(error: unknown): number | undefined {
  const candidate = (error as { status?: unknown; type?: unknown })?.status;
  return typeof candidate === 'number' && candidate >= 400 && candidate < 500 ? candidate : undefined;
}
