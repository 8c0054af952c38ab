import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { IdentityContext } from '@yiwang/platform';
import { z } from 'zod';
import { UserRepository } from '../auth/user.repository.js';
import { RequirePermission } from '../auth/permission.guard.js';
import { ApiRoute, ValidBody, ValidParams, ValidQuery } from '../openapi/api-route.decorator.js';
import { listOf } from '../openapi/api-schemas.js';
import { CALENDAR_CLIENT, type CalendarClient } from '../downstream/downstream.module.js';
import {
  activateBody,
  activation,
  calendarYear,
  dayChange,
  diffQuery,
  jobParams,
  loadBody,
  presentActivation,
  presentChange,
  presentJob,
  presentSummary,
  presentYear,
  recomputeJob,
  statusSchema,
  versionParams,
  yearParams,
  yearQuery,
  yearSummary,
} from './calendar.schemas.js';

/**
 * The national working calendar (节假日安排) deadlines are counted on: read it with `calendar:read`; load a
 * year's notice, review its versions and activate one with `calendar:manage`. Served by the case service.
 */
@Controller('api/v1/calendar')
export class CalendarHttpController {
  constructor(
    @Inject(CALENDAR_CLIENT) private readonly calendar: CalendarClient,
    private readonly users: UserRepository,
  ) {}

  @Get('status')
  @RequirePermission('calendar:read')
  @ApiRoute({
    tag: 'calendar',
    summary: 'Whether the next year’s holiday arrangement is missing (warned from 1 November)',
    response: statusSchema,
  })
  async status() {
    return (await this.calendar.call('getStatus', {})).status!;
  }

  @Get('years')
  @RequirePermission('calendar:read')
  @ApiRoute({
    tag: 'calendar',
    summary: 'Years with their active version (built-in, loaded or missing), newest first, and the warning',
    response: z.strictObject({ items: z.array(yearSummary), status: statusSchema }),
  })
  async years() {
    const found = await this.calendar.call('listYears', {});
    return { items: (found.years ?? []).map(presentSummary), status: found.status! };
  }

  @Get('years/:year')
  @RequirePermission('calendar:read')
  @ApiRoute({
    tag: 'calendar',
    summary: 'A year’s holidays and adjusted working days (the active version, or ?version=)',
    params: yearParams,
    query: yearQuery,
    response: calendarYear,
    errors: [404],
  })
  async year(
    @ValidParams() { year }: z.output<typeof yearParams>,
    @ValidQuery() { version }: z.output<typeof yearQuery>,
  ) {
    return presentYear((await this.calendar.call('getYear', { year, version })).year!);
  }

  @Get('years/:year/versions')
  @RequirePermission('calendar:read')
  @ApiRoute({
    tag: 'calendar',
    summary: 'Every version of a year with who loaded it, when and why, and its activations',
    params: yearParams,
    response: z.strictObject({
      year: z.number().int(),
      activeVersion: z.number().int(),
      items: z.array(calendarYear),
      activations: z.array(activation),
    }),
  })
  async versions(@ValidParams() { year }: z.output<typeof yearParams>) {
    const found = await this.calendar.call('listVersions', { year });
    return {
      year,
      activeVersion: found.activeVersion,
      items: (found.versions ?? []).map(presentYear),
      activations: (found.activations ?? []).map(presentActivation),
    };
  }

  @Get('years/:year/diff')
  @RequirePermission('calendar:read')
  @ApiRoute({
    tag: 'calendar',
    summary: 'The days that change between two versions of a year',
    params: yearParams,
    query: diffQuery,
    response: listOf(dayChange),
    errors: [404],
  })
  async diff(
    @ValidParams() { year }: z.output<typeof yearParams>,
    @ValidQuery() q: z.output<typeof diffQuery>,
  ) {
    const found = await this.calendar.call('diffVersions', { year, fromVersion: q.from, toVersion: q.to });
    return { items: (found.changes ?? []).map(presentChange) };
  }

  @Post('versions')
  @RequirePermission('calendar:manage')
  @ApiRoute({
    tag: 'calendar',
    summary: 'Load a year’s notice (JSON or YAML) as a new version, validated; optionally activate it',
    body: loadBody,
    status: 201,
    response: z.strictObject({
      version: calendarYear,
      created: z.boolean().describe('False: the same days were loaded before; that version is answered'),
      job: recomputeJob.nullable(),
    }),
    errors: [409, 422],
  })
  async load(@ValidBody() b: z.output<typeof loadBody>) {
    const loaded = await this.calendar.call('loadYear', {
      document: b.document,
      reason: b.reason,
      activate: b.activate,
      actorName: await this.actorName(),
    });
    return {
      version: presentYear(loaded.version!),
      created: loaded.created,
      job: loaded.job ? presentJob(loaded.job) : null,
    };
  }

  @Post('years/:year/versions/:version/activate')
  @HttpCode(202)
  @RequirePermission('calendar:manage')
  @ApiRoute({
    tag: 'calendar',
    summary: 'Make a version count (0: the built-in one); running deadlines of the year are recomputed',
    params: versionParams,
    body: activateBody,
    status: 202,
    response: z.strictObject({ activation, job: recomputeJob }),
    errors: [404, 409],
  })
  async activate(
    @ValidParams() { year, version }: z.output<typeof versionParams>,
    @ValidBody() { reason }: z.output<typeof activateBody>,
  ) {
    const change = await this.calendar.call('activateVersion', {
      year,
      version,
      reason,
      actorName: await this.actorName(),
    });
    return { activation: presentActivation(change.activation!), job: presentJob(change.job!) };
  }

  @Get('jobs/:id')
  @RequirePermission('calendar:read')
  @ApiRoute({
    tag: 'calendar',
    summary: 'Progress of the recompute of running deadlines after a change',
    params: jobParams,
    response: recomputeJob,
    errors: [404],
  })
  async job(@ValidParams() { id }: z.output<typeof jobParams>) {
    return presentJob((await this.calendar.call('getRecomputeJob', { id })).job!);
  }

  /** The display name recorded with a change (the person, not only their id); none for API clients. */
  private async actorName(): Promise<string | undefined> {
    const identity = IdentityContext.current();
    if (!identity || identity.kind !== 'user' || !/^[0-9a-f-]{36}$/i.test(identity.subject)) return undefined;
    return (await this.users.findById(identity.subject))?.displayName;
  }
}
