import { Inject, Injectable } from '@nestjs/common';
import { CONFIG } from '@yiwang/platform';
import type { GridConfig } from '../grid.config.js';
import { currentScope } from '../scope/data-scope.js';
import { UnitErrors } from '../units/units.errors.js';
import { UnitRepository } from '../units/unit.repository.js';
import { CoverageRepository, type CoverageBuilding, type CoverageCommunity } from './coverage.repository.js';
import { ServiceSiteRepository, type SitePoint } from './service-site.repository.js';
import { SiteGridIndex } from './site-grid-index.js';
import { SiteErrors } from './sites.errors.js';

export const RADIUS_MIN_METERS = 50;
export const RADIUS_MAX_METERS = 5000;
const DEFAULT_RADIUS_METERS = 1000;
const UNCOVERED_DEFAULT = 1000;
const UNCOVERED_MAX = 10_000;
const COVERAGE_LEVELS = ['district', 'street', 'community'];

export interface CoverageTally {
  buildings: number;
  buildingsCovered: number;
  /** Households in buildings (they have a location). */
  households: number;
  householdsCovered: number;
  /** householdsCovered / households; 0 when there are none. */
  share: number;
  /** Households registered without a building: no location, so neither covered nor counted in share. */
  householdsUnlocated: number;
}

export interface CommunityCoverage extends CoverageTally {
  communityCode: string;
  communityName: string;
}

export interface UncoveredBuilding {
  id: string;
  name: string;
  communityCode: string;
  households: number;
  /** Null when the district has no site at all. */
  nearestSite: { id: string; name: string; meters: number } | null;
}

export interface CoverageReport {
  unitCode: string;
  unitName: string;
  level: string;
  radiusMeters: number;
  /** Sites of the whole district: people cross community and street borders to reach one. */
  sitesConsidered: number;
  total: CoverageTally;
  communities: CommunityCoverage[];
  /** Farthest from any site first; at most `uncoveredLimit` of `uncoveredTotal`. */
  uncovered: UncoveredBuilding[];
  uncoveredTotal: number;
}

/**
 * The 15-minute service circle (15分钟服务圈): which households live within a short walk of a party-mass
 * service centre or station. Computed in memory without PostGIS: the district's sites go into a grid
 * index sized to the radius, then each building of the unit asks its 3×3 block of cells.
 */
@Injectable()
export class CoverageService {
  private readonly defaultRadius: number;

  constructor(
    @Inject(CONFIG) config: Partial<Pick<GridConfig, 'SERVICE_CIRCLE_METERS'>>,
    private readonly units: UnitRepository,
    private readonly sites: ServiceSiteRepository,
    private readonly reads: CoverageRepository,
  ) {
    const configured = Number(config.SERVICE_CIRCLE_METERS);
    this.defaultRadius = Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_RADIUS_METERS;
  }

  /** Coverage of a district, street or community in the caller's scope, per community below it. */
  async coverage(
    unitCode: string,
    options: { radiusMeters?: number | null; uncoveredLimit?: number | null } = {},
  ): Promise<CoverageReport> {
    const scope = currentScope();
    const radius = options.radiusMeters ?? this.defaultRadius;
    if (
      options.radiusMeters != null &&
      (!Number.isInteger(radius) || radius < RADIUS_MIN_METERS || radius > RADIUS_MAX_METERS)
    ) {
      throw SiteErrors.invalidRadius(RADIUS_MIN_METERS, RADIUS_MAX_METERS);
    }
    const limit = options.uncoveredLimit ?? UNCOVERED_DEFAULT;
    if (!Number.isInteger(limit) || limit < 1 || limit > UNCOVERED_MAX) {
      throw SiteErrors.invalidUncoveredLimit(UNCOVERED_MAX);
    }
    const unit = await this.units.findByCode(scope, String(unitCode ?? ''));
    if (!unit) throw UnitErrors.notFound(String(unitCode ?? '').slice(0, 40));
    if (!COVERAGE_LEVELS.includes(unit.level)) throw SiteErrors.coverageLevel();
    const districtPath = unit.path.split('.').slice(0, 3).join('.');
    const [communities, buildings, unlocated, sites] = await Promise.all([
      this.reads.communities(scope, unit.path),
      this.reads.buildings(scope, unit.path),
      this.reads.unlocatedHouseholds(scope, unit.path),
      this.sites.pointsInDistrict(districtPath),
    ]);
    const computed = computeCoverage(communities, buildings, unlocated, sites, radius, limit);
    return { unitCode: unit.code, unitName: unit.name, level: unit.level, radiusMeters: radius, ...computed };
  }
}

/** The in-memory part of the service circle: pure, so it can be measured on its own. */
export function computeCoverage(
  communities: readonly CoverageCommunity[],
  buildings: readonly CoverageBuilding[],
  unlocated: ReadonlyMap<string, number>,
  sites: readonly SitePoint[],
  radiusMeters: number,
  uncoveredLimit: number,
): Pick<CoverageReport, 'sitesConsidered' | 'total' | 'communities' | 'uncovered' | 'uncoveredTotal'> {
  const index = new SiteGridIndex(sites, radiusMeters);
  const tallies = new Map<string, CoverageTally>(communities.map((c) => [c.code, emptyTally()]));
  // Uncovered buildings as parallel arrays (building, nearest site or -1, metres); objects are made
  // only for the ones returned.
  const far: number[] = [];
  const farSite: number[] = [];
  const farMeters: number[] = [];
  for (let i = 0; i < buildings.length; i++) {
    const b = buildings[i];
    const tally = tallies.get(b.communityCode);
    // A building whose community is not a visible community unit has nowhere to be reported.
    if (!tally) continue;
    const households = Number(b.households);
    tally.buildings += 1;
    tally.households += households;
    if (index.anyWithin(b.lat, b.lng)) {
      tally.buildingsCovered += 1;
      tally.householdsCovered += households;
      continue;
    }
    const nearest = index.nearest(b.lat, b.lng);
    far.push(i);
    farSite.push(nearest ? nearest.index : -1);
    farMeters.push(nearest ? nearest.meters : Infinity);
  }
  const total = emptyTally();
  const perCommunity = communities.map((c) => {
    const tally = tallies.get(c.code)!;
    tally.householdsUnlocated = unlocated.get(c.code) ?? 0;
    tally.share = shareOf(tally);
    for (const key of ['buildings', 'buildingsCovered', 'households', 'householdsCovered'] as const) {
      total[key] += tally[key];
    }
    total.householdsUnlocated += tally.householdsUnlocated;
    return { communityCode: c.code, communityName: c.name, ...tally };
  });
  total.share = shareOf(total);
  const uncovered = farthest(farMeters, uncoveredLimit, (j, k) => {
    const [a, b] = [buildings[far[j]], buildings[far[k]]];
    return compareText(a.communityCode, b.communityCode) || compareText(a.id, b.id);
  }).map((j): UncoveredBuilding => {
    const b = buildings[far[j]];
    const site = farSite[j] >= 0 ? sites[farSite[j]] : null;
    return {
      id: b.id,
      name: b.name,
      communityCode: b.communityCode,
      households: Number(b.households),
      nearestSite: site && { id: site.id, name: site.name, meters: farMeters[j] },
    };
  });
  return {
    sitesConsidered: index.size,
    total,
    communities: perCommunity,
    uncovered,
    uncoveredTotal: far.length,
  };
}

/**
 * Positions of the `limit` largest distances, largest first (ties by `tieBreak`). A typed numeric sort
 * finds the cut-off, so the comparator sort only sees what is returned.
 */
function farthest(meters: number[], limit: number, tieBreak: (j: number, k: number) => number): number[] {
  let cutoff = -Infinity;
  if (meters.length > limit) {
    const sorted = Float64Array.from(meters).sort();
    cutoff = sorted[sorted.length - limit];
  }
  const picked: number[] = [];
  for (let j = 0; j < meters.length; j++) if (meters[j] >= cutoff) picked.push(j);
  picked.sort((j, k) => (meters[k] === meters[j] ? tieBreak(j, k) : meters[k] - meters[j]));
  return picked.slice(0, limit);
}

function emptyTally(): CoverageTally {
  return {
    buildings: 0,
    buildingsCovered: 0,
    households: 0,
    householdsCovered: 0,
    share: 0,
    householdsUnlocated: 0,
  };
}

function shareOf(t: CoverageTally): number {
  return t.households === 0 ? 0 : t.householdsCovered / t.households;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
