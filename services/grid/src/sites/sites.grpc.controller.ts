import { Controller } from '@nestjs/common';
import { sitesV1 } from '@yiwang/contracts';
import { CoverageService, type CoverageReport, type CoverageTally } from './coverage.service.js';
import { ServiceSitesService, type SiteView } from './service-sites.service.js';
import { WEEKDAYS, type OpeningHours } from './site-input.js';

/** gRPC transport for service sites and the service circle: translates messages, nothing more. */
@Controller()
@sitesV1.SiteServiceControllerMethods()
export class SitesGrpcController implements sitesV1.SiteServiceController {
  constructor(
    private readonly sites: ServiceSitesService,
    private readonly circle: CoverageService,
  ) {}

  async createSite(request: sitesV1.CreateSiteRequest): Promise<sitesV1.CreateSiteResponse> {
    const site = await this.sites.create({
      name: request.name,
      kind: request.kind,
      unitCode: request.unitCode,
      address: request.address,
      lat: request.lat,
      lng: request.lng,
      functions: request.functions ?? [],
      openingHours: fromWeek(request.openingHours),
    });
    return { site: toSite(site) };
  }

  async updateSite(request: sitesV1.UpdateSiteRequest): Promise<sitesV1.UpdateSiteResponse> {
    const site = await this.sites.update(request.id, {
      name: request.name,
      address: request.address,
      lat: request.lat,
      lng: request.lng,
      functions: request.functions ? (request.functions.codes ?? []) : undefined,
      openingHours: request.openingHours ? fromWeek(request.openingHours) : undefined,
    });
    return { site: toSite(site) };
  }

  async getSite(request: sitesV1.GetSiteRequest): Promise<sitesV1.GetSiteResponse> {
    return { site: toSite(await this.sites.get(request.id)) };
  }

  async listSites(request: sitesV1.ListSitesRequest): Promise<sitesV1.ListSitesResponse> {
    const page = await this.sites.list({
      unitCode: request.unitCode,
      kind: request.kind ?? null,
      function: request.functionCode ?? null,
      cursor: request.cursor ?? null,
      limit: request.limit || 100,
    });
    return { sites: page.sites.map(toSite), nextCursor: page.next ?? undefined };
  }

  async coverage(request: sitesV1.CoverageRequest): Promise<sitesV1.CoverageResponse> {
    const report = await this.circle.coverage(request.unitCode, {
      radiusMeters: request.radiusMeters ?? null,
      uncoveredLimit: request.uncoveredLimit ?? null,
    });
    return toCoverage(report);
  }
}

/** Days as sent; a day listed twice has its ranges pooled (and checked for overlaps together). */
function fromWeek(week: sitesV1.WeeklyHours | undefined): Record<string, [string, string][]> {
  const hours: Record<string, [string, string][]> = {};
  for (const day of week?.days ?? []) {
    const ranges = (day.ranges ?? []).map((r): [string, string] => [r.start, r.end]);
    hours[day.day] = [...(hours[day.day] ?? []), ...ranges];
  }
  return hours;
}

function toWeek(hours: OpeningHours): sitesV1.WeeklyHours {
  return {
    days: WEEKDAYS.filter((day) => (hours[day] ?? []).length > 0).map((day) => ({
      day,
      ranges: (hours[day] ?? []).map(([start, end]) => ({ start, end })),
    })),
  };
}

function toSite(site: SiteView): sitesV1.Site {
  return {
    id: site.id,
    name: site.name,
    kind: site.kind,
    unitCode: site.unitCode,
    path: site.path,
    address: site.address,
    lat: site.lat,
    lng: site.lng,
    functions: site.functions.map((f) => ({ code: f.code, labelZh: f.zh, labelEn: f.en })),
    openingHours: toWeek(site.openingHours),
    openNow: site.openNow,
    updatedAt: new Date(site.updatedAt).toISOString(),
  };
}

function toTally(t: CoverageTally): sitesV1.CoverageTally {
  return {
    buildings: t.buildings,
    buildingsCovered: t.buildingsCovered,
    households: t.households,
    householdsCovered: t.householdsCovered,
    share: t.share,
    householdsUnlocated: t.householdsUnlocated,
  };
}

function toCoverage(report: CoverageReport): sitesV1.CoverageResponse {
  return {
    unitCode: report.unitCode,
    unitName: report.unitName,
    level: report.level,
    radiusMeters: report.radiusMeters,
    sitesConsidered: report.sitesConsidered,
    total: toTally(report.total),
    communities: report.communities.map((c) => ({
      communityCode: c.communityCode,
      communityName: c.communityName,
      tally: toTally(c),
    })),
    uncoveredBuildings: report.uncovered.map((b) => ({
      buildingId: b.id,
      name: b.name,
      communityCode: b.communityCode,
      households: b.households,
      nearestSiteId: b.nearestSite?.id ?? '',
      nearestSiteName: b.nearestSite?.name ?? '',
      nearestSiteMeters: b.nearestSite?.meters ?? 0,
    })),
    uncoveredBuildingsTotal: report.uncoveredTotal,
  };
}
