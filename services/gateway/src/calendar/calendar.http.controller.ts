import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { IdentityContext } from '@yiwang/platform';
import { z } from 'zod';
import { UserRepository } from '../auth/user.repository.js';
import { RequirePermission } from '../auth/permission.guard.js';
import { parseRequest } from '../http-validation.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';
import { CALENDAR_CLIENT, type CalendarClient } from './calendar-client.js';
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
  @ApiDoc({
    tag: 'calendar',
    summary: 'Whether the next year’s holiday arrangement is missing (warned from 1 November)',
    response: statusSchema,
  })
  async status(): Promise<unknown> {
    return (await this.calendar.call('getStatus', {})).status;
  }

  @Get('years')
  @RequirePermission('calendar:read')
  @ApiDoc({
    tag: 'calendar',
    summary: 'Years with their active version (built-in, loaded or missing), newest first, and the warning',
    response: z.object({ items: z.array(yearSummary), status: statusSchema }),
  })
  async years(): Promise<unknown> {
    const found = await this.calendar.call('listYears', {});
    return { items: (found.years ?? []).map(presentSummary), status: found.status };
  }

  @Get('years/:year')
  @RequirePermission('calendar:read')
  @ApiDoc({
    tag: 'calendar',
    summary: 'A year’s holidays and adjusted working days (the active version, or ?version=)',
    params: yearParams,
    query: yearQuery,
    response: calendarYear,
    errors: [404],
  })
  async year(@Param() params: unknown, @Query() query: unknown): Promise<unknown> {
    const { year } = parseRequest(yearParams, params, 'path');
    const { version } = parseRequest(yearQuery, query, 'query');
    return presentYear((await this.calendar.call('getYear', { year, version })).year!);
  }

  @Get('years/:year/versions')
  @RequirePermission('calendar:read')
  @ApiDoc({
    tag: 'calendar',
    summary: 'Every version of a year with who loaded it, when and why, and its activations',
    params: yearParams,
    response: z.object({
      year: z.number().int(),
      activeVersion: z.number().int(),
      items: z.array(calendarYear),
      activations: z.array(activation),
    }),
  })
  async versions(@Param() params: unknown): Promise<unknown> {
    const { year } = parseRequest(yearParams, params, 'path');
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
  @ApiDoc({
    tag: 'calendar',
    summary: 'The days that change between two versions of a year',
    params: yearParams,
    query: diffQuery,
    response: z.object({ items: z.array(dayChange) }),
    errors: [404],
  })
  async diff(@Param() params: unknown, @Query() query: unknown): Promise<unknown> {
    const { year } = parseRequest(yearParams, params, 'path');
    const q = parseRequest(diffQuery, query, 'query');
    const found = await this.calendar.call('diffVersions', { year, fromVersion: q.from, toVersion: q.to });
    return { items: (found.changes ?? []).map(presentChange) };
  }

  @Post('versions')
  @RequirePermission('calendar:manage')
  @ApiDoc({
    tag: 'calendar',
    summary: 'Load a year’s notice (JSON or YAML) as a new version, validated; optionally activate it',
    body: loadBody,
    status: 201,
    response: z.object({
      version: calendarYear,
      created: z.boolean().describe('False: the same days were loaded before; that version is answered'),
      job: recomputeJob.nullable(),
    }),
    errors: [409, 422],
  })
  async load(@Body() body: unknown): Promise<unknown> {
    const b = parseRequest(loadBody, body, 'body');
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
  @ApiDoc({
    tag: 'calendar',
    summary: 'Make a version count (0: the built-in one); running deadlines of the year are recomputed',
    params: versionParams,
    body: activateBody,
    status: 202,
    response: z.object({ activation, job: recomputeJob }),
    errors: [404, 409],
  })
  async activate(@Param() params: unknown, @Body() body: unknown): Promise<unknown> {
    const { year, version } = parseRequest(versionParams, params, 'path');
    const { reason } = parseRequest(activateBody, body, 'body');
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
  @ApiDoc({
    tag: 'calendar',
    summary: 'Progress of the recompute of running deadlines after a change',
    params: jobParams,
    response: recomputeJob,
    errors: [404],
  })
  async job(@Param() params: unknown): Promise<unknown> {
    const { id } = parseRequest(jobParams, params, 'path');
    return presentJob((await this.calendar.call('getRecomputeJob', { id })).job!);
  }

  /** The display name recorded with a change (the person, not only their id); empty for API clients. */
  private async actorName(): Promise<string> {
    const identity = IdentityContext.current();
    if (!identity || identity.kind !== 'user' || !/^[0-9a-f-]{36}$/i.test(identity.subject)) return '';
    return (await this.users.findById(identity.subject))?.displayName ?? '';
  }
}
