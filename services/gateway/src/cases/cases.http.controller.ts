import { Controller, Get, HttpCode, Inject, Param, Post, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { CASE_ACTION_PERMISSIONS } from '@yiwang/contracts';
import { IdentityContext, logger } from '@yiwang/platform';
import type { z } from 'zod';
import { AuthErrors } from '../auth/auth.errors.js';
import { RequirePermission } from '../auth/permission.guard.js';
import { CASE_CLIENT, type CaseClient } from '../downstream/downstream.module.js';
import { ApiRoute, ValidBody, ValidHeaders, ValidQuery } from '../openapi/api-route.decorator.js';
import {
  caseActionBody,
  caseCountsQuery,
  etagOf,
  ifMatchHeaders,
  listCasesQuery,
  versionOfIfMatch,
} from './case-actions.dto.js';
import {
  caseCountsView,
  caseDetailView,
  casePage,
  caseView,
  categoriesView,
  createdCaseView,
  presentCase,
  presentClock,
  presentSubtask,
  presentTransition,
} from './case-presenter.js';
import { CaseProblemFilter } from './case-problem.filter.js';
import { createCaseBody, idempotencyKeyHeaders } from './create-case.dto.js';

@Controller('api/v1/cases')
@UseFilters(CaseProblemFilter)
export class CasesHttpController {
  constructor(@Inject(CASE_CLIENT) private readonly cases: CaseClient) {}

  @Post()
  @RequirePermission('case:report')
  @ApiRoute({
    tag: 'cases',
    summary: 'Report a case (Idempotency-Key makes retries safe); answers possible duplicates nearby',
    body: createCaseBody,
    headers: idempotencyKeyHeaders,
    response: createdCaseView,
    status: 201,
  })
  async create(
    @ValidBody() input: z.output<typeof createCaseBody>,
    @ValidHeaders() headers: z.output<typeof idempotencyKeyHeaders>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { attributes, ...fields } = input;
    const result = await this.cases.call('createCase', {
      ...fields,
      attributesJson: attributes ? JSON.stringify(attributes) : undefined,
      idempotencyKey: headers['Idempotency-Key'],
    });
    const created = result.case!;
    response.status(201).location(`/api/v1/cases/${created.id}`).setHeader('ETag', etagOf(created.version));
    if (result.replayed) response.setHeader('Idempotency-Replayed', 'true');
    logger().info({ caseId: created.id, replayed: result.replayed }, 'case accepted at gateway');
    return { ...presentCase(created), possibleDuplicates: result.possibleDuplicates };
  }

  @Get()
  @RequirePermission('case:read')
  @ApiRoute({
    tag: 'cases',
    summary:
      "Cases in the caller's scope: filters, title search, short id, worklists; keyset-paged with nextCursor",
    query: listCasesQuery,
    response: casePage,
  })
  async list(@ValidQuery() q: z.output<typeof listCasesQuery>) {
    const page = await this.cases.call('listCases', {
      state: q.state,
      category: q.category,
      channel: q.channel,
      unit: q.unit,
      department: q.department,
      overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
      q: q.q,
      idPrefix: q.idPrefix,
      open: q.open === 'true' || undefined,
      alert: q.alert,
      supervised: q.supervised === 'true' || undefined,
      sort: q.sort,
      withTotal: q.withTotal === 'true' || undefined,
      after: q.after,
      limit: q.limit ?? 50,
    });
    return {
      items: page.cases.map(presentCase),
      nextCursor: page.nextCursor ?? null,
      ...(page.total === undefined ? {} : { total: page.total }),
    };
  }

  @Get('categories')
  @RequirePermission('case:read')
  @ApiRoute({
    tag: 'cases',
    summary: 'The category catalogue (事项清单): names, department kind, priorities',
    response: categoriesView,
  })
  async categories() {
    const result = await this.cases.call('listCategories', {});
    return { items: result.categories, routingVersion: result.routingVersion ?? null };
  }

  @Get('counts')
  @RequirePermission('case:read')
  @ApiRoute({
    tag: 'cases',
    summary: "Today's intake, open and overdue cases in a unit, per unit one level down and per grid",
    query: caseCountsQuery,
    response: caseCountsView,
  })
  async counts(@ValidQuery() q: z.output<typeof caseCountsQuery>) {
    // China keeps one offset all year: the local day starts at 00:00 +08:00.
    const day = q.day ?? new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const result = await this.cases.call('countCases', { unit: q.unit, since: `${day}T00:00:00+08:00` });
    return { day, total: result.total!, children: result.children, grids: result.grids };
  }

  @Get(':id')
  @RequirePermission('case:read')
  @ApiRoute({
    tag: 'cases',
    summary: 'One case with its timeline and sub-tasks (ETag = its version)',
    response: caseDetailView,
    errors: [404],
  })
  async get(@Param('id') id: string, @Res({ passthrough: true }) response: Response) {
    const result = await this.cases.call('getCase', { id });
    response.setHeader('ETag', etagOf(result.case!.version));
    return {
      ...presentCase(result.case!),
      timeline: result.timeline.map(presentTransition),
      subtasks: result.subtasks.map(presentSubtask),
      mergedFrom: result.mergedFrom,
      clocks: result.clocks.map(presentClock),
    };
  }

  @Post(':id/actions')
  @HttpCode(200)
  @RequirePermission('case:read')
  @ApiRoute({
    tag: 'cases',
    summary:
      'A lifecycle action ({"action": "dispatch", …}); If-Match makes it conditional (412); 409 lists allowedActions',
    body: caseActionBody,
    headers: ifMatchHeaders,
    response: caseView,
    errors: [404, 409, 412],
  })
  async act(
    @Param('id') id: string,
    @ValidBody() { action, ...params }: z.output<typeof caseActionBody>,
    @ValidHeaders() headers: z.output<typeof ifMatchHeaders>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const permission = CASE_ACTION_PERMISSIONS[action];
    if (!IdentityContext.current()?.permissions.includes(permission)) throw AuthErrors.forbidden(permission);
    const result = await this.cases.call('performAction', {
      caseId: id,
      action,
      expectedVersion: versionOfIfMatch(headers['If-Match']),
      ...params,
      evidenceIds: params.evidenceIds ?? [],
      coHandlers: params.coHandlers ?? [],
    });
    response.setHeader('ETag', etagOf(result.case!.version));
    return presentCase(result.case!);
  }
}
