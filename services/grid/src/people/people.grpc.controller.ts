import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { peopleV1 } from '@yiwang/contracts';
import type { ResidenceRow } from './residence.repository.js';
import type { ResidentTagView, ResidentView } from './resident-presenter.js';
import { ResidentSearchService } from './resident-search.service.js';
import { ResidentTagsService } from './resident-tags.service.js';
import { ResidentsService } from './residents.service.js';

type ResidentMethods =
  | 'createResident'
  | 'updateResident'
  | 'getResident'
  | 'moveResident'
  | 'whereLived'
  | 'setResidentTag'
  | 'removeResidentTag'
  | 'searchResidents';

/**
 * Transport only, for the residents of `PeopleService` (buildings and households are in `places/`): proto
 * messages in, service calls, proto messages out. Optional fields are unset when absent; in an update an
 * empty string clears a field.
 */
@Controller()
export class PeopleGrpcController implements Pick<peopleV1.PeopleServiceController, ResidentMethods> {
  constructor(
    private readonly residents: ResidentsService,
    private readonly tags: ResidentTagsService,
    private readonly search: ResidentSearchService,
  ) {}

  @GrpcMethod(peopleV1.PEOPLE_SERVICE_NAME, 'createResident')
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

  @GrpcMethod(peopleV1.PEOPLE_SERVICE_NAME, 'updateResident')
  async updateResident(request: peopleV1.UpdateResidentRequest): Promise<peopleV1.UpdateResidentResponse> {
    const resident = await this.residents.update(request.id, {
      name: request.name,
      idNumber: request.idNumber,
      phone: request.phone === undefined ? undefined : request.phone || null,
      relation: request.relation,
    });
    return { resident: toResident(resident) };
  }

  @GrpcMethod(peopleV1.PEOPLE_SERVICE_NAME, 'getResident')
  async getResident(request: peopleV1.GetResidentRequest): Promise<peopleV1.GetResidentResponse> {
    const resident = await this.residents.get(request.id, {
      reveal: request.reveal,
      purpose: request.purpose ?? null,
    });
    return { resident: toResident(resident) };
  }

  @GrpcMethod(peopleV1.PEOPLE_SERVICE_NAME, 'moveResident')
  async moveResident(request: peopleV1.MoveResidentRequest): Promise<peopleV1.MoveResidentResponse> {
    const resident = await this.residents.move(request.id, request.householdId, request.date);
    return { resident: toResident(resident) };
  }

  @GrpcMethod(peopleV1.PEOPLE_SERVICE_NAME, 'whereLived')
  async whereLived(request: peopleV1.WhereLivedRequest): Promise<peopleV1.WhereLivedResponse> {
    return { residence: toResidence(await this.residents.whereLived(request.id, request.date)) };
  }

  @GrpcMethod(peopleV1.PEOPLE_SERVICE_NAME, 'setResidentTag')
  async setResidentTag(request: peopleV1.SetResidentTagRequest): Promise<peopleV1.SetResidentTagResponse> {
    const tag = await this.tags.set(request.residentId, request.tag, request.note ?? null);
    return { tag: toTag(tag) };
  }

  @GrpcMethod(peopleV1.PEOPLE_SERVICE_NAME, 'removeResidentTag')
  async removeResidentTag(
    request: peopleV1.RemoveResidentTagRequest,
  ): Promise<peopleV1.RemoveResidentTagResponse> {
    await this.tags.remove(request.residentId, request.tag);
    return {};
  }

  @GrpcMethod(peopleV1.PEOPLE_SERVICE_NAME, 'searchResidents')
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

export function toResident(view: ResidentView): peopleV1.Resident {
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
