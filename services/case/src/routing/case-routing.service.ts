import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { subjects, type PayloadOf } from '@yiwang/contracts';
import { IdentityContext, OnEvent, logger, serviceIdentity, type EventContext } from '@yiwang/platform';
import type { CaseEntity } from '../intake/case.entity.js';
import { UNITS_CLIENT, type UnitsClient } from '../registry/registry-clients.module.js';
import { tierUnit } from '../lifecycle/case-state-machine.js';
import type { ResponsibilityLevel } from '../responsibility/responsibility.entities.js';
import { ResponsibilityService } from '../responsibility/responsibility.service.js';
import { CaseDepartmentRepository } from './case-department.repository.js';
import type { CaseDepartmentEntity } from './case-department.entity.js';

/** The levels a case at a tier is dispatched from, nearest first (a grid case starts at its community). */
const LEVELS_FROM: Record<CaseEntity['tier'], ResponsibilityLevel[]> = {
  grid: ['community', 'street', 'district'],
  community: ['community', 'street', 'district'],
  street: ['street', 'district'],
  district: ['district'],
};

/** The level of a unit on the case's path (district, street or community), or null. */
function levelOf(unitPath: readonly string[], unitCode: string): ResponsibilityLevel | null {
  const index = unitPath.indexOf(unitCode);
  return ({ 2: 'district', 3: 'street', 4: 'community' } as const)[index as 2 | 3 | 4] ?? null;
}

/**
 * Category → responsible department (按责转办), from the local projection of the registry's department
 * tree: the street office when the case sits at a street or below, else the district department.
 */
@Injectable()
export class CaseRoutingService implements OnApplicationBootstrap {
  constructor(
    private readonly departments: CaseDepartmentRepository,
    private readonly responsibility: ResponsibilityService,
    @Inject(UNITS_CLIENT) private readonly units: UnitsClient,
  ) {}

  /** Fills the projection from the registry at start; without the registry, routing uses what it has. */
  onApplicationBootstrap(): void {
    void this.backfillKnownUnits();
  }

  /**
   * The responsible department: first as the case's 权责清单 version names it (the department kind per
   * level, from the case's own tier up), else by the categories the registry gives its departments.
   */
  async route(record: CaseEntity, exclude: string | null = null): Promise<CaseDepartmentEntity | null> {
    const version = await this.versionFor(record);
    if (version !== null) {
      for (const level of LEVELS_FROM[record.tier]) {
        const line = await this.responsibility.line(version, record.category, level);
        if (!line) continue;
        const unit = tierUnit(record.unitPath, level);
        let found = await this.departments.forUnitKind(unit, line.departmentKind);
        if (found.length === 0 && (await this.backfill(unit))) {
          found = await this.departments.forUnitKind(unit, line.departmentKind);
        }
        const department = found.find((d) => d.code !== exclude);
        if (department) return department;
      }
    }
    return this.routeByCategories(record, exclude);
  }

  /** The version a case is routed under: its own once dispatched, else the active one. */
  async versionFor(record: CaseEntity): Promise<number | null> {
    return record.responsibilityVersion ?? (await this.responsibility.activeVersion());
  }

  /** What the case's version says about a department: listed as responsible for the case, or not. */
  async listedFor(
    record: CaseEntity,
    department: CaseDepartmentEntity,
  ): Promise<{
    version: number;
    level: ResponsibilityLevel;
    departmentKind: string;
    deadlineWorkingHours: number;
  } | null> {
    const version = await this.versionFor(record);
    const level = levelOf(record.unitPath, department.unitCode);
    if (version === null || !level) return null;
    const line = await this.responsibility.line(version, record.category, level);
    return line
      ? {
          version,
          level,
          departmentKind: line.departmentKind,
          deadlineWorkingHours: line.deadlineWorkingHours,
        }
      : null;
  }

  private async routeByCategories(
    record: CaseEntity,
    exclude: string | null,
  ): Promise<CaseDepartmentEntity | null> {
    const units = this.candidateUnits(record);
    let found = await this.departments.forUnits(units, record.category);
    if (found.length === 0) {
      await this.backfill(units[0], record.category);
      found = await this.departments.forUnits(units, record.category);
    }
    return found.find((d) => d.code !== exclude) ?? null;
  }

  async find(code: string): Promise<CaseDepartmentEntity | null> {
    return this.departments.find(code);
  }

  async version(): Promise<string | undefined> {
    const at = await this.departments.latestChange();
    return at?.toISOString();
  }

  /** A district-tier case goes to a district department; below that, a street office comes first. */
  private candidateUnits(record: CaseEntity): string[] {
    const district = tierUnit(record.unitPath, 'district');
    if (record.tier === 'district') return [district];
    return [tierUnit(record.unitPath, 'street'), district];
  }

  /** Asks the registry for the departments of a unit (and above); false when it cannot be reached. */
  async backfill(unitCode: string, category?: string): Promise<boolean> {
    try {
      const response = await IdentityContext.run(serviceIdentity('case'), () =>
        this.units.call('listDepartments', { unitCode, category }),
      );
      await this.departments.upsert(
        response.departments.map((d) => ({
          code: d.code,
          name: d.name,
          kind: d.kind,
          level: d.level,
          unitCode: d.unitCode,
          parentCode: d.parentCode ?? null,
          categories: d.categories,
        })),
      );
      return true;
    } catch (error) {
      logger().warn(
        { err: error, unitCode },
        'department backfill failed; routing uses the local projection',
      );
      return false;
    }
  }

  private async backfillKnownUnits(): Promise<void> {
    const streets = await this.departments.knownStreets();
    for (const street of streets) if (!(await this.backfill(street))) return;
  }

  /** registry.v1.department-changed keeps the projection current. */
  @OnEvent(subjects.registry.departmentChanged, { durable: 'case-department-projection' })
  async onDepartmentChanged(
    event: PayloadOf<typeof subjects.registry.departmentChanged>,
    context: EventContext,
  ): Promise<void> {
    await this.departments.upsert(
      [{ code: event.code, unitCode: event.unitCode, categories: event.categories }],
      context.manager,
    );
  }
}
