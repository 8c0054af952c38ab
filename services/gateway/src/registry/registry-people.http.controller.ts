import { Controller, Delete, Get, HttpCode, Inject, Patch, Post, Put, Req } from '@nestjs/common';
import type { Request } from 'express';
import type { z } from 'zod';
import { AuditPersonalData } from '../audit/audit.decorators.js';
import { RequirePermission } from '../auth/permission.guard.js';
import { PEOPLE_CLIENT, type PeopleClient } from '../downstream/downstream.module.js';
import { checkIfMatch } from '../http/conditional.js';
import { ApiRoute, ValidBody, ValidParams, ValidQuery } from '../openapi/api-route.decorator.js';
import { pageOf } from '../openapi/api-schemas.js';
import {
  building,
  buildingBody,
  buildingPatch,
  buildingsQuery,
  defined,
  household,
  householdBody,
  householdDetail,
  householdPatch,
  presentBuilding,
  presentHousehold,
  moveBody,
  residence,
  resident,
  residentBody,
  residentPatch,
  residentQuery,
  residentTag,
  searchQuery,
  tagBody,
  tagParams,
  whereQuery,
} from './registry-people.schemas.js';
import { idParams } from './registry.schemas.js';

type Id = z.output<typeof idParams>;

/** Buildings, households and residents. Personal data comes back masked unless revealed, with a purpose. */
@Controller('api/v1/registry')
export class RegistryPeopleHttpController {
  constructor(@Inject(PEOPLE_CLIENT) private readonly people: PeopleClient) {}

  @Post('buildings')
  @RequirePermission('registry:write')
  @ApiRoute({
    tag: 'people',
    summary: 'Add a building to a community (optionally a grid)',
    body: buildingBody,
    response: building,
    status: 201,
    errors: [404, 409],
  })
  async createBuilding(@ValidBody() b: z.output<typeof buildingBody>) {
    return presentBuilding((await this.people.call('createBuilding', b)).building!);
  }

  @Patch('buildings/:id')
  @RequirePermission('registry:write')
  @ApiRoute({
    tag: 'people',
    summary:
      'Change a building (a new grid moves its households and residents too); `If-Match` with the ETag of the building as read refuses the change (412) when someone changed it since',
    params: idParams,
    body: buildingPatch,
    response: building,
    errors: [404, 412],
  })
  async updateBuilding(
    @ValidParams() { id }: Id,
    @ValidBody() b: z.output<typeof buildingPatch>,
    @Req() request: Request,
  ) {
    // The tag is of the building as GET answers it (presented), not of the gRPC message.
    if (request.get('if-match') !== undefined) {
      const current = (await this.people.call('getBuilding', { id })).building;
      checkIfMatch(request, current && presentBuilding(current), { required: false });
    }
    return presentBuilding((await this.people.call('updateBuilding', { id, ...defined(b) })).building!);
  }

  @Get('buildings/:id')
  @RequirePermission('registry:read')
  @ApiRoute({ tag: 'people', summary: 'One building', params: idParams, response: building, errors: [404] })
  async getBuilding(@ValidParams() { id }: Id) {
    return presentBuilding((await this.people.call('getBuilding', { id })).building!);
  }

  @Get('buildings')
  @RequirePermission('registry:read')
  @ApiRoute({
    tag: 'people',
    summary: 'Buildings of a community or grid, keyset-paged',
    query: buildingsQuery,
    response: pageOf(building),
    errors: [404],
  })
  async listBuildings(@ValidQuery() q: z.output<typeof buildingsQuery>) {
    const page = await this.people.call('listBuildings', {
      communityCode: q.community,
      gridCode: q.grid,
      cursor: q.cursor,
      limit: q.limit,
    });
    return { items: page.buildings.map(presentBuilding), nextCursor: page.nextCursor ?? null };
  }

  @Post('households')
  @RequirePermission('registry:write')
  @ApiRoute({
    tag: 'people',
    summary: 'Add a household',
    body: householdBody,
    response: household,
    status: 201,
    errors: [404, 409],
  })
  async createHousehold(@ValidBody() b: z.output<typeof householdBody>) {
    return presentHousehold((await this.people.call('createHousehold', b)).household!);
  }

  @Patch('households/:id')
  @RequirePermission('registry:write')
  @ApiRoute({
    tag: 'people',
    summary: 'Change a household’s address',
    params: idParams,
    body: householdPatch,
    response: household,
    errors: [404],
  })
  async updateHousehold(@ValidParams() { id }: Id, @ValidBody() b: z.output<typeof householdPatch>) {
    return presentHousehold((await this.people.call('updateHousehold', { id, ...defined(b) })).household!);
  }

  @Get('households/:id')
  @RequirePermission('registry:read')
  @ApiRoute({
    tag: 'people',
    summary: 'A household and its members (masked)',
    params: idParams,
    response: householdDetail,
    errors: [404],
  })
  async getHousehold(@ValidParams() { id }: Id) {
    const { household, members } = await this.people.call('getHousehold', { id });
    return { household: presentHousehold(household!), members };
  }

  @Post('residents')
  @RequirePermission('registry:write')
  @ApiRoute({
    tag: 'people',
    summary: 'Register a resident (ID number validated, stored encrypted)',
    body: residentBody,
    response: resident,
    status: 201,
    errors: [404, 409],
  })
  async createResident(@ValidBody() b: z.output<typeof residentBody>) {
    return (await this.people.call('createResident', b)).resident!;
  }

  @Patch('residents/:id')
  @RequirePermission('registry:write')
  @ApiRoute({
    tag: 'people',
    summary: 'Change a resident',
    params: idParams,
    body: residentPatch,
    response: resident,
    errors: [404, 409],
  })
  async updateResident(@ValidParams() { id }: Id, @ValidBody() b: z.output<typeof residentPatch>) {
    return (await this.people.call('updateResident', { id, ...defined(b) })).resident!;
  }

  @Get('residents/:id')
  @RequirePermission('registry:read')
  @AuditPersonalData('registry.resident.reveal', (request) => request.query.reveal === 'true')
  @ApiRoute({
    tag: 'people',
    summary:
      'A resident; `reveal=true` with a `purpose` unmasks ID and phone (needs registry:read-pii; audited)',
    params: idParams,
    query: residentQuery,
    response: resident,
    errors: [404],
  })
  async getResident(@ValidParams() { id }: Id, @ValidQuery() q: z.output<typeof residentQuery>) {
    return (await this.people.call('getResident', { id, reveal: q.reveal, purpose: q.purpose })).resident!;
  }

  @Post('residents/:id/move')
  @HttpCode(200)
  @RequirePermission('registry:write')
  @ApiRoute({
    tag: 'people',
    summary: 'Move a resident to another household from a date (history kept)',
    params: idParams,
    body: moveBody,
    response: resident,
    errors: [404, 409],
  })
  async move(@ValidParams() { id }: Id, @ValidBody() b: z.output<typeof moveBody>) {
    return (await this.people.call('moveResident', { id, ...b })).resident!;
  }

  @Get('residents/:id/residence')
  @RequirePermission('registry:read')
  @ApiRoute({
    tag: 'people',
    summary: 'Where a resident lived on a date',
    params: idParams,
    query: whereQuery,
    response: residence,
    errors: [404],
  })
  async whereLived(@ValidParams() { id }: Id, @ValidQuery() { date }: z.output<typeof whereQuery>) {
    return (await this.people.call('whereLived', { id, date })).residence!;
  }

  @Put('residents/:id/tags/:tag')
  @RequirePermission('registry:read-special-population')
  @ApiRoute({
    tag: 'people',
    summary: 'Tag a resident as part of a special population',
    params: tagParams,
    body: tagBody,
    response: residentTag,
    errors: [404],
  })
  async setTag(
    @ValidParams() { id, tag }: z.output<typeof tagParams>,
    @ValidBody() b: z.output<typeof tagBody>,
  ) {
    return (await this.people.call('setResidentTag', { residentId: id, tag, note: b.note })).tag!;
  }

  @Delete('residents/:id/tags/:tag')
  @HttpCode(204)
  @RequirePermission('registry:read-special-population')
  @ApiRoute({
    tag: 'people',
    summary: 'Remove a tag (the record of it stays)',
    params: tagParams,
    response: null,
    status: 204,
    errors: [404],
  })
  async removeTag(@ValidParams() { id, tag }: z.output<typeof tagParams>): Promise<void> {
    await this.people.call('removeResidentTag', { residentId: id, tag });
  }

  @Get('residents')
  @RequirePermission('registry:read')
  @ApiRoute({
    tag: 'people',
    summary:
      'Search residents by name, pinyin initials, ID number, unit subtree or tag (masked, keyset-paged)',
    query: searchQuery,
    response: pageOf(resident),
  })
  async search(@ValidQuery() q: z.output<typeof searchQuery>) {
    const page = await this.people.call('searchResidents', {
      namePrefix: q.name,
      initials: q.initials,
      idNumber: q.idNumber,
      tag: q.tag,
      unitCode: q.unit,
      cursor: q.cursor,
      limit: q.limit,
    });
    return { items: page.residents, nextCursor: page.nextCursor ?? null };
  }
}
