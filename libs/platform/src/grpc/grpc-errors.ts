import { Metadata, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { DomainError, isDomainError, type ErrorDetail } from '../errors/domain-error.js';
import { grpcStatusOfKind, kindOfGrpcStatus } from '../errors/error-kinds.js';

const CODE_KEY = 'x-error-code';
const DETAILS_KEY = 'x-error-details';

/** The error object grpc-js sends for a failed call: real status, stable code and details in trailers. */
export function toGrpcError(error: unknown): {
  code: GrpcStatus;
  message: string;
  details: string;
  metadata: Metadata;
} {
  const domain = isDomainError(error) ? error : new DomainError('internal', 'internal', 'Internal error');
  const metadata = new Metadata();
  metadata.set(CODE_KEY, domain.code);
  if (domain.details.length > 0) metadata.set(DETAILS_KEY, JSON.stringify(domain.details));
  return { code: grpcStatusOfKind[domain.kind], message: domain.message, details: domain.message, metadata };
}

/** A failed call back to the DomainError the remote side threw (or the closest kind when it was not coded). */
export function fromGrpcError(error: ServiceError, method: string): DomainError {
  const code = String(error.metadata?.get(CODE_KEY)?.[0] ?? '');
  let details: ErrorDetail[] = [];
  const raw = error.metadata?.get(DETAILS_KEY)?.[0];
  if (raw) {
    try {
      details = JSON.parse(String(raw));
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
