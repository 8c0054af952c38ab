import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { OutboxWriter } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { ResidenceRepository, type Placement } from '../people/residence.repository.js';
import { ResidentPresenter, type ResidentView } from '../people/resident-presenter.js';
import { ResidentRepository } from '../people/resident.repository.js';
import { currentScope, pathInScope, type DataScope } from '../scope/data-scope.js';
import { chinaToday } from '../shared/china-date.js';
import { decodeCursor, encodeCursor, isUuid } from '../shared/page-cursor.js';
import {
  publishBuildingChanged,
  publishHouseholdChanged,
  publishResidentChanged,
} from '../shared/registry-events.js';
import { uniqueViolation } from '../shared/unique-violation.js';
import { writeScope } from '../shared/write-scope.js';
import { UnitErrors } from '../units/units.errors.js';
import { UnitRepository } from '../units/unit.repository.js';
import { BuildingRepository, type BuildingRow, type BuildingWrite } from './building.repository.js';
import { GridLookupRepository } from './grid-lookup.repository.js';
import { HouseholdRepository, type HouseholdRow } from './household.repository.js';
import { coordinates, count, optionalText, text } from './place-input.js';
import { PlaceErrors } from './places.errors.js';

export interface BuildingInput {
  name: string;
  communityCode: string;
  gridCode?: string | null;
  lat: number;
  lng: number;
  entrances?: number;
  floors?: number | null;
}

/** Absent fields stay as they are; `gridCode: null` takes the building out of its grid. */
export type BuildingPatch = Partial<Omit<BuildingInput, 'communityCode'>>;

export interface HouseholdInput {
  householdNo: string;
  address: string;
  /** Where the household is: its building, else a grid, else a community. */
  buildingId?: string | null;
  gridCode?: string | null;
  communityCode?: string | null;
  entrance?: string | null;
  room?: string | null;
}

export type HouseholdPatch = Partial<Pick<HouseholdInput, 'address' | 'entrance' | 'room'>>;

const LIST_MAX = 500;
const COMMUNITY_CODE = /^[0-9]{12}$/;

/** Buildings (楼栋) and households (户): where people live, each inside the caller's data scope. */
@Injectable()
export class PlacesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly buildings: BuildingRepository,
    private readonly households: HouseholdRepository,
    private readonly grids: GridLookupRepository,
    private readonly units: UnitRepository,
    private readonly residents: ResidentRepository,
    private readonly residences: ResidenceRepository,
    private readonly presenter: ResidentPresenter,
  ) {}

  async createBuilding(input: BuildingInput): Promise<BuildingRow> {
    const scope = writeScope();
    const communityCode = String(input.communityCode ?? '').trim();
    const place = await this.placeInCommunity(scope, communityCode, input.gridCode ?? null);
    const building: BuildingWrite = {
      id: randomUUID(),
      name: text('name', input.name, 64),
      communityCode,
      ...place,
      ...coordinates(input.lat, input.lng),
      entrances: count('entrances', input.entrances ?? 1, 1, 99),
      floors: input.floors == null ? null : count('floors', input.floors, 1, 200),
    };
    if (await this.buildings.nameTaken(communityCode, building.name, null))
      throw PlaceErrors.buildingExists();
    return this.write(async (manager) => {
      const row = await this.buildings.insert(manager, building);
      await publishBuildingChanged(this.outbox, manager, row, 'created');
      return row;
    });
  }

  async updateBuilding(id: string, patch: BuildingPatch): Promise<BuildingRow> {
    const scope = writeScope();
    return this.write(async (manager) => {
      const current = isUuid(id) ? await this.buildings.findById(scope, id, manager, true) : null;
      if (!current) throw PlaceErrors.buildingNotFound(id);
      const next: BuildingWrite = { ...current };
      if (patch.name !== undefined) next.name = text('name', patch.name, 64);
      if (patch.lat !== undefined || patch.lng !== undefined) {
        Object.assign(next, coordinates(patch.lat ?? current.lat, patch.lng ?? current.lng));
      }
      if (patch.entrances !== undefined) next.entrances = count('entrances', patch.entrances, 1, 99);
      if (patch.floors !== undefined) {
        next.floors = patch.floors === null ? null : count('floors', patch.floors, 1, 200);
      }
      if (patch.gridCode !== undefined && (patch.gridCode || null) !== current.gridCode) {
        Object.assign(
          next,
          await this.placeInCommunity(scope, current.communityCode, patch.gridCode || null),
        );
      }
      if (next.name !== current.name && (await this.buildings.nameTaken(next.communityCode, next.name, id))) {
        throw PlaceErrors.buildingExists();
      }
      const row = await this.buildings.update(manager, next);
      const moved = row.path !== current.path;
      await publishBuildingChanged(this.outbox, manager, row, moved ? 'moved' : 'updated');
      if (moved) await this.carryOccupants(manager, row);
      return row;
    });
  }

  async getBuilding(id: string): Promise<BuildingRow> {
    const found = isUuid(id) ? await this.buildings.findById(currentScope(), id) : null;
    if (!found) throw PlaceErrors.buildingNotFound(id);
    return found;
  }

  /** Buildings of a community or of a grid, by name; out-of-scope places list nothing. */
  async listBuildings(query: {
    communityCode?: string | null;
    gridCode?: string | null;
    cursor?: string | null;
    limit?: number;
  }): Promise<{ buildings: BuildingRow[]; next: string | null }> {
    const limit = query.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > LIST_MAX) throw PlaceErrors.invalidLimit(LIST_MAX);
    const by = query.gridCode
      ? { gridCode: query.gridCode }
      : query.communityCode
        ? { communityCode: query.communityCode }
        : null;
    if (!by) throw PlaceErrors.invalid('communityCode', 'give a community or a grid');
    const cursor = query.cursor ? decodeCursor(query.cursor, 'building') : null;
    if (query.cursor && !cursor) throw PlaceErrors.invalidCursor();
    const rows = await this.buildings.list(
      currentScope(),
      by,
      cursor && { name: cursor.s, id: cursor.i },
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const next =
      rows.length > limit && last ? encodeCursor({ k: 'building', s: last.name, i: last.id }) : null;
    return { buildings: page, next };
  }

  async createHousehold(input: HouseholdInput): Promise<HouseholdRow> {
    const scope = writeScope();
    const householdNo = text('householdNo', input.householdNo, 40);
    let place: Omit<Placement, 'householdId'>;
    let buildingId: string | null = null;
    if (input.buildingId) {
      const building = isUuid(input.buildingId)
        ? await this.buildings.findById(scope, input.buildingId)
        : null;
      if (!building) throw PlaceErrors.buildingNotFound(input.buildingId);
      place = { gridCode: building.gridCode, path: building.path };
      buildingId = building.id;
    } else {
      place = await this.placeIn(scope, { gridCode: input.gridCode, communityCode: input.communityCode });
    }
    const household = {
      id: randomUUID(),
      householdNo,
      buildingId,
      entrance: optionalText('entrance', input.entrance, 16),
      room: optionalText('room', input.room, 16),
      address: text('address', input.address, 200),
      ...place,
    };
    if (await this.households.numberTaken(householdNo)) throw PlaceErrors.householdExists();
    return this.write(async (manager) => {
      const row = await this.households.insert(manager, household);
      await publishHouseholdChanged(this.outbox, manager, row, 'created');
      return row;
    });
  }

  async updateHousehold(id: string, patch: HouseholdPatch): Promise<HouseholdRow> {
    const scope = writeScope();
    return this.write(async (manager) => {
      const current = isUuid(id) ? await this.households.findById(scope, id, manager, true) : null;
      if (!current) throw PlaceErrors.householdNotFound(id);
      const row = await this.households.updateAddress(manager, {
        id,
        address: patch.address === undefined ? current.address : text('address', patch.address, 200),
        entrance:
          patch.entrance === undefined ? current.entrance : optionalText('entrance', patch.entrance, 16),
        room: patch.room === undefined ? current.room : optionalText('room', patch.room, 16),
      });
      await publishHouseholdChanged(this.outbox, manager, row, 'updated');
      return row;
    });
  }

  /** A household with the members the caller may see, masked as for any read. */
  async getHousehold(id: string): Promise<{ household: HouseholdRow; members: ResidentView[] }> {
    const scope = currentScope();
    const household = isUuid(id) ? await this.households.findById(scope, id) : null;
    if (!household) throw PlaceErrors.householdNotFound(id);
    const members = await this.presenter.present(scope, await this.residents.listByHousehold(scope, id));
    return { household, members };
  }

  /** Where a resident is placed: a household in scope, else an active grid, else a community. */
  async resolvePlacement(
    scope: DataScope,
    input: { householdId?: string | null; gridCode?: string | null; communityCode?: string | null },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Placement> {
    if (input.householdId) {
      const household = isUuid(input.householdId)
        ? await this.households.findById(scope, input.householdId, manager)
        : null;
      if (!household) throw PlaceErrors.householdNotFound(input.householdId);
      return { householdId: household.id, gridCode: household.gridCode, path: household.path };
    }
    return { householdId: null, ...(await this.placeIn(scope, input)) };
  }

  private async placeIn(
    scope: DataScope,
    input: { gridCode?: string | null; communityCode?: string | null },
  ): Promise<Omit<Placement, 'householdId'>> {
    if (input.gridCode) {
      const grid = await this.grids.find(input.gridCode);
      if (!grid || grid.status !== 'active' || !pathInScope(scope, grid.path)) {
        throw PlaceErrors.gridNotFound(input.gridCode);
      }
      return { gridCode: grid.code, path: grid.path };
    }
    if (input.communityCode) return this.placeInCommunity(scope, input.communityCode, null);
    throw PlaceErrors.noPlacement();
  }

  /** The community must exist; a grid must be one of its active grids; the result must be in scope. */
  private async placeInCommunity(
    scope: DataScope,
    communityCode: string,
    gridCode: string | null,
  ): Promise<Omit<Placement, 'householdId'>> {
    if (!COMMUNITY_CODE.test(communityCode)) throw PlaceErrors.invalidCommunityCode();
    const community = await this.units.findUnscoped(communityCode);
    if (!community) throw UnitErrors.notFound(communityCode);
    let path = community.path;
    if (gridCode) {
      const grid = await this.grids.find(gridCode);
      if (!grid || grid.status !== 'active' || grid.communityCode !== communityCode) {
        // Out-of-scope callers learn nothing about grids they cannot see.
        if (!pathInScope(scope, community.path)) throw UnitErrors.notFound(communityCode);
        throw PlaceErrors.gridNotInCommunity();
      }
      path = grid.path;
    }
    if (!pathInScope(scope, path)) throw UnitErrors.notFound(communityCode);
    if (community.level !== 'community') throw PlaceErrors.notACommunity();
    return { gridCode: gridCode || null, path };
  }

  /** A building moved to another grid: its households and their residents go with it, history kept. */
  private async carryOccupants(manager: EntityManager, building: BuildingRow): Promise<void> {
    const households = await this.households.reassignBuilding(
      manager,
      building.id,
      building.gridCode,
      building.path,
    );
    for (const household of households)
      await publishHouseholdChanged(this.outbox, manager, household, 'moved');
    const moved = await this.residents.reassignHouseholds(
      manager,
      households.map((h) => h.id),
      building.gridCode,
      building.path,
    );
    await this.residences.continueInGrid(
      manager,
      moved.map((r) => r.id),
      building.gridCode,
      building.path,
      chinaToday(),
    );
    for (const resident of moved) {
      await publishResidentChanged(
        this.outbox,
        manager,
        { ...resident, gridCode: building.gridCode, path: building.path },
        'moved',
      );
    }
  }

  private async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      // A concurrent insert that slipped past the pre-check.
      const index = uniqueViolation(error);
      if (index === 'UQ_buildings_community_name') throw PlaceErrors.buildingExists();
      if (index === 'UQ_households_number') throw PlaceErrors.householdExists();
      throw error;
    }
  }
}
