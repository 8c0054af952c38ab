import { Injectable } from '@nestjs/common';
import { entityColumns, execute, queryOne, queryRows, sql, type Row } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ResponsibilityEntryEntity,
  ResponsibilityVersionEntity,
  type ResponsibilityLevel,
} from './responsibility.entities.js';

export type VersionRow = Row<ResponsibilityVersionEntity> & { entryCount: number; caseCount: number };
export type EntryRow = Row<ResponsibilityEntryEntity>;
export type NewEntry = Omit<EntryRow, 'version'>;

/** The only code that touches responsibility_versions and responsibility_entries. */
@Injectable()
export class ResponsibilityRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get versionColumns() {
    return entityColumns(this.dataSource, ResponsibilityVersionEntity);
  }

  private get entryColumns() {
    return entityColumns(this.dataSource, ResponsibilityEntryEntity);
  }

  /**
   * Serialises writers of the list (a new version number, the single active flag) for the transaction;
   * readers are not blocked.
   */
  async lock(manager: EntityManager): Promise<void> {
    await execute(manager, sql`LOCK TABLE responsibility_versions IN SHARE ROW EXCLUSIVE MODE`);
  }

  /** Every version, newest first, with its number of lines and of cases routed under it. */
  async versions(db: DataSource | EntityManager = this.dataSource, only?: number): Promise<VersionRow[]> {
    const v = this.versionColumns;
    return queryRows<VersionRow>(
      db,
      sql`SELECT ${v.select('v')},
            (SELECT count(*)::int FROM responsibility_entries e WHERE e.version = v.version) AS "entryCount",
            (SELECT count(*)::int FROM cases c WHERE c.responsibility_version = v.version) AS "caseCount"
          FROM ${v.table} v
          ${only === undefined ? sql.empty : sql`WHERE v.version = ${only}`}
          ORDER BY v.version DESC`,
    );
  }

  async version(
    version: number,
    db: DataSource | EntityManager = this.dataSource,
  ): Promise<VersionRow | null> {
    return (await this.versions(db, version))[0] ?? null;
  }

  async activeVersion(db: DataSource | EntityManager = this.dataSource): Promise<number | null> {
    const row = await queryOne<{ version: number }>(
      db,
      sql`SELECT version FROM responsibility_versions WHERE active`,
    );
    return row?.version ?? null;
  }

  async nextVersion(manager: EntityManager): Promise<number> {
    const row = await queryOne<{ next: number }>(
      manager,
      sql`SELECT coalesce(max(version), 0)::int + 1 AS next FROM responsibility_versions`,
    );
    return row!.next;
  }

  async entries(version: number, db: DataSource | EntityManager = this.dataSource): Promise<EntryRow[]> {
    const e = this.entryColumns;
    return e.read(
      await queryRows<EntryRow>(
        db,
        sql`SELECT ${e.select()} FROM ${e.table} WHERE version = ${version} ORDER BY category, level`,
      ),
    );
  }

  /** The lines of one category in a version, one per level that has one. */
  async entriesFor(version: number, category: string): Promise<EntryRow[]> {
    const e = this.entryColumns;
    return e.read(
      await queryRows<EntryRow>(
        this.dataSource,
        sql`SELECT ${e.select()} FROM ${e.table} WHERE version = ${version} AND category = ${category}`,
      ),
    );
  }

  async insertVersion(
    manager: EntityManager,
    row: Pick<ResponsibilityVersionEntity, 'version' | 'basedOn' | 'reason' | 'createdBy' | 'createdByName'>,
    entries: readonly NewEntry[],
  ): Promise<void> {
    await execute(
      manager,
      this.versionColumns.insert([row], ['version', 'basedOn', 'reason', 'createdBy', 'createdByName']),
    );
    if (entries.length === 0) return;
    await execute(
      manager,
      this.entryColumns.insert(
        entries.map((e) => ({ ...e, version: row.version })),
        ['version', 'category', 'level', 'departmentKind', 'deadlineWorkingHours'],
      ),
    );
  }

  /** Makes one version the active one (the previous loses the flag first: the unique index allows one). */
  async activate(
    manager: EntityManager,
    version: number,
    by: { activatedBy: string; activatedByName: string | null },
  ): Promise<void> {
    await execute(manager, sql`UPDATE responsibility_versions SET active = false WHERE active`);
    await execute(
      manager,
      sql`UPDATE responsibility_versions
          SET active = true, activated_by = ${by.activatedBy}, activated_by_name = ${by.activatedByName},
              activated_at = now()
          WHERE version = ${version}`,
    );
  }
}

export type { ResponsibilityLevel };
