import { Injectable } from '@nestjs/common';
import { pathWithinSql, queryRows, sql } from '@yiwang/platform';
import { DataSource } from 'typeorm';
import { hashRecord, type AuditRecord, type AuditRow } from './audit-record.js';

const COLUMNS = `seq::text AS seq, at, subject, roles, client_id, actor_scope, method, route, resource_ids,
  action, ip, user_agent, status, error_code, unit_path, prev_hash, hash`;

export interface AuditQuery {
  from?: Date;
  to?: Date;
  subject?: string;
  action?: string;
  /** Unit path prefix (subtree) asked for. */
  unitPath?: string;
  /** The reader's own scope: null means the whole tree. */
  scopePath: string | null;
  /** Return rows with seq below this (newest first). */
  beforeSeq?: string;
  limit: number;
}

/** The audit chain in the gateway schema: appends under the chain-head row lock, reads and walks. */
@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends records as one transaction: locks the chain head (`FOR UPDATE`), links each record to the one
   * before, inserts them in one statement and moves the head. Every writer, in every gateway replica, waits
   * for the same row, so there is one chain.
   */
  async append(records: readonly AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.dataSource.transaction(async (manager) => {
      const [head] = await manager.query<{ seq: string; hash: string }[]>(
        `SELECT seq::text AS seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE`,
      );
      let seq = BigInt(head.seq);
      let prevHash = head.hash;
      const values: unknown[] = [];
      const tuples: string[] = [];
      for (const record of records) {
        seq += 1n;
        const hash = hashRecord(record, prevHash);
        const row = [
          seq.toString(),
          record.at,
          record.subject,
          record.roles,
          record.clientId,
          record.actorScope,
          record.method,
          record.route,
          JSON.stringify(record.resourceIds),
          record.action,
          record.ip,
          record.userAgent,
          record.status,
          record.errorCode,
          record.unitPath,
          prevHash,
          hash,
        ];
        const base = values.length;
        tuples.push(`(${row.map((_, i) => `$${base + i + 1}`).join(', ')})`);
        values.push(...row);
        prevHash = hash;
      }
      await manager.query(
        `INSERT INTO audit_log (seq, at, subject, roles, client_id, actor_scope, method, route, resource_ids,
           action, ip, user_agent, status, error_code, unit_path, prev_hash, hash)
         VALUES ${tuples.join(', ')}`,
        values,
      );
      await manager.query(`UPDATE audit_chain_head SET seq = $1, hash = $2 WHERE id = 1`, [
        seq.toString(),
        prevHash,
      ]);
    });
  }

  async head(): Promise<{ seq: string; hash: string }> {
    const [head] = await this.dataSource.query<{ seq: string; hash: string }[]>(
      `SELECT seq::text AS seq, hash FROM audit_chain_head WHERE id = 1`,
    );
    return head;
  }

  /** Rows in chain order after `afterSeq`, up to `throughSeq`: the verifier's pages. */
  async walk(afterSeq: string, throughSeq: string, limit: number): Promise<AuditRow[]> {
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT ${COLUMNS} FROM audit_log WHERE seq > $1 AND seq <= $2 ORDER BY audit_log.seq LIMIT $3`,
      [afterSeq, throughSeq, limit],
    );
    return rows.map(toRow);
  }

  /** Newest first, keyset-paged on seq, limited to the reader's scope. */
  async query(q: AuditQuery): Promise<AuditRow[]> {
    // A write is placed by the unit it touched, else by the scope of whoever wrote it.
    const placed = sql`coalesce(unit_path, actor_scope)`;
    const where = [pathWithinSql(placed, q.scopePath)];
    if (q.unitPath) where.push(pathWithinSql(placed, q.unitPath));
    if (q.from) where.push(sql`at >= ${q.from}`);
    if (q.to) where.push(sql`at < ${q.to}`);
    if (q.subject) where.push(sql`subject = ${q.subject}`);
    if (q.action) where.push(sql`action = ${q.action}`);
    if (q.beforeSeq) where.push(sql`seq < ${q.beforeSeq}`);
    const rows = await queryRows<Record<string, unknown>>(
      this.dataSource,
      sql`SELECT ${sql.raw(COLUMNS)} FROM audit_log WHERE ${sql.and(where)}
          ORDER BY audit_log.seq DESC LIMIT ${q.limit}`,
    );
    return rows.map(toRow);
  }
}

function toRow(r: Record<string, unknown>): AuditRow {
  return {
    seq: String(r.seq),
    at: r.at as Date,
    subject: (r.subject as string | null) ?? null,
    roles: (r.roles as string[]) ?? [],
    clientId: (r.client_id as string | null) ?? null,
    actorScope: (r.actor_scope as string | null) ?? null,
    method: String(r.method),
    route: String(r.route),
    resourceIds: (r.resource_ids as Record<string, string>) ?? {},
    action: String(r.action),
    ip: (r.ip as string | null) ?? null,
    userAgent: (r.user_agent as string | null) ?? null,
    status: Number(r.status),
    errorCode: (r.error_code as string | null) ?? null,
    unitPath: (r.unit_path as string | null) ?? null,
    prevHash: String(r.prev_hash),
    hash: String(r.hash),
  };
}
