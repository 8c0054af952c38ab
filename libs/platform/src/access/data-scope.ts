import { DomainError } from '../errors/domain-error.js';
import type { Identity } from '../context/identity.js';
import { sql, type Sql } from '../database/sql.js';

/**
 * The one access rule. A caller sees a subtree of the administrative tree, named by the materialized path
 * of its unit (`44.4401.440106`). Services acting on their own account and a city admin without a unit see
 * the whole tree (`null`); anyone else is held to their subtree, and without one sees nothing (deny by
 * default). Every service and repository asks these functions, so a fix to the rule is one edit.
 */
export type ScopePath = string | null;

/** The role that sees the whole tree when it has no unit. */
export const CITY_WIDE_ROLE = 'city_admin';

/** True when the identity sees the whole tree: a service, or a city admin without a unit. */
export function isUnrestricted(identity: Identity): boolean {
  return identity.kind === 'service' || (identity.roles.includes(CITY_WIDE_ROLE) && !identity.scopePath);
}

/**
 * The subtree the identity may see: null for the whole tree, else its unit's path. An identity that is
 * neither unrestricted nor scoped is refused (`auth.no_scope`, 403).
 */
export function scopeOf(identity: Identity): ScopePath {
  if (isUnrestricted(identity)) return null;
  if (!identity.scopePath) {
    throw new DomainError(
      'forbidden',
      'auth.no_scope',
      'The caller has no data scope in the administrative tree',
    );
  }
  return identity.scopePath;
}

/**
 * True when `path` is the scope's root or lies below it. Paths are compared by whole segments:
 * `44.4401.440106.4401060011` is not inside `44.4401.440106.440106001`, although it starts with it.
 */
export function pathWithin(path: string, scope: ScopePath): boolean {
  return scope === null || path === scope || path.startsWith(`${scope}.`);
}

/** The same rule for a path given as its segments (`['44', '4401', …]`). */
export function segmentsWithin(segments: readonly string[], scope: ScopePath): boolean {
  return pathWithin(segments.join('.'), scope);
}

/** Escapes LIKE's wildcards (`%`, `_`) and its escape character, so a value matches only itself. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * SQL condition holding a path column to a subtree: `column = $root OR column LIKE $root || '.%'`. On a
 * `COLLATE "C"` column with a btree index the LIKE prefix is one index range, so a subtree costs one range
 * scan. `TRUE` for the whole tree. `column` is code (an identifier), never input.
 */
export function pathWithinSql(column: string | Sql, scope: ScopePath): Sql {
  if (scope === null) return sql`TRUE`;
  const col = typeof column === 'string' ? sql.raw(column) : column;
  return sql`(${col} = ${scope} OR ${col} LIKE ${`${escapeLike(scope)}.%`})`;
}

/**
 * The same rule for a unit-path array column (`text[]` of codes from the root, GIN-indexed), as the case
 * service stores it: a unit code is unique in the whole tree, so a path holding the scope's own code lies
 * in its subtree, and `@>` is answered from the GIN index. `TRUE` for the whole tree.
 */
export function unitPathWithinSql(column: string | Sql, scope: ScopePath): Sql {
  if (scope === null) return sql`TRUE`;
  const col = typeof column === 'string' ? sql.raw(column) : column;
  return sql`${col} @> ARRAY[${scope.slice(scope.lastIndexOf('.') + 1)}]::text[]`;
}
