import { Injectable } from '@nestjs/common';
import { DomainError } from '@yiwang/platform';
import { GridLookupRepository } from '../places/grid-lookup.repository.js';
import { currentScope, pathInScope, PERMISSIONS, type DataScope } from '../scope/data-scope.js';
import { decodeCursor, encodeCursor } from '../shared/page-cursor.js';
import { parseText } from '../shared/text-input.js';
import { levelOfCode, pathOfCode } from '../units/unit-levels.js';
import { assertIdNumber } from './id-number.js';
import { PiiCipher } from './pii-cipher.js';
import { ResidentPresenter, type ResidentView } from './resident-presenter.js';
import {
  ResidentSearchRepository,
  type SearchCriterion,
  type SearchQuery,
} from './resident-search.repository.js';
import { ResidentErrors } from './residents.errors.js';
import { isSpecialPopulationTag } from './special-population-tags.js';

export interface ResidentSearch {
  /** Name prefix (张 finds 张三); also a full name. */
  name?: string | null;
  /** Pinyin initials prefix (`zs` finds 张三). */
  initials?: string | null;
  /** Exact ID number, matched through its keyed hash. */
  idNumber?: string | null;
  /** Special-population tag; needs registry:read-special-population. */
  tag?: string | null;
  /** A unit or grid code: only residents in its subtree (combines with any of the above). */
  unitCode?: string | null;
  cursor?: string | null;
  limit?: number | null;
}

const MAX_LIMIT = 200;

/**
 * Resident search: by name or initials prefix, exact ID number, unit subtree or tag, always inside the
 * caller's scope; keyset pages with opaque cursors. Results are always masked.
 */
@Injectable()
export class ResidentSearchService {
  constructor(
    private readonly repository: ResidentSearchRepository,
    private readonly grids: GridLookupRepository,
    private readonly cipher: PiiCipher,
    private readonly presenter: ResidentPresenter,
  ) {}

  async search(input: ResidentSearch): Promise<{ residents: ResidentView[]; next: string | null }> {
    const scope = currentScope();
    const criterion = this.criterionOf(scope, input);
    const limit = input.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw DomainError.invalid('registry.invalid_page', 'Invalid page size', [
        { field: 'limit', message: `must be 1 to ${MAX_LIMIT}` },
      ]);
    }
    const cursor = input.cursor ? decodeCursor(input.cursor, criterion.kind) : null;
    if (input.cursor && !cursor) {
      throw DomainError.invalid('registry.invalid_cursor', 'Invalid page cursor', [
        { field: 'cursor', message: 'is not a cursor this search returned' },
      ]);
    }
    const subtree = input.unitCode ? await this.subtreeOf(scope, input.unitCode) : scope.path;
    // A unit outside the scope: nothing to find there, and nothing said about why.
    if (subtree === undefined) return { residents: [], next: null };
    const query: SearchQuery = {
      criterion,
      subtree,
      after: cursor && { key: cursor.s, id: cursor.i },
      limit: limit + 1,
    };
    const rows = await this.repository.search(scope, query);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const next =
      rows.length > limit && last ? encodeCursor({ k: criterion.kind, s: last.sortKey, i: last.id }) : null;
    return { residents: await this.presenter.present(scope, page), next };
  }

  private criterionOf(scope: DataScope, input: ResidentSearch): SearchCriterion {
    const given = (['name', 'initials', 'idNumber', 'tag'] as const).filter((field) => input[field]);
    if (given.length > 1) {
      throw DomainError.invalid(
        'registry.invalid_search',
        'Search by one of name, initials, ID number or tag',
        [{ field: given[1], message: `cannot be combined with ${given[0]}` }],
      );
    }
    if (input.name) {
      const name = parseText(input.name, 32);
      if (!name.ok) throw ResidentErrors.invalid('name', name.reason);
      return { kind: 'name', prefix: name.value };
    }
    if (input.initials) {
      const initials = input.initials.trim().toLowerCase();
      if (!/^[a-z0-9]{1,32}$/.test(initials)) {
        throw ResidentErrors.invalid('initials', 'must be 1 to 32 pinyin initials (a to z, 0 to 9)');
      }
      return { kind: 'initials', prefix: initials };
    }
    if (input.idNumber) {
      return {
        kind: 'idNumber',
        hash: this.cipher.lookupHash('id', assertIdNumber(input.idNumber).normalized),
      };
    }
    if (input.tag) {
      if (!scope.permissions.has(PERMISSIONS.readSpecialPopulation)) {
        throw ResidentErrors.specialPopulationForbidden();
      }
      if (!isSpecialPopulationTag(input.tag)) throw ResidentErrors.unknownTag();
      return { kind: 'tag', tag: input.tag };
    }
    return { kind: 'subtree' };
  }

  /**
   * The part of the tree to search: the unit's subtree cut down to the scope (the scope itself when the
   * unit is above it), or undefined when the two do not meet or the code names nothing.
   */
  private async subtreeOf(scope: DataScope, unitCode: string): Promise<string | null | undefined> {
    const code = unitCode.trim();
    let path: string | null;
    if (/^[0-9]+$/.test(code)) {
      if (!levelOfCode(code))
        throw ResidentErrors.invalid('unitCode', 'is not a 2 to 12 digit division code');
      path = pathOfCode(code);
    } else {
      path = (await this.grids.find(code.slice(0, 40)))?.path ?? null;
    }
    if (path === null) return undefined;
    if (pathInScope(scope, path)) return path;
    if (scope.path !== null && pathInScope({ ...scope, path }, scope.path)) return scope.path;
    return undefined;
  }
}
