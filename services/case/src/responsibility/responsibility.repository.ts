import { Injectable } from '@nestjs/common';
import { entityColumns, execute, queryOne, queryRows, sql, type Row } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ResponsibilityActivationEntity,
  ResponsibilityEntryEntity,
  ResponsibilityVersionEntity,
  type ResponsibilityLevel,
} from './responsibility.entities.js';

export type VersionRow = Row<ResponsibilityVersionEntity> & { entryCount: number; caseCount: number };
export type ActivationRow = Row<ResponsibilityActivationEntity>;
export type EntryRow = Row<ResponsibilityEntryEntity>;
export type NewEntry = Omit<EntryRow, 'version'>;

/** The only code that touches responsibility_versions and responsibility_entries. */
@Injectable()
export class ResponsibilityRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get versionColumns() {
    return entityColumns(this.dataSource, ResponsibilityVersionEntity);
  }

  private get activationColumns() {
    return entityColumns(this.dataSource, ResponsibilityActivationEntity);
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

  /**
   * Every version, newest first, with its number of lines and of cases routed under it (only a district's
   * cases when one is given: its unit code is a segment of the case's unit path).
   */
  async versions(
    db: DataSource | EntityManager = this.dataSource,
    only?: number,
    districtCode?: string,
  ): Promise<VersionRow[]> {
    const v = this.versionColumns;
    const inDistrict = districtCode ? sql`AND ${districtCode} = ANY(c.unit_path)` : sql.empty;
    return queryRows<VersionRow>(
      db,
      sql`SELECT ${v.select('v')},
            (SELECT count(*)::int FROM responsibility_entries e WHERE e.version = v.version) AS "entryCount",
            (SELECT count(*)::int FROM cases c
              WHERE c.responsibility_version = v.version ${inDistrict}) AS "caseCount"
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

  /**
   * Makes one version the active one (the previous loses the flag first: the unique index allows one) and
   * records the activation with its reason.
   */
  async activate(
    manager: EntityManager,
    version: number,
    by: { activatedBy: string; activatedByName: string | null; reason: string; previous: number | null },
  ): Promise<void> {
    await execute(manager, sql`UPDATE responsibility_versions SET active = false WHERE active`);
    await execute(
      manager,
      sql`UPDATE responsibility_versions
          SET active = true, activated_by = ${by.activatedBy}, activated_by_name = ${by.activatedByName},
              activated_at = now(), activation_reason = ${by.reason}
          WHERE version = ${version}`,
    );
    const a = this.activationColumns;
    await execute(
      manager,
      a.insert(
        [
          {
            version,
            reason: by.reason,
            activatedBy: by.activatedBy,
            activatedByName: by.activatedByName,
            previousVersion: by.previous,
          },
        ],
        ['version', 'reason', 'activatedBy', 'activatedByName', 'previousVersion'],
      ),
    );
  }

  /** A version's activations, newest first. */
  async activations(version: number): Promise<ActivationRow[]> {
    const a = this.activationColumns;
    return a.read(
      await queryRows<ActivationRow>(
        this.dataSource,
        sql`SELECT ${a.select()} FROM ${a.table} WHERE version = ${version} ORDER BY activated_at DESC, id DESC`,
      ),
    );
  }
}

export type { ResponsibilityLevel };
