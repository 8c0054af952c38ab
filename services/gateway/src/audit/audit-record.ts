import { createHash } from 'node:crypto';

/** One audited event: who, what, when, from where, the outcome and the unit of the affected resource. */
export interface AuditRecord {
  at: Date;
  subject: string | null;
  roles: string[];
  /** The API client (departmental system) acting, when the caller is one. */
  clientId: string | null;
  /** The caller's data scope (unit path) when the event happened. */
  actorScope: string | null;
  method: string;
  /** The route template (`/api/v1/registry/residents/:id`), or the raw path when no route matched. */
  route: string;
  /** Path parameters naming the resources acted on. */
  resourceIds: Record<string, string>;
  /** `registry-people.updateResident`, `registry.resident.reveal` … */
  action: string;
  ip: string | null;
  userAgent: string | null;
  status: number;
  errorCode: string | null;
  /** Unit path of the affected resource when known (e.g. `44.4401.440106.440106001`). */
  unitPath: string | null;
}

/** A stored row: the record, its place in the chain and the hashes linking it. */
export interface AuditRow extends AuditRecord {
  seq: string;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);
/** Bumped if the serialization ever changes; part of every hash so old rows stay verifiable. */
const FORMAT = 'yiwang.audit.v1';

/**
 * The canonical serialization: a JSON array of the fields in a fixed order (object keys sorted), so the
 * same record always hashes the same whatever the database returns. The position (`seq`) is left out on
 * purpose: order is carried by `prev_hash`, so a swap of two rows shows up as a broken link ("reordered")
 * rather than as two modified rows.
 */
export function canonicalize(record: AuditRecord, prevHash: string): string {
  const ids = Object.keys(record.resourceIds)
    .sort()
    .map((key) => [key, String(record.resourceIds[key])]);
  return JSON.stringify([
    FORMAT,
    record.at.toISOString(),
    record.subject,
    [...record.roles].sort(),
    record.clientId,
    record.actorScope,
    record.method,
    record.route,
    ids,
    record.action,
    record.ip,
    record.userAgent,
    record.status,
    record.errorCode,
    record.unitPath,
    prevHash,
  ]);
}

export function hashRecord(record: AuditRecord, prevHash: string): string {
  return createHash('sha256').update(canonicalize(record, prevHash), 'utf8').digest('hex');
}
