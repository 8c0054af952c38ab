import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { subjects, type PayloadOf } from '@yiwang/contracts';
import { IdentityContext, OnEvent, logger, serviceIdentity, type EventContext } from '@yiwang/platform';
import type { CaseEntity } from '../intake/case.entity.js';
import { UNITS_CLIENT, type UnitsClient } from '../registry/registry-clients.module.js';
import { tierUnit } from '../lifecycle/case-state-machine.js';
import { CaseDepartmentRepository } from './case-department.repository.js';
import type { CaseDepartmentEntity } from './case-department.entity.js';

/**
 * Category → responsible department (按责转办), from the local projection of the registry's department
 * tree: the street office when the case sits at a street or below, else the district department.
 */
@Injectable()
export class CaseRoutingService implements OnApplicationBootstrap {
  constructor(
    private readonly departments: CaseDepartmentRepository,
    @Inject(UNITS_CLIENT) private readonly units: UnitsClient,
  ) {}

  /** Fills the projection from the registry at start; without the registry, routing uses what it has. */
  onApplicationBootstrap(): void {
    void this.backfillKnownUnits();
  }

  async route(record: CaseEntity, exclude: string | null = null): Promise<CaseDepartmentEntity | null> {
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
          parentCode: d.parentCode || null,
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
