import { Injectable } from '@nestjs/common';
import { entityColumns, execute, pathWithinSql, queryOne, queryRows, sql, type Row } from '@yiwang/platform';
import { DataSource } from 'typeorm';
import { AuditChainHeadEntity, AuditLogEntity } from './audit-log.entity.js';
import { hashRecord, type AuditRecord, type AuditRow } from './audit-record.js';

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
      const head = (await queryOne<Row<AuditChainHeadEntity>>(
        manager,
        sql`SELECT ${this.chainHead.select(undefined, ['seq', 'hash'])} FROM ${this.chainHead.table}
            WHERE id = 1 FOR UPDATE`,
      ))!;
      let seq = BigInt(head.seq);
      let prevHash = head.hash;
      const rows: AuditRow[] = [];
      for (const record of records) {
        seq += 1n;
        const hash = hashRecord(record, prevHash);
        rows.push({ ...record, seq: seq.toString(), prevHash, hash });
        prevHash = hash;
      }
      await execute(manager, this.log.insert(rows, this.log.props));
      await execute(
        manager,
        sql`UPDATE ${this.chainHead.table}
            SET ${this.chainHead.assign({ seq: seq.toString(), hash: prevHash }, ['seq', 'hash'])} WHERE id = 1`,
      );
    });
  }

  async head(): Promise<{ seq: string; hash: string }> {
    const head = await queryOne<Row<AuditChainHeadEntity>>(
      this.dataSource,
      sql`SELECT ${this.chainHead.select(undefined, ['seq', 'hash'])} FROM ${this.chainHead.table} WHERE id = 1`,
    );
    return head!;
  }

  /** Rows in chain order after `afterSeq`, up to `throughSeq`: the verifier's pages. */
  async walk(afterSeq: string, throughSeq: string, limit: number): Promise<AuditRow[]> {
    const log = this.log;
    return queryRows<AuditRow>(
      this.dataSource,
      sql`SELECT ${log.select()} FROM ${log.table}
          WHERE seq > ${afterSeq} AND seq <= ${throughSeq} ORDER BY seq LIMIT ${limit}`,
    );
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
    return queryRows<AuditRow>(
      this.dataSource,
      sql`SELECT ${this.log.select()} FROM ${this.log.table} WHERE ${sql.and(where)}
          ORDER BY seq DESC LIMIT ${q.limit}`,
    );
  }

  private get log() {
    return entityColumns(this.dataSource, AuditLogEntity);
  }

  private get chainHead() {
    return entityColumns(this.dataSource, AuditChainHeadEntity);
  }
}
