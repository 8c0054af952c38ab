import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { OutboxWriter, type ErrorDetail } from '@yiwang/platform';
import { DataSource } from 'typeorm';
import { currentScope } from '../scope/data-scope.js';
import { decodeCursor, encodeCursor, isUuid } from '../shared/page-cursor.js';
import { publishSiteChanged } from '../shared/registry-events.js';
import { writeScope } from '../shared/write-scope.js';
import { UnitErrors } from '../units/units.errors.js';
import { UnitRepository } from '../units/unit.repository.js';
import { ServiceSiteRepository, type SiteRow, type SiteWrite } from './service-site.repository.js';
import {
  openNow,
  parseOpeningHours,
  SITE_KINDS,
  siteCoordinates,
  siteFunction,
  siteFunctions,
  siteText,
  type OpeningHours,
  type SiteFunction,
  type SiteKind,
} from './site-input.js';
import { SiteErrors } from './sites.errors.js';

export interface SiteInput {
  name: string;
  /** center (street level) or station (community level) */
  kind: string;
  /** The street of a centre, the community of a station. */
  unitCode: string;
  address?: string | null;
  lat: number;
  lng: number;
  /** Codes (or Chinese labels) from SITE_FUNCTIONS. */
  functions?: string[];
  /** `{ mon: [["09:00", "12:00"], ["14:00", "17:30"]], … }` in China time; absent days are closed. */
  openingHours?: unknown;
}

/** Absent fields stay as they are. The kind and the unit are fixed once the site exists. */
export type SitePatch = Partial<Omit<SiteInput, 'kind' | 'unitCode'>>;

export interface SiteView extends Omit<SiteRow, 'functions'> {
  functions: SiteFunction[];
  /** Open at the time of the read, on the China clock. */
  openNow: boolean;
}

const LIST_MAX = 500;
/** Any division code: a unit of the wrong level is told so by the kind check, not as a bad code. */
const UNIT_CODE = /^[0-9]{2,12}$/;

/** Party-mass service centres and stations (党群服务中心/站): where they are, what they offer, when. */
@Injectable()
export class ServiceSitesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sites: ServiceSiteRepository,
    private readonly units: UnitRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async create(input: SiteInput): Promise<SiteView> {
    const scope = writeScope();
    const unitCode = String(input.unitCode ?? '').trim();
    const kind = String(input.kind ?? '');
    if (!(kind in SITE_KINDS)) {
      throw SiteErrors.invalid([
        { field: 'kind', message: `must be ${Object.keys(SITE_KINDS).join(' or ')}` },
      ]);
    }
    if (!UNIT_CODE.test(unitCode)) throw SiteErrors.invalidUnitCode();
    const unit = await this.units.findByCode(scope, unitCode);
    if (!unit) throw UnitErrors.notFound(unitCode);
    if (SITE_KINDS[kind as SiteKind] !== unit.level) throw SiteErrors.kindNotForLevel(kind, unit.level);
    const details: ErrorDetail[] = [];
    const hours = parseOpeningHours(input.openingHours);
    details.push(...hours.details);
    const site: SiteWrite = {
      id: randomUUID(),
      name: siteText('name', input.name, 64, details),
      kind,
      unitCode,
      path: unit.path,
      address: siteText('address', input.address, 200, details, true),
      ...siteCoordinates(input.lat, input.lng, details),
      functions: siteFunctions(input.functions, details),
      openingHours: hours.hours,
    };
    if (details.length > 0) throw SiteErrors.invalid(details);
    return this.dataSource.transaction(async (manager) => {
      const row = await this.sites.insert(manager, site);
      await publishSiteChanged(this.outbox, manager, row, 'created');
      return present(row);
    });
  }

  async update(id: string, patch: SitePatch): Promise<SiteView> {
    const scope = writeScope();
    return this.dataSource.transaction(async (manager) => {
      const current = isUuid(id) ? await this.sites.findById(scope, id, manager, true) : null;
      if (!current) throw SiteErrors.notFound(id);
      const details: ErrorDetail[] = [];
      const next: SiteWrite = { ...current };
      if (patch.name !== undefined) next.name = siteText('name', patch.name, 64, details);
      if (patch.address !== undefined) next.address = siteText('address', patch.address, 200, details, true);
      if (patch.lat !== undefined || patch.lng !== undefined) {
        Object.assign(next, siteCoordinates(patch.lat ?? current.lat, patch.lng ?? current.lng, details));
      }
      if (patch.functions !== undefined) next.functions = siteFunctions(patch.functions, details);
      if (patch.openingHours !== undefined) {
        const hours = parseOpeningHours(patch.openingHours);
        details.push(...hours.details);
        next.openingHours = hours.hours;
      }
      if (details.length > 0) throw SiteErrors.invalid(details);
      const row = await this.sites.update(manager, next);
      const moved = row.lat !== current.lat || row.lng !== current.lng;
      await publishSiteChanged(this.outbox, manager, row, moved ? 'moved' : 'updated');
      return present(row);
    });
  }

  async get(id: string, at: Date = new Date()): Promise<SiteView> {
    const found = isUuid(id) ? await this.sites.findById(currentScope(), id) : null;
    if (!found) throw SiteErrors.notFound(id);
    return present(found, at);
  }

  /** Sites in a unit's subtree, by name; a unit outside the caller's scope is not found. */
  async list(query: {
    unitCode: string;
    kind?: string | null;
    function?: string | null;
    cursor?: string | null;
    limit?: number;
  }): Promise<{ sites: SiteView[]; next: string | null }> {
    const scope = currentScope();
    const limit = query.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > LIST_MAX) throw SiteErrors.invalidLimit(LIST_MAX);
    if (query.kind && !(query.kind in SITE_KINDS)) {
      throw SiteErrors.invalid([
        { field: 'kind', message: `must be ${Object.keys(SITE_KINDS).join(' or ')}` },
      ]);
    }
    const fn = query.function ? siteFunction(query.function) : null;
    if (query.function && !fn) {
      throw SiteErrors.invalid([{ field: 'function', message: 'is not in the catalogue' }]);
    }
    const cursor = query.cursor ? decodeCursor(query.cursor, 'site') : null;
    if (query.cursor && !cursor) throw SiteErrors.invalidCursor();
    const unit = await this.units.findByCode(scope, String(query.unitCode ?? ''));
    if (!unit) throw UnitErrors.notFound(String(query.unitCode ?? '').slice(0, 40));
    const rows = await this.sites.list(
      scope,
      unit.path,
      { kind: query.kind || null, function: fn?.code ?? null },
      cursor && { name: cursor.s, id: cursor.i },
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const next = rows.length > limit && last ? encodeCursor({ k: 'site', s: last.name, i: last.id }) : null;
    const at = new Date();
    return { sites: page.map((row) => present(row, at)), next };
  }

  /** Whether a site is open at `at` (China time, UTC+8). */
  openNow(site: { openingHours: OpeningHours }, at: Date = new Date()): boolean {
    return openNow(site, at);
  }
}

/**
 * Functions as catalogue entries: stored codes, and the Chinese labels older rows (the demo) hold, both
 * resolve; anything unknown is left out rather than shown raw.
 */
function present(row: SiteRow, at: Date = new Date()): SiteView {
  const functions = row.functions.map(siteFunction).filter((f): f is SiteFunction => f !== null);
  return { ...row, functions, openNow: openNow(row, at) };
}
