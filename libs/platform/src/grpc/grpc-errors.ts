import { Metadata, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { DomainError, isDomainError, type ErrorDetail } from '../errors/domain-error.js';
import { grpcStatusOfKind, kindOfGrpcStatus } from '../errors/error-kinds.js';
import { transientUnavailable } from '../errors/transient-errors.js';

const CODE_KEY = 'x-error-code';
// A -bin key: gRPC text metadata must be ASCII, and field messages may be Chinese.
const DETAILS_KEY = 'x-error-details-bin';

/** The error object grpc-js sends for a failed call: real status, stable code and details in trailers. */
export function toGrpcError(error: unknown): {
  code: GrpcStatus;
  message: string;
  details: string;
  metadata: Metadata;
} {
  const domain = isDomainError(error)
    ? error
    : (transientUnavailable(error) ?? new DomainError('internal', 'internal', 'Internal error'));
  const metadata = new Metadata();
  metadata.set(CODE_KEY, domain.code);
  if (domain.details.length > 0)
    metadata.set(DETAILS_KEY, Buffer.from(JSON.stringify(domain.details), 'utf8'));
  return { code: grpcStatusOfKind[domain.kind], message: domain.message, details: domain.message, metadata };
}

/** A failed call back to the DomainError the remote side threw (or the closest kind when it was not coded). */
export function fromGrpcError(error: ServiceError, method: string): DomainError {
  const code = String(error.metadata?.get(CODE_KEY)?.[0] ?? '');
  let details: ErrorDetail[] = [];
  const raw = error.metadata?.get(DETAILS_KEY)?.[0];
  if (raw) {
    try {
      details = JSON.parse(Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw));
    } catch {
      details = [];
    }
  }
  const kind = kindOfGrpcStatus(error.code);
  if (code) return new DomainError(kind, code, error.details || error.message, details);
  const upstream =
    error.code === GrpcStatus.DEADLINE_EXCEEDED ? 'upstream.deadline_exceeded' : 'upstream.unavailable';
  const message =
    error.code === GrpcStatus.DEADLINE_EXCEEDED
      ? `${method} did not answer in time`
      : `${method} failed: ${error.details || error.message}`;
  return new DomainError(kind === 'internal' ? 'unavailable' : kind, upstream, message);
}
