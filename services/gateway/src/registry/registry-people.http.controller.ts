import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
} from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { AuditPersonalData } from '../audit/audit.decorators.js';
import { RequirePermission } from '../auth/permission.guard.js';
import { PEOPLE_CLIENT, type PeopleClient } from '../downstream/downstream.module.js';
import { parseRequest } from '../http-validation.js';
import { checkIfMatch } from '../http/conditional.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';
import { bool, cursor, day, gridCode, idParams, limit, unitCode, uuid } from './registry.schemas.js';

const text = (max: number) => z.string().min(1).max(max);
const buildingBody = z
  .object({
    name: text(100),
    communityCode: unitCode,
    gridCode: gridCode.optional(),
    lat: z.number(),
    lng: z.number(),
    entrances: z.number().int().min(1).max(50).default(1),
    floors: z.number().int().min(1).max(200).optional(),
  })
  .strict();
const buildingPatch = z
  .object({
    name: text(100).optional(),
    gridCode: z.union([gridCode, z.literal('')]).optional(),
    lat: z.number().optional(),
    lng: z.number().optional(),
    entrances: z.number().int().min(1).max(50).optional(),
    floors: z.number().int().min(1).max(200).optional(),
  })
  .strict();
const buildingsQuery = z
  .object({ community: unitCode.optional(), grid: gridCode.optional(), cursor, limit: limit(500, 100) })
  .strict();
const householdBody = z
  .object({
    householdNo: text(40),
    address: text(300),
    buildingId: uuid.optional(),
    gridCode: gridCode.optional(),
    communityCode: unitCode.optional(),
    entrance: z.string().max(16).optional(),
    room: z.string().max(16).optional(),
  })
  .strict();
const householdPatch = z
  .object({
    address: text(300).optional(),
    entrance: z.string().max(16).optional(),
    room: z.string().max(16).optional(),
  })
  .strict();
const residentBody = z
  .object({
    name: text(50),
    idNumber: z.string().min(1).max(32),
    phone: z.string().max(20).optional(),
    relation: z.string().max(16).default('other'),
    householdId: uuid.optional(),
    gridCode: gridCode.optional(),
    communityCode: unitCode.optional(),
    movedInOn: day.optional(),
  })
  .strict();
const residentPatch = z
  .object({
    name: text(50).optional(),
    idNumber: z.string().min(1).max(32).optional(),
    phone: z.string().max(20).optional(),
    relation: z.string().max(16).optional(),
  })
  .strict();
const residentQuery = z.object({ reveal: bool, purpose: z.string().max(200).optional() }).strict();
const moveBody = z.object({ householdId: uuid, date: day }).strict();
const whereQuery = z.object({ date: day }).strict();
const tagParams = z.object({ id: uuid, tag: z.string().regex(/^[a-z_]{2,32}$/, 'a tag code') });
const tagBody = z.object({ note: z.string().max(200).optional() }).strict();
const searchQuery = z
  .object({
    name: z.string().max(50).optional(),
    initials: z
      .string()
      .regex(/^[a-z]{1,10}$/)
      .optional(),
    idNumber: z.string().max(32).optional(),
    tag: z.string().max(32).optional(),
    unit: unitCode.optional(),
    cursor,
    limit: limit(200, 50),
  })
  .strict();

const defined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Buildings, households and residents. Personal data comes back masked unless revealed, with a purpose. */
@Controller('api/v1/registry')
export class RegistryPeopleHttpController {
  constructor(@Inject(PEOPLE_CLIENT) private readonly people: PeopleClient) {}

  @Post('buildings')
  @RequirePermission('registry:write')
  @ApiDoc({
    tag: 'people',
    summary: 'Add a building to a community (optionally a grid)',
    body: buildingBody,
    status: 201,
    errors: [404, 409],
  })
  async createBuilding(@Body() body: unknown): Promise<unknown> {
    const b = parseRequest(buildingBody, body, 'body');
    return (await this.people.call('createBuilding', b)).building;
  }

  @Patch('buildings/:id')
  @RequirePermission('registry:write')
  @ApiDoc({
    tag: 'people',
    summary:
      'Change a building (a new grid moves its households and residents too); `If-Match` with the ETag of the building as read refuses the change (412) when someone changed it since',
    params: idParams,
    body: buildingPatch,
    errors: [404, 412],
  })
  async updateBuilding(
    @Param() params: unknown,
    @Body() body: unknown,
    @Req() request: Request,
  ): Promise<unknown> {
    const { id } = parseRequest(idParams, params, 'path');
    if (request.get('if-match') !== undefined)
      checkIfMatch(request, (await this.people.call('getBuilding', { id })).building, { required: false });
    return (
      await this.people.call('updateBuilding', { id, ...defined(parseRequest(buildingPatch, body, 'body')) })
    ).building;
  }

  @Get('buildings/:id')
  @RequirePermission('registry:read')
  @ApiDoc({ tag: 'people', summary: 'One building', params: idParams, errors: [404] })
  async getBuilding(@Param() params: unknown): Promise<unknown> {
    return (await this.people.call('getBuilding', parseRequest(idParams, params, 'path'))).building;
  }

  @Get('buildings')
  @RequirePermission('registry:read')
  @ApiDoc({
    tag: 'people',
    summary: 'Buildings of a community or grid, keyset-paged',
    query: buildingsQuery,
    errors: [404],
  })
  async listBuildings(@Query() query: unknown): Promise<unknown> {
    const q = parseRequest(buildingsQuery, query, 'query');
    const page = await this.people.call('listBuildings', {
      communityCode: q.community,
      gridCode: q.grid,
      cursor: q.cursor,
      limit: q.limit,
    });
    return { items: page.buildings, nextCursor: page.nextCursor ?? null };
  }

  @Post('households')
  @RequirePermission('registry:write')
  @ApiDoc({ tag: 'people', summary: 'Add a household', body: householdBody, status: 201, errors: [404, 409] })
  async createHousehold(@Body() body: unknown): Promise<unknown> {
    const b = parseRequest(householdBody, body, 'body');
    return (await this.people.call('createHousehold', b)).household;
  }

  @Patch('households/:id')
  @RequirePermission('registry:write')
  @ApiDoc({
    tag: 'people',
    summary: 'Change a household’s address',
    params: idParams,
    body: householdPatch,
    errors: [404],
  })
  async updateHousehold(@Param() params: unknown, @Body() body: unknown): Promise<unknown> {
    const { id } = parseRequest(idParams, params, 'path');
    return (
      await this.people.call('updateHousehold', {
        id,
        ...defined(parseRequest(householdPatch, body, 'body')),
      })
    ).household;
  }

  @Get('households/:id')
  @RequirePermission('registry:read')
  @ApiDoc({ tag: 'people', summary: 'A household and its members (masked)', params: idParams, errors: [404] })
  async getHousehold(@Param() params: unknown): Promise<unknown> {
    return this.people.call('getHousehold', parseRequest(idParams, params, 'path'));
  }

  @Post('residents')
  @RequirePermission('registry:write')
  @ApiDoc({
    tag: 'people',
    summary: 'Register a resident (ID number validated, stored encrypted)',
    body: residentBody,
    status: 201,
    errors: [404, 409],
  })
  async createResident(@Body() body: unknown): Promise<unknown> {
    const b = parseRequest(residentBody, body, 'body');
    return (await this.people.call('createResident', b)).resident;
  }

  @Patch('residents/:id')
  @RequirePermission('registry:write')
  @ApiDoc({
    tag: 'people',
    summary: 'Change a resident',
    params: idParams,
    body: residentPatch,
    errors: [404, 409],
  })
  async updateResident(@Param() params: unknown, @Body() body: unknown): Promise<unknown> {
    const { id } = parseRequest(idParams, params, 'path');
    return (
      await this.people.call('updateResident', { id, ...defined(parseRequest(residentPatch, body, 'body')) })
    ).resident;
  }

  @Get('residents/:id')
  @RequirePermission('registry:read')
  @AuditPersonalData('registry.resident.reveal', (request) => request.query.reveal === 'true')
  @ApiDoc({
    tag: 'people',
    summary:
      'A resident; `reveal=true` with a `purpose` unmasks ID and phone (needs registry:read-pii; audited)',
    params: idParams,
    query: residentQuery,
    errors: [404],
  })
  async getResident(@Param() params: unknown, @Query() query: unknown): Promise<unknown> {
    const { id } = parseRequest(idParams, params, 'path');
    const q = parseRequest(residentQuery, query, 'query');
    return (await this.people.call('getResident', { id, reveal: q.reveal, purpose: q.purpose })).resident;
  }

  @Post('residents/:id/move')
  @HttpCode(200)
  @RequirePermission('registry:write')
  @ApiDoc({
    tag: 'people',
    summary: 'Move a resident to another household from a date (history kept)',
    params: idParams,
    body: moveBody,
    errors: [404, 409],
  })
  async move(@Param() params: unknown, @Body() body: unknown): Promise<unknown> {
    const { id } = parseRequest(idParams, params, 'path');
    return (await this.people.call('moveResident', { id, ...parseRequest(moveBody, body, 'body') })).resident;
  }

  @Get('residents/:id/residence')
  @RequirePermission('registry:read')
  @ApiDoc({
    tag: 'people',
    summary: 'Where a resident lived on a date',
    params: idParams,
    query: whereQuery,
    errors: [404],
  })
  async whereLived(@Param() params: unknown, @Query() query: unknown): Promise<unknown> {
    const { id } = parseRequest(idParams, params, 'path');
    return (await this.people.call('whereLived', { id, date: parseRequest(whereQuery, query, 'query').date }))
      .residence;
  }

  @Put('residents/:id/tags/:tag')
  @RequirePermission('registry:read-special-population')
  @ApiDoc({
    tag: 'people',
    summary: 'Tag a resident as part of a special population',
    params: tagParams,
    body: tagBody,
    errors: [404],
  })
  async setTag(@Param() params: unknown, @Body() body: unknown): Promise<unknown> {
    const { id, tag } = parseRequest(tagParams, params, 'path');
    return (
      await this.people.call('setResidentTag', {
        residentId: id,
        tag,
        note: parseRequest(tagBody, body ?? {}, 'body').note,
      })
    ).tag;
  }

  @Delete('residents/:id/tags/:tag')
  @HttpCode(204)
  @RequirePermission('registry:read-special-population')
  @ApiDoc({
    tag: 'people',
    summary: 'Remove a tag (the record of it stays)',
    params: tagParams,
    status: 204,
    errors: [404],
  })
  async removeTag(@Param() params: unknown): Promise<void> {
    const { id, tag } = parseRequest(tagParams, params, 'path');
    await this.people.call('removeResidentTag', { residentId: id, tag });
  }

  @Get('residents')
  @RequirePermission('registry:read')
  @ApiDoc({
    tag: 'people',
    summary:
      'Search residents by name, pinyin initials, ID number, unit subtree or tag (masked, keyset-paged)',
    query: searchQuery,
  })
  async search(@Query() query: unknown): Promise<unknown> {
    const q = parseRequest(searchQuery, query, 'query');
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
