import { Injectable } from '@nestjs/common';
import { escapeLike, pathWithinSql, queryRows, sql, type Sql } from '@yiwang/platform';
import { DataSource } from 'typeorm';
import type { DataScope } from '../scope/data-scope.js';
import { residentColumns, type ResidentRow } from './resident.repository.js';

/** What a search is driven by: each kind is one index, and fixes the order pages come in. */
export type SearchCriterion =
  | { kind: 'name'; prefix: string }
  | { kind: 'initials'; prefix: string }
  | { kind: 'idNumber'; hash: string }
  | { kind: 'tag'; tag: string }
  | { kind: 'subtree' };

export interface SearchQuery {
  criterion: SearchCriterion;
  /** A unit or grid path the search is narrowed to (already intersected with the scope), or null. */
  subtree: string | null;
  /** The last row of the previous page: its sort key and id. */
  after: { key: string; id: string } | null;
  limit: number;
}

export type SearchRow = ResidentRow & { sortKey: string };

/**
 * The searches over residents. Each query is one indexed predicate (the criterion) plus the caller's
 * scope predicate, ordered by (sort key, id) so pages continue with a row comparison on the same index:
 *   name      IDX_residents_name      LIKE 'prefix%' on a C-collated column is a range scan
 *   initials  IDX_residents_initials  the same on pinyin initials
 *   idNumber  UQ_residents_id_number_hash  exact, through the keyed hash
 *   subtree   IDX_residents_path      one range [p, p || '/') covering p and p.*; narrows the others too
 *   tag       IDX_resident_tags_tag   (partial, active tags) joined to residents by primary key
 */
@Injectable()
export class ResidentSearchRepository {
  constructor(private readonly dataSource: DataSource) {}

  search(scope: DataScope, query: SearchQuery): Promise<SearchRow[]> {
    return queryRows(this.dataSource, this.build(scope, query));
  }

  /** The statement of a search (public so tests can EXPLAIN exactly what runs). */
  build(scope: DataScope, query: SearchQuery): Sql {
    const r = residentColumns(this.dataSource);
    const where: Sql[] = [];
    let from = sql`${r.table} r`;
    let key: Sql;
    const { criterion } = query;
    switch (criterion.kind) {
      case 'name':
        key = sql`r.name`;
        where.push(sql`r.name LIKE ${`${escapeLike(criterion.prefix)}%`}`);
        break;
      case 'initials':
        key = sql`r.name_initials`;
        where.push(sql`r.name_initials LIKE ${`${escapeLike(criterion.prefix)}%`}`);
        break;
      case 'idNumber':
        key = sql`r.id::text`;
        where.push(sql`r.id_number_hash = ${criterion.hash}`);
        break;
      case 'tag':
        // LIMIT 1 keeps the lateral lookup from being flattened: the plan walks the tag index in
        // resident order and fetches each resident by primary key, stopping once the page is full,
        // instead of hashing the whole residents table (what the planner picks on small tables).
        from = sql`resident_tags t CROSS JOIN LATERAL (
          SELECT * FROM ${r.table} r WHERE r.id = t.resident_id LIMIT 1) r`;
        key = sql`t.resident_id::text`;
        where.push(sql`t.tag = ${criterion.tag}`, sql`t.removed_at IS NULL`);
        break;
      case 'subtree':
        key = sql`r.path`;
        break;
    }
    if (query.subtree !== null) {
      // One btree range [p, p || '/') holds p and everything below it ('.' sorts just before '/'), in
      // (path, id) order. Of the other characters a path may hold only '-' sorts before '/': a sibling
      // `p-…` (a grid whose code extends p's) would slip in, and the NOT LIKE filter drops it while
      // leaving the planner's row estimate for the range intact.
      const p = query.subtree;
      where.push(sql`r.path >= ${p} AND r.path < ${`${p}/`}`, sql`r.path NOT LIKE ${`${escapeLike(p)}-%`}`);
    }
    where.push(pathWithinSql(r.column('path', 'r'), scope.path));
    const idColumn = criterion.kind === 'tag' ? sql`t.resident_id` : sql`r.id`;
    const byIdOnly = criterion.kind === 'tag' || criterion.kind === 'idNumber';
    if (query.after) {
      where.push(
        byIdOnly
          ? sql`${idColumn} > ${query.after.id}::uuid`
          : sql`(${key}, ${idColumn}) > (${query.after.key}, ${query.after.id}::uuid)`,
      );
    }
    return sql`SELECT ${r.select('r')}, ${key} AS "sortKey" FROM ${from}
      WHERE ${sql.and(where)} ORDER BY ${byIdOnly ? idColumn : sql`${key}, ${idColumn}`} LIMIT ${query.limit}`;
  }
}
