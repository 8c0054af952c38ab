import { status as GrpcStatus } from '@grpc/grpc-js';
import type { ErrorKind } from './domain-error.js';

// Exhaustive maps: adding a kind without a status for every transport fails the type check.

export const httpStatusOfKind: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  precondition_required: 428,
  unprocessable: 422,
  too_many_requests: 429,
  unavailable: 503,
  deadline_exceeded: 504,
  internal: 500,
};

export const grpcStatusOfKind: Record<ErrorKind, GrpcStatus> = {
  invalid: GrpcStatus.INVALID_ARGUMENT,
  unauthenticated: GrpcStatus.UNAUTHENTICATED,
  forbidden: GrpcStatus.PERMISSION_DENIED,
  not_found: GrpcStatus.NOT_FOUND,
  conflict: GrpcStatus.ALREADY_EXISTS,
  precondition_failed: GrpcStatus.FAILED_PRECONDITION,
  precondition_required: GrpcStatus.FAILED_PRECONDITION,
  unprocessable: GrpcStatus.INVALID_ARGUMENT,
  too_many_requests: GrpcStatus.RESOURCE_EXHAUSTED,
  unavailable: GrpcStatus.UNAVAILABLE,
  deadline_exceeded: GrpcStatus.DEADLINE_EXCEEDED,
  internal: GrpcStatus.INTERNAL,
};

/** Back from the wire: a gRPC status to the kind a caller should see when no coded detail came along. */
export function kindOfGrpcStatus(code: GrpcStatus): ErrorKind {
  switch (code) {
    case GrpcStatus.INVALID_ARGUMENT:
    case GrpcStatus.OUT_OF_RANGE:
      return 'invalid';
    case GrpcStatus.UNAUTHENTICATED:
      return 'unauthenticated';
    case GrpcStatus.PERMISSION_DENIED:
      return 'forbidden';
    case GrpcStatus.NOT_FOUND:
      return 'not_found';
    case GrpcStatus.ALREADY_EXISTS:
    case GrpcStatus.ABORTED:
      return 'conflict';
    case GrpcStatus.FAILED_PRECONDITION:
      return 'precondition_failed';
    case GrpcStatus.RESOURCE_EXHAUSTED:
      return 'too_many_requests';
    case GrpcStatus.UNAVAILABLE:
    case GrpcStatus.CANCELLED:
      return 'unavailable';
    case GrpcStatus.DEADLINE_EXCEEDED:
      return 'deadline_exceeded';
    default:
      return 'internal';
  }
}
