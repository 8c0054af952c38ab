import { Controller } from '@nestjs/common';
import { peopleV1 } from '@yiwang/contracts';
import type { BuildingRow } from '../places/building.repository.js';
import type { HouseholdRow } from '../places/household.repository.js';
import { PlacesService } from '../places/places.service.js';
import type { ResidenceRow } from './residence.repository.js';
import type { ResidentTagView, ResidentView } from './resident-presenter.js';
import { ResidentSearchService } from './resident-search.service.js';
import { ResidentTagsService } from './resident-tags.service.js';
import { ResidentsService } from './residents.service.js';

/**
 * Transport only: proto messages in, service calls, proto messages out. Optional request fields are unset when
 * absent; in updates an empty string clears a field.
 */
@Controller()
@peopleV1.PeopleServiceControllerMethods()
export class PeopleGrpcController implements peopleV1.PeopleServiceController {
  constructor(
    private readonly places: PlacesService,
    private readonly residents: ResidentsService,
    private readonly tags: ResidentTagsService,
    private readonly search: ResidentSearchService,
  ) {}

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

  async getBuilding(request: peopleV1.GetBuildingRequest): Promise<peopleV1.GetBuildingResponse> {
    return { building: toBuilding(await this.places.getBuilding(request.id)) };
  }

  async listBuildings(request: peopleV1.ListBuildingsRequest): Promise<peopleV1.ListBuildingsResponse> {
    const page = await this.places.listBuildings({
      communityCode: request.communityCode ?? null,
      gridCode: request.gridCode ?? null,
      cursor: request.cursor ?? null,
      limit: request.limit || 100,
    });
    return { buildings: page.buildings.map(toBuilding), nextCursor: page.next ?? undefined };
  }

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

  async updateHousehold(request: peopleV1.UpdateHouseholdRequest): Promise<peopleV1.UpdateHouseholdResponse> {
    const household = await this.places.updateHousehold(request.id, {
      address: request.address,
      entrance: request.entrance,
      room: request.room,
    });
    return { household: toHousehold(household) };
  }

  async getHousehold(request: peopleV1.GetHouseholdRequest): Promise<peopleV1.GetHouseholdResponse> {
    const { household, members } = await this.places.getHousehold(request.id);
    return { household: toHousehold(household), members: members.map(toResident) };
  }

  async createResident(request: peopleV1.CreateResidentRequest): Promise<peopleV1.CreateResidentResponse> {
    const resident = await this.residents.create({
      name: request.name,
      idNumber: request.idNumber,
      phone: request.phone ?? null,
      relation: request.relation ?? null,
      householdId: request.householdId ?? null,
      gridCode: request.gridCode ?? null,
      communityCode: request.communityCode ?? null,
      movedInOn: request.movedInOn ?? null,
    });
    return { resident: toResident(resident) };
  }

  async updateResident(request: peopleV1.UpdateResidentRequest): Promise<peopleV1.UpdateResidentResponse> {
    const resident = await this.residents.update(request.id, {
      name: request.name,
      idNumber: request.idNumber,
      phone: request.phone === undefined ? undefined : request.phone || null,
      relation: request.relation,
    });
    return { resident: toResident(resident) };
  }

  async getResident(request: peopleV1.GetResidentRequest): Promise<peopleV1.GetResidentResponse> {
    const resident = await this.residents.get(request.id, {
      reveal: request.reveal,
      purpose: request.purpose ?? null,
    });
    return { resident: toResident(resident) };
  }

  async moveResident(request: peopleV1.MoveResidentRequest): Promise<peopleV1.MoveResidentResponse> {
    const resident = await this.residents.move(request.id, request.householdId, request.date);
    return { resident: toResident(resident) };
  }

  async whereLived(request: peopleV1.WhereLivedRequest): Promise<peopleV1.WhereLivedResponse> {
    return { residence: toResidence(await this.residents.whereLived(request.id, request.date)) };
  }

  async setResidentTag(request: peopleV1.SetResidentTagRequest): Promise<peopleV1.SetResidentTagResponse> {
    const tag = await this.tags.set(request.residentId, request.tag, request.note ?? null);
    return { tag: toTag(tag) };
  }

  async removeResidentTag(
    request: peopleV1.RemoveResidentTagRequest,
  ): Promise<peopleV1.RemoveResidentTagResponse> {
    await this.tags.remove(request.residentId, request.tag);
    return {};
  }

  async searchResidents(request: peopleV1.SearchResidentsRequest): Promise<peopleV1.SearchResidentsResponse> {
    const page = await this.search.search({
      name: request.namePrefix ?? null,
      initials: request.initials ?? null,
      idNumber: request.idNumber ?? null,
      tag: request.tag ?? null,
      unitCode: request.unitCode ?? null,
      cursor: request.cursor ?? null,
      limit: request.limit || null,
    });
    return { residents: page.residents.map(toResident), nextCursor: page.next ?? undefined };
  }
}

function toBuilding(row: BuildingRow): peopleV1.Building {
  return {
    ...row,
    gridCode: row.gridCode ?? '',
    floors: row.floors ?? 0,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toHousehold(row: HouseholdRow): peopleV1.Household {
  return {
    ...row,
    buildingId: row.buildingId ?? '',
    entrance: row.entrance ?? '',
    room: row.room ?? '',
    gridCode: row.gridCode ?? '',
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toResident(view: ResidentView): peopleV1.Resident {
  return {
    ...view,
    birthDate: view.birthDate ?? '',
    phone: view.phone ?? '',
    householdId: view.householdId ?? '',
    gridCode: view.gridCode ?? '',
    tagsVisible: view.tags !== null,
    tags: (view.tags ?? []).map(toTag),
    createdAt: view.createdAt.toISOString(),
    updatedAt: view.updatedAt.toISOString(),
  };
}

function toTag(view: ResidentTagView): peopleV1.ResidentTag {
  return { ...view, setAt: view.setAt.toISOString(), note: view.note ?? '' };
}

function toResidence(row: ResidenceRow): peopleV1.Residence {
  return {
    householdId: row.householdId ?? '',
    gridCode: row.gridCode ?? '',
    path: row.path,
    validFrom: row.validFrom,
    validTo: row.validTo ?? '',
  };
}
