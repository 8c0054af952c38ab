import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { subjects } from '@yiwang/contracts';
import { OutboxWriter, type ErrorDetail } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { validateWithinParent, type AreaGeometry } from '../geometry/index.js';
import { maskPhone, parseMobile, PiiCipher } from '../people/index.js';
import { currentScope, pathInScope, type DataScope } from '../scope/data-scope.js';
import { writeScope } from '../shared/write-scope.js';
import { UnitErrors } from '../units/units.errors.js';
import { UnitRepository } from '../units/unit.repository.js';
import {
  checkNewGrid,
  communityOfGridCode,
  GRID_CHANGES,
  PART_TIME_KINDS,
  STAFF_ROLES,
  type NewGridInput,
} from './grid-input.js';
import { overlaps } from './grid-overlap.js';
import { GridStaffRepository, type StaffingRow, type StaffRow } from './grid-staff.repository.js';
import { GridRepository, type GridRow } from './grid.repository.js';
import { GridErrors } from './grids.errors.js';

export interface GridView extends GridRow {
  staff: (Omit<StaffRow, 'phoneEnc'> & { phone: string })[];
}

/** Grids: drawing inside a community, redrawing with history, and the "1+3+N" staff. */
@Injectable()
export class GridsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly grids: GridRepository,
    private readonly staff: GridStaffRepository,
    private readonly units: UnitRepository,
    private readonly outbox: OutboxWriter,
    private readonly cipher: PiiCipher,
  ) {}

  async create(communityCode: string, parentGridCode: string | null, input: NewGridInput): Promise<GridView> {
    const scope = writeScope();
    return this.dataSource.transaction(async (manager) => {
      const created = await this.insertChecked(manager, scope, communityCode, parentGridCode, [input], []);
      return this.view(created[0], scope);
    });
  }

  async get(code: string, withBoundary: boolean): Promise<GridView> {
    const scope = currentScope();
    const grid = await this.grids.find(scope, code, withBoundary);
    if (!grid) throw GridErrors.notFound(code);
    return this.view(grid, scope);
  }

  async list(
    unitCode: string,
    after: string | null,
    limit: number,
    withBoundary: boolean,
    includeRetired: boolean,
    filter: { query?: string | null; type?: string | null } = {},
  ): Promise<{ grids: GridView[]; next: string | null; total: number }> {
    const scope = currentScope();
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw UnitErrors.invalidLimit();
    const unit = await this.units.findByCode(scope, unitCode);
    if (!unit) throw UnitErrors.notFound(unitCode);
    const { rows, total } = await this.grids.list(scope, unit.path, {
      after,
      limit: limit + 1,
      withBoundary,
      includeRetired,
      ...filter,
    });
    const page = rows.slice(0, limit);
    const staff = await this.staff.currentOf(page.map((g) => g.code));
    return {
      grids: page.map((g) =>
        this.present(
          g,
          staff.filter((s) => s.gridCode === g.code),
          scope,
        ),
      ),
      next: rows.length > limit ? page[page.length - 1].code : null,
      total,
    };
  }

  /**
   * Split, merge or redraw in one transaction: the old grids are retired (still resolvable by code, with
   * `replacedBy`), the new ones created, lineage recorded, events published. Cases and figures recorded
   * against the old codes stay theirs.
   */
  async redraw(
    change: string,
    retire: string[],
    create: NewGridInput[],
  ): Promise<{ retired: GridView[]; created: GridView[] }> {
    const scope = writeScope();
    const details: ErrorDetail[] = [];
    if (!(GRID_CHANGES as readonly string[]).includes(change))
      details.push({ field: 'change', message: `must be ${GRID_CHANGES.join(', ')}` });
    if (retire.length === 0) details.push({ field: 'retire', message: 'name at least one grid to retire' });
    if (create.length === 0) details.push({ field: 'create', message: 'name at least one new grid' });
    if (change === 'split' && (retire.length !== 1 || create.length < 2))
      details.push({ field: 'create', message: 'a split turns one grid into two or more' });
    if (change === 'merge' && (retire.length < 2 || create.length !== 1))
      details.push({ field: 'retire', message: 'a merge turns two or more grids into one' });
    if (details.length > 0) throw GridErrors.invalid(details);
    const community = communityOfGridCode(retire[0]);
    if (!community || retire.some((c) => communityOfGridCode(c) !== community)) {
      throw GridErrors.invalid([{ field: 'retire', message: 'all grids must belong to one community' }]);
    }
    return this.dataSource.transaction(async (manager) => {
      const active = await this.grids.activeInCommunity(manager, community);
      for (const code of retire) {
        const grid = await this.grids.find(scope, code, false, manager);
        if (!grid) throw GridErrors.notFound(code);
        if (grid.status !== 'active') throw GridErrors.notActive(code);
      }
      const parents = new Set(active.filter((g) => retire.includes(g.code)).map((g) => g.parentGridCode));
      const created = await this.insertChecked(
        manager,
        scope,
        community,
        [...parents][0] ?? null,
        create,
        retire,
      );
      const retired = await this.grids.retire(
        manager,
        retire,
        change,
        created.map((g) => g.code),
        scope.subject,
      );
      await this.staff.endAllOf(manager, retire);
      for (const grid of retired) await this.publish(manager, grid, 'retired');
      return {
        retired: await Promise.all(retired.map((g) => this.view(g, scope))),
        created: await Promise.all(created.map((g) => this.view(g, scope))),
      };
    });
  }

  async addStaff(
    gridCode: string,
    input: { name: string; role: string; partTimeKind?: string; phone?: string; since?: string },
  ): Promise<GridView['staff'][number]> {
    const scope = writeScope();
    const details: ErrorDetail[] = [];
    if (!input.name?.trim() || input.name.length > 50)
      details.push({ field: 'name', message: 'is required (≤ 50 characters)' });
    if (!(STAFF_ROLES as readonly string[]).includes(input.role))
      details.push({ field: 'role', message: `must be ${STAFF_ROLES.join(', ')}` });
    const partTimeKind = input.partTimeKind ?? '';
    if (input.role === 'part_time' && !(PART_TIME_KINDS as readonly string[]).includes(partTimeKind)) {
      details.push({ field: 'partTimeKind', message: `must be ${PART_TIME_KINDS.join(', ')}` });
    }
    const phone = input.phone ? parseMobile(input.phone) : null;
    if (phone && !phone.ok) details.push({ field: 'phone', message: phone.reason });
    const since = input.since ?? new Date().toISOString().slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(since)) details.push({ field: 'since', message: 'must be YYYY-MM-DD' });
    if (details.length > 0) throw GridErrors.invalid(details);
    return this.dataSource.transaction(async (manager) => {
      const grid = await this.grids.find(scope, gridCode, false, manager);
      if (!grid) throw GridErrors.notFound(gridCode);
      if (grid.status !== 'active') throw GridErrors.notActive(gridCode);
      const row = await this.staff.insert(manager, {
        id: randomUUID(),
        gridCode,
        name: input.name.trim(),
        role: input.role,
        partTimeKind: input.role === 'part_time' ? partTimeKind : null,
        phoneEnc: phone?.ok ? this.cipher.encrypt(phone.value) : null,
        since,
        until: null,
      });
      await this.publish(manager, grid, 'staff-changed');
      return this.presentStaff(row, scope);
    });
  }

  async endStaff(id: string, until: string | undefined): Promise<GridView['staff'][number]> {
    const scope = writeScope();
    const day = until ?? new Date().toISOString().slice(0, 10);
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw GridErrors.staffNotFound(id);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day))
      throw GridErrors.invalid([{ field: 'until', message: 'must be YYYY-MM-DD' }]);
    return this.dataSource.transaction(async (manager) => {
      const row = await this.staff.end(manager, scope, id, day);
      if (!row) throw GridErrors.staffNotFound(id);
      const grid = await this.grids.find(scope, row.gridCode, false, manager);
      if (grid) await this.publish(manager, grid, 'staff-changed');
      return this.presentStaff(row, scope);
    });
  }

  async staffingReport(unitCode: string): Promise<{ checked: number; rows: StaffingRow[] }> {
    const scope = currentScope();
    const unit = await this.units.findByCode(scope, unitCode);
    if (!unit) throw UnitErrors.notFound(unitCode);
    return this.staff.belowStandard(scope, unit.path);
  }

  types() {
    return this.grids.types();
  }

  /** Validates new grids (shape, inside their community and parent, no overlap) and inserts them. */
  private async insertChecked(
    manager: EntityManager,
    scope: DataScope,
    communityCode: string,
    parentGridCode: string | null,
    inputs: NewGridInput[],
    replacing: string[],
  ): Promise<GridRow[]> {
    const community = await this.units.findUnscoped(communityCode);
    if (!community || community.level !== 'community' || !pathInScope(scope, community.path))
      throw UnitErrors.notFound(communityCode);
    const types = (await this.grids.types()).map((t) => t.type);
    const active = (await this.grids.activeInCommunity(manager, communityCode)).filter(
      (g) => !replacing.includes(g.code),
    );
    const parent = parentGridCode ? (active.find((g) => g.code === parentGridCode) ?? null) : null;
    if (parentGridCode && !parent && !replacing.length) throw GridErrors.notFound(parentGridCode);
    const checked: { input: NewGridInput; boundary: AreaGeometry }[] = [];
    const details: ErrorDetail[] = [];
    inputs.forEach((input, i) => {
      const field = inputs.length > 1 ? `create[${i}]` : 'grid';
      const result = checkNewGrid(input, types, field);
      details.push(...result.details);
      if (communityOfGridCode(input.code) !== communityCode)
        details.push({ field: `${field}.code`, message: `must start with ${communityCode}` });
      if (!result.boundary) return;
      if (community.boundary)
        details.push(
          ...validateWithinParent(
            result.boundary,
            community.boundary as AreaGeometry,
            community.name,
            `${field}.polygon`,
          ),
        );
      if (parent?.boundary)
        details.push(
          ...validateWithinParent(result.boundary, parent.boundary, parent.name, `${field}.polygon`),
        );
      checked.push({ input, boundary: result.boundary });
    });
    if (details.length > 0) throw GridErrors.invalid(details);
    for (const [i, a] of checked.entries()) {
      const others = [
        ...active.filter((g) => g.code !== parent?.code && g.parentGridCode === (parent?.code ?? null)),
        ...checked.slice(0, i).map((c) => ({ code: c.input.code, boundary: c.boundary })),
      ];
      const hit = others.filter((o) => overlaps(a.boundary, o.boundary)).map((o) => o.code);
      if (hit.length > 0) throw GridErrors.overlaps(a.input.code, hit);
    }
    const created: GridRow[] = [];
    for (const { input, boundary } of checked) {
      const path = `${(parent ?? community).path}.${input.code}`;
      const row = await this.grids.insert(manager, {
        code: input.code,
        name: input.name.trim(),
        type: input.type,
        communityCode,
        parentGridCode: parent?.code ?? null,
        path,
        boundary,
      });
      if (!row) throw GridErrors.exists(input.code);
      await this.publish(manager, row, 'created');
      created.push(row);
    }
    return created;
  }

  private async publish(
    manager: EntityManager,
    grid: GridRow,
    change: 'created' | 'retired' | 'staff-changed',
  ): Promise<void> {
    await this.outbox.publish(manager, subjects.registry.gridChanged, {
      code: grid.code,
      communityCode: grid.communityCode,
      path: grid.path,
      version: grid.version,
      change,
      replacedBy: grid.replacedBy ?? [],
      occurredAt: new Date().toISOString(),
    });
  }

  private async view(grid: GridRow, scope: DataScope): Promise<GridView> {
    return this.present(grid, await this.staff.currentOf([grid.code]), scope);
  }

  private present(grid: GridRow, staff: StaffRow[], scope: DataScope): GridView {
    return { ...grid, staff: staff.map((s) => this.presentStaff(s, scope)) };
  }

  /** Staff phones are shown masked; revealing personal data goes through the audited resident reads. */
  private presentStaff(row: StaffRow, _scope: DataScope): GridView['staff'][number] {
    const { phoneEnc, ...rest } = row;
    return { ...rest, phone: phoneEnc ? maskPhone(this.cipher.decrypt(phoneEnc)) : '' };
  }
}
