import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { escapeLike, scopePredicate, type DataScope } from '../scope/data-scope.js';
import { RESIDENT_COLUMNS, type ResidentRow } from './resident.repository.js';

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

  async search(scope: DataScope, query: SearchQuery): Promise<SearchRow[]> {
    const { sql, params } = this.build(scope, query);
    return this.dataSource.query(sql, params);
  }

  /** The SQL and parameters of a search (public so tests can EXPLAIN exactly what runs). */
  build(scope: DataScope, query: SearchQuery): { sql: string; params: unknown[] } {
    const params: unknown[] = [];
    const bind = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [];
    let from = 'residents r';
    let key: string;
    const { criterion } = query;
    switch (criterion.kind) {
      case 'name':
        key = 'r.name';
        where.push(`r.name LIKE ${bind(`${escapeLike(criterion.prefix)}%`)}`);
        break;
      case 'initials':
        key = 'r.name_initials';
        where.push(`r.name_initials LIKE ${bind(`${escapeLike(criterion.prefix)}%`)}`);
        break;
      case 'idNumber':
        key = 'r.id::text';
        where.push(`r.id_number_hash = ${bind(criterion.hash)}`);
        break;
      case 'tag':
        // LIMIT 1 keeps the lateral lookup from being flattened: the plan walks the tag index in
        // resident order and fetches each resident by primary key, stopping once the page is full,
        // instead of hashing the whole residents table (what the planner picks on small tables).
        from = `resident_tags t CROSS JOIN LATERAL (
          SELECT * FROM residents r WHERE r.id = t.resident_id LIMIT 1) r`;
        key = 't.resident_id::text';
        where.push(`t.tag = ${bind(criterion.tag)}`, 't.removed_at IS NULL');
        break;
      case 'subtree':
        key = 'r.path';
        break;
    }
    if (query.subtree !== null) {
      // One btree range [p, p || '/') holds p and everything below it ('.' sorts just before '/'), in
      // (path, id) order. Of the other characters a path may hold only '-' sorts before '/': a sibling
      // `p-…` (a grid whose code extends p's) would slip in, and the NOT LIKE filter drops it while
      // leaving the planner's row estimate for the range intact.
      const p = query.subtree;
      where.push(
        `r.path >= ${bind(p)} AND r.path < ${bind(`${p}/`)}`,
        `r.path NOT LIKE ${bind(`${escapeLike(p)}-%`)}`,
      );
    }
    where.push(scopePredicate(scope, 'r.path', params));
    const idColumn = criterion.kind === 'tag' ? 't.resident_id' : 'r.id';
    const order = criterion.kind === 'tag' || criterion.kind === 'idNumber' ? [idColumn] : [key, idColumn];
    if (query.after) {
      where.push(
        order.length === 1
          ? `${idColumn} > ${bind(query.after.id)}`
          : `(${key}, ${idColumn}) > (${bind(query.after.key)}, ${bind(query.after.id)})`,
      );
    }
    const sql = `SELECT ${RESIDENT_COLUMNS}, ${key} AS "sortKey" FROM ${from}
      WHERE ${where.join(' AND ')} ORDER BY ${order.join(', ')} LIMIT ${bind(query.limit)}`;
    return { sql, params };
  }
}
