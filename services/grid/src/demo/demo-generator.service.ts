import { Injectable } from '@nestjs/common';
import { subjects } from '@yiwang/contracts';
import { OutboxWriter } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { standardDepartments } from '../departments/standard-departments.js';
import { DepartmentRepository } from '../departments/department.repository.js';
import { centroid, partitionConvex, pointInRing, type Ring } from '../geometry/index.js';
import { GridRepository } from '../grids/grid.repository.js';
import { makeName, makeSyntheticMobile, PiiCipher, seededRandom, type Random } from '../people/index.js';
import { DivisionImportService } from '../units/division-import.service.js';
import { UnitRepository, type UnitRow } from '../units/unit.repository.js';
import { districtRing } from './demo-geography.js';
import { demoHousehold } from './demo-people.js';
import {
  DemoWriterRepository,
  type DemoBuilding,
  type DemoHousehold,
  type DemoResident,
} from './demo-writer.repository.js';

export interface DemoOptions {
  district: string;
  seed: number;
  /** How many of the district's streets get grids and people (all when unset). */
  streets?: number;
  gridsPerCommunity?: [number, number];
  buildingsPerGrid?: [number, number];
  householdsPerBuilding?: [number, number];
}

export interface DemoReport {
  streets: number;
  communities: number;
  grids: number;
  buildings: number;
  households: number;
  residents: number;
  sites: number;
}

const GRID_TYPES: [string, number][] = [
  ['routine', 0.6],
  ['general_prevention', 0.25],
  ['key_attention', 0.1],
  ['concentrated_remediation', 0.05],
];
const STAFF_KINDS = ['building_head', 'party_member', 'police', 'volunteer'];

/**
 * A demo district, deterministic from a seed: the real division tree, synthetic geography (Voronoi
 * streets, communities and grids inside a box around the district), staffed grids, buildings,
 * households and residents with checksum-valid synthetic ID numbers, service sites and departments.
 * Running it again adds nothing.
 */
@Injectable()
export class DemoGeneratorService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly divisions: DivisionImportService,
    private readonly units: UnitRepository,
    private readonly departments: DepartmentRepository,
    private readonly grids: GridRepository,
    private readonly writer: DemoWriterRepository,
    private readonly cipher: PiiCipher,
    private readonly outbox: OutboxWriter,
  ) {}

  async generate(options: DemoOptions, progress?: (message: string) => void): Promise<DemoReport> {
    const random = seededRandom(options.seed);
    await this.divisions.import(options.district);
    const district = await this.units.findUnscoped(options.district);
    if (!district || district.level !== 'district')
      throw new Error(`${options.district} is not a district code`);
    const allStreets = await this.children(options.district);
    await this.dataSource.transaction((m) =>
      this.departments.upsert(m, standardDepartments(district, allStreets)),
    );
    const districtCell = districtRing(options.district);
    const streetCells = partitionConvex(districtCell, allStreets.length, random);
    await this.units.setBoundary(options.district, polygon(districtCell));
    const report: DemoReport = {
      streets: 0,
      communities: 0,
      grids: 0,
      buildings: 0,
      households: 0,
      residents: 0,
      sites: 0,
    };
    const taken = new Set<string>();
    const chosen = allStreets.slice(0, options.streets ?? allStreets.length);
    for (const [i, street] of allStreets.entries()) {
      await this.units.setBoundary(street.code, polygon(streetCells[i]));
      if (!chosen.includes(street)) continue;
      report.streets += 1;
      const communities = await this.children(street.code);
      const cells = communities.length > 0 ? partitionConvex(streetCells[i], communities.length, random) : [];
      await this.dataSource.transaction((m) => this.site(m, street, streetCells[i], 'center', report));
      for (const [j, community] of communities.entries()) {
        await this.units.setBoundary(community.code, polygon(cells[j]));
        // Each community draws from its own generator: skipping one that exists leaves the others unchanged.
        const own = seededRandom(seedFrom(`${options.seed}:${community.code}`));
        await this.dataSource.transaction((m) =>
          this.community(m, own, options, street, community, cells[j], taken, report),
        );
        report.communities += 1;
      }
      progress?.(`${street.name}: ${report.communities} communities, ${report.residents} residents so far`);
    }
    return report;
  }

  private async community(
    manager: EntityManager,
    random: Random,
    options: DemoOptions,
    street: UnitRow,
    community: UnitRow,
    cell: Ring,
    taken: Set<string>,
    report: DemoReport,
  ): Promise<void> {
    await this.site(manager, community, cell, 'station', report);
    if ((await this.grids.activeInCommunity(manager, community.code)).length > 0) return; // already generated
    const gridCells = partitionConvex(cell, between(random, options.gridsPerCommunity ?? [2, 4]), random);
    const buildings: DemoBuilding[] = [];
    const households: DemoHousehold[] = [];
    const residents: DemoResident[] = [];
    const tags: { residentId: string; tag: string }[] = [];
    const communityName = community.name.replace(/(居民委员会|居委会|村民委员会|村委会)$/, '');
    for (const [g, gridCell] of gridCells.entries()) {
      const code = `${community.code}-G${String(g + 1).padStart(2, '0')}`;
      const path = `${community.path}.${code}`;
      const grid = await this.grids.insert(manager, {
        code,
        name: `${communityName}第${g + 1}网格`,
        type: weighted(random, GRID_TYPES),
        communityCode: community.code,
        parentGridCode: null,
        path,
        boundary: polygon(gridCell),
      });
      if (!grid) continue;
      report.grids += 1;
      await this.staff(manager, random, code);
      await this.outbox.publish(manager, subjects.registry.gridChanged, {
        code,
        communityCode: community.code,
        path,
        version: 1,
        change: 'created',
        replacedBy: [],
        occurredAt: new Date().toISOString(),
      });
      for (let b = 1; b <= between(random, options.buildingsPerGrid ?? [2, 4]); b += 1) {
        const [lng, lat] = pointInRing(gridCell, random);
        const building: DemoBuilding = {
          id: uuid(random),
          name: `${g + 1}区${b}栋`,
          communityCode: community.code,
          gridCode: code,
          path,
          lat,
          lng,
          entrances: 1 + Math.floor(random() * 3),
          floors: 6 + Math.floor(random() * 27),
        };
        buildings.push(building);
        for (let h = 1; h <= between(random, options.householdsPerBuilding ?? [6, 12]); h += 1) {
          const entrance = String(1 + Math.floor(random() * building.entrances));
          const room = `${1 + Math.floor(random() * building.floors)}0${1 + Math.floor(random() * 4)}`;
          const household: DemoHousehold = {
            id: uuid(random),
            householdNo: `${community.code}-${g + 1}${String(b).padStart(2, '0')}${entrance}${room}-${h}`,
            buildingId: building.id,
            entrance,
            room,
            address: `${street.name}${communityName}${building.name}${entrance}单元${room}房`,
            gridCode: code,
            path,
          };
          households.push(household);
          const people = demoHousehold(random, community.code.slice(0, 6), taken);
          for (const p of people) {
            const id = uuid(random);
            residents.push({
              id,
              name: p.name,
              nameInitials: p.initials,
              gender: p.gender,
              birthDate: p.birthDate,
              idNumberEnc: this.cipher.encrypt(p.idNumber),
              idNumberHash: this.cipher.lookupHash('id', p.idNumber),
              phoneEnc: p.phone ? this.cipher.encrypt(p.phone) : null,
              phoneHash: p.phone ? this.cipher.lookupHash('phone', p.phone) : null,
              householdId: household.id,
              relation: p.relation,
              gridCode: code,
              path,
            });
            if (people.length === 1 && p.age >= 70) tags.push({ residentId: id, tag: 'elderly_alone' });
            else if (random() < 0.03) tags.push({ residentId: id, tag: 'low_income' });
            else if (random() < 0.02) tags.push({ residentId: id, tag: 'disabled' });
          }
        }
      }
    }
    await this.writer.buildings(manager, buildings);
    await this.writer.households(manager, households);
    report.residents += await this.writer.residents(manager, residents, '2020-01-01');
    await this.writer.tags(manager, tags);
    report.buildings += buildings.length;
    report.households += households.length;
  }

  private async staff(manager: EntityManager, random: Random, gridCode: string): Promise<void> {
    const roles: [string, string | null][] = [
      ['head', null],
      ['full_time', null],
      ...Array.from(
        { length: 2 + Math.floor(random() * 3) },
        () => ['part_time', STAFF_KINDS[Math.floor(random() * STAFF_KINDS.length)]] as [string, string],
      ),
    ];
    // Built in order, role by role: the seeded random numbers are drawn as they always were.
    const staff = roles.map(([role, partTimeKind]) => ({
      id: uuid(random),
      gridCode,
      name: makeName(random, random() < 0.5 ? 'male' : 'female'),
      role,
      partTimeKind,
      phoneEnc: this.cipher.encrypt(makeSyntheticMobile(random)),
      since: '2024-01-01',
    }));
    await this.writer.staff(manager, staff);
  }

  private async site(
    manager: EntityManager,
    unit: UnitRow,
    cell: Ring,
    kind: 'center' | 'station',
    report: DemoReport,
  ): Promise<void> {
    const [lng, lat] = centroid(cell);
    const short = unit.name.replace(/(街道办事处|居民委员会|居委会|村民委员会|村委会)$/, '');
    await this.writer.sites(manager, [
      {
        id: uuidFrom(`${unit.code}-${kind}`),
        name: `${short}党群服务${kind === 'center' ? '中心' : '站'}`,
        kind,
        unitCode: unit.code,
        path: unit.path,
        address: short,
        lat,
        lng,
        functions:
          kind === 'center'
            ? ['党员活动', '政务服务', '社会救助', '养老服务', '议事协商']
            : ['党员活动', '便民服务', '议事协商'],
      },
    ]);
    report.sites += 1;
  }

  private async children(code: string): Promise<UnitRow[]> {
    return this.units.childrenUnscoped(code);
  }
}

function polygon(ring: Ring): { type: 'Polygon'; coordinates: Ring[] } {
  return { type: 'Polygon', coordinates: [ring] };
}

function between(random: Random, [low, high]: [number, number]): number {
  return low + Math.floor(random() * (high - low + 1));
}

function weighted(random: Random, options: [string, number][]): string {
  let r = random();
  for (const [value, weight] of options) if ((r -= weight) <= 0) return value;
  return options[0][0];
}

/** A v4-shaped UUID from the seeded generator, so the same seed gives the same ids. */
function uuid(random: Random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[Math.floor(random() * 4)]}${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** FNV-1a of a text: a seed derived from names. */
function seedFrom(text: string): number {
  return [...text].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261) >>> 0;
}

/** A stable id from a name, for rows that must be the same on every run. */
function uuidFrom(text: string): string {
  return uuid(seededRandom(seedFrom(text)));
}
