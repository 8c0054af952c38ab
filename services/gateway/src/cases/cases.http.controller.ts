import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Res,
  UseFilters,
} from '@nestjs/common';
import type { Response } from 'express';
import { CASE_ACTION_PERMISSIONS } from '@yiwang/contracts';
import { IdentityContext, logger } from '@yiwang/platform';
import { AuthErrors } from '../auth/auth.errors.js';
import { RequirePermission } from '../auth/permission.guard.js';
import { CASE_CLIENT, type CaseClient } from '../downstream/downstream.module.js';
import { parseRequest } from '../http-validation.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';

import {
  caseActionBody,
  etagOf,
  ifMatchHeader,
  listCasesQuery,
  versionOfIfMatch,
} from './case-actions.dto.js';
import { presentCase, presentSubtask, presentTransition } from './case-presenter.js';
import { CaseProblemFilter } from './case-problem.filter.js';
import { createCaseBody, idempotencyKeyHeader } from './create-case.dto.js';

@Controller('api/v1/cases')
@UseFilters(CaseProblemFilter)
export class CasesHttpController {
  constructor(@Inject(CASE_CLIENT) private readonly cases: CaseClient) {}

  @Post()
  @RequirePermission('case:report')
  @ApiDoc({
    tag: 'cases',
    summary: 'Report a case (Idempotency-Key makes retries safe); answers possible duplicates nearby',
    body: createCaseBody,
    status: 201,
  })
  async create(
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    const input = parseRequest(createCaseBody, body, 'body');
    const idempotencyKey = parseRequest(idempotencyKeyHeader, key, 'header');
    const result = await this.cases.call('createCase', {
      ...input,
      unitCode: input.unitCode,
      priority: input.priority,
      location: input.location,
      idempotencyKey,
    });
    const created = result.case!;
    response.status(201).location(`/api/v1/cases/${created.id}`).setHeader('ETag', etagOf(created.version));
    if (result.replayed) response.setHeader('Idempotency-Replayed', 'true');
    logger().info({ caseId: created.id, replayed: result.replayed }, 'case accepted at gateway');
    return { ...presentCase(created), possibleDuplicates: result.possibleDuplicates };
  }

  @Get()
  @RequirePermission('case:read')
  @ApiDoc({
    tag: 'cases',
    summary: "Cases in the caller's scope, newest first (keyset-paged with nextCursor)",
    query: listCasesQuery,
  })
  async list(@Query() query: unknown): Promise<unknown> {
    const q = parseRequest(listCasesQuery, query, 'query');
    const page = await this.cases.call('listCases', {
      state: q.state,
      category: q.category,
      channel: q.channel,
      unit: q.unit,
      department: q.department,
      overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
      after: q.after,
      limit: q.limit ?? 50,
    });
    return { items: page.cases.map(presentCase), nextCursor: page.nextCursor ?? null };
  }

  @Get('categories')
  @RequirePermission('case:read')
  @ApiDoc({ tag: 'cases', summary: 'The category catalogue (事项清单): names, department kind, priorities' })
  async categories(): Promise<unknown> {
    const result = await this.cases.call('listCategories', {});
    return { items: result.categories, routingVersion: result.routingVersion ?? null };
  }

  @Get(':id')
  @RequirePermission('case:read')
  @ApiDoc({
    tag: 'cases',
    summary: 'One case with its timeline and sub-tasks (ETag = its version)',
    errors: [404],
  })
  async get(@Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<unknown> {
    const result = await this.cases.call('getCase', { id });
    response.setHeader('ETag', etagOf(result.case!.version));
    return {
      ...presentCase(result.case!),
      timeline: result.timeline.map(presentTransition),
      subtasks: result.subtasks.map(presentSubtask),
      mergedFrom: result.mergedFrom,
    };
  }

  @Post(':id/actions')
  @HttpCode(200)
  @RequirePermission('case:read')
  @ApiDoc({
    tag: 'cases',
    summary:
      'A lifecycle action ({"action": "dispatch", …}); If-Match makes it conditional (412); 409 lists allowedActions',
    body: caseActionBody,
    errors: [404, 409, 412],
  })
  async act(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    const { action, ...params } = parseRequest(caseActionBody, body, 'body');
    const expectedVersion = versionOfIfMatch(parseRequest(ifMatchHeader, ifMatch, 'header'));
    const permission = CASE_ACTION_PERMISSIONS[action];
    if (!IdentityContext.current()?.permissions.includes(permission)) throw AuthErrors.forbidden(permission);
    const result = await this.cases.call('performAction', {
      caseId: id,
      action,
      expectedVersion,
      reason: params.reason,
      departmentCode: params.departmentCode,
      decision: params.decision,
      result: params.result,
      evidenceIds: params.evidenceIds ?? [],
      rating: params.rating,
      comment: params.comment,
      closeReason: params.closeReason,
      extendWorkingHours: params.extendWorkingHours,
      intoCaseId: params.intoCaseId,
      subtaskId: params.subtaskId,
      targetUnit: params.targetUnit,
      coHandlers: params.coHandlers ?? [],
    });
    response.setHeader('ETag', etagOf(result.case!.version));
    return presentCase(result.case!);
  }
}
