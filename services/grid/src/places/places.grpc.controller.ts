import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { peopleV1 } from '@yiwang/contracts';
import { toResident } from '../people/people.grpc.controller.js';
import type { BuildingRow } from './building.repository.js';
import type { HouseholdRow } from './household.repository.js';
import { PlacesService } from './places.service.js';

type PlaceMethods =
  | 'createBuilding'
  | 'updateBuilding'
  | 'getBuilding'
  | 'listBuildings'
  | 'createHousehold'
  | 'updateHousehold'
  | 'getHousehold';

/**
 * Transport only, for the buildings and households of `PeopleService` (residents have their own
 * controller): proto messages in, service calls, proto messages out. Optional fields are unset when absent;
 * in an update an empty string clears a field.
 */
@Controller()
export class PlacesGrpcController implements Pick<peopleV1.PeopleServiceController, PlaceMethods> {
  constructor(private readonly places: PlacesService) {}

  @GrpcMethod(peopleV1.PEOPLE_SERVICE_NAME, 'createBuilding')
  async createBuilding(request: peopleV1.CreateBuildingRequest): Promise<peopleV1.CreateBuildingResponse> {
    const building = await this.places.createBuilding({
      name: request.name,
      communityCode: request.communityCode,
      gridCode: request.gridCode ?? null,
      lat: request.lat,
      lng: request.lng,
      entrances: request.entrances ?? undefined,
      floors: request.floors ?? null,
    });
    return { building: toBuilding(building) };
  }

  @GrpcMethod(peopleV1.PEOPLE_SERVICE_NAME, 'updateBuilding')
  async updateBuilding(request: peopleV1.UpdateBuildingRequest): Promise<peopleV1.UpdateBuildingResponse> {
    const building = await this.places.updateBuilding(request.id, {
      name: request.name,
      gridCode: request.gridCode === undefined ? undefined : request.gridCode || null,
      lat: request.lat,
      lng: request.lng,
      entrances: request.entrances,
      floors: request.floors === undefined ? undefined : request.floors || null,
    });
    return { building: toBuilding(building) };
  }

  @GrpcMethod(peopleV1.PEOPLE_SERVICE_NAME, 'getBuilding')
  async getBuilding(request: peopleV1.GetBuildingRequest): Promise<peopleV1.GetBuildingResponse> {
    return { building: toBuilding(await this.places.getBuilding(request.id)) };
  }

  @GrpcMethod(peopleV1.PEOPLE_SERVICE_NAME, 'listBuildings')
  async listBuildings(request: peopleV1.ListBuildingsRequest): Promise<peopleV1.ListBuildingsResponse> {
    const page = await this.places.listBuildings({
      communityCode: request.communityCode ?? null,
      gridCode: request.gridCode ?? null,
      cursor: request.cursor ?? null,
      limit: request.limit || 100,
    });
    return { buildings: page.buildings.map(toBuilding), nextCursor: page.next ?? undefined };
  }

  @GrpcMethod(peopleV1.PEOPLE_SERVICE_NAME, 'createHousehold')
  async createHousehold(request: peopleV1.CreateHouseholdRequest): Promise<peopleV1.CreateHouseholdResponse> {
    const household = await this.places.createHousehold({
      householdNo: request.householdNo,
      address: request.address,
      buildingId: request.buildingId ?? null,
      gridCode: request.gridCode ?? null,
      communityCode: request.communityCode ?? null,
      entrance: request.entrance ?? null,
      room: request.room ?? null,
    });
    return { household: toHousehold(household) };
  }

  @GrpcMethod(peopleV1.PEOPLE_SERVICE_NAME, 'updateHousehold')
  async updateHousehold(request: peopleV1.UpdateHouseholdRequest): Promise<peopleV1.UpdateHouseholdResponse> {
    const household = await this.places.updateHousehold(request.id, {
      address: request.address,
      entrance: request.entrance,
      room: request.room,
    });
    return { household: toHousehold(household) };
  }

  @GrpcMethod(peopleV1.PEOPLE_SERVICE_NAME, 'getHousehold')
  async getHousehold(request: peopleV1.GetHouseholdRequest): Promise<peopleV1.GetHouseholdResponse> {
    const { household, members } = await this.places.getHousehold(request.id);
    return { household: toHousehold(household), members: members.map(toResident) };
  }
}

function toBuilding(row: BuildingRow): peopleV1.Building {
  return {
    ...row,
    gridCode: row.gridCode ?? undefined,
    floors: row.floors ?? 0,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toHousehold(row: HouseholdRow): peopleV1.Household {
  return {
    ...row,
    buildingId: row.buildingId ?? undefined,
    entrance: row.entrance ?? undefined,
    room: row.room ?? undefined,
    gridCode: row.gridCode ?? undefined,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
