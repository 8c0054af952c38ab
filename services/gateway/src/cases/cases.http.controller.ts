import { Body, Controller, Get, Headers, Inject, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { logger } from '@yiwang/platform';
import { RequirePermission } from '../auth/permission.guard.js';
import { CASE_CLIENT, type CaseClient } from '../downstream/downstream.module.js';
import { parseRequest } from '../http-validation.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';
import { createCaseBody, idempotencyKeyHeader } from './create-case.dto.js';

@Controller('api/v1/cases')
export class CasesHttpController {
  constructor(@Inject(CASE_CLIENT) private readonly cases: CaseClient) {}

  @Post()
  @RequirePermission('case:report')
  @ApiDoc({
    tag: 'cases',
    summary: 'Report a case (Idempotency-Key makes retries safe)',
    body: createCaseBody,
    status: 201,
  })
  async create(
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    const input = parseRequest(createCaseBody, body, 'body');
    const idempotencyKey = parseRequest(idempotencyKeyHeader, key, 'header') ?? '';
    const result = await this.cases.call('createCase', {
      ...input,
      location: input.location,
      idempotencyKey,
    });
    const created = result.case!;
    response.status(201).location(`/api/v1/cases/${created.id}`);
    if (result.replayed) response.setHeader('Idempotency-Replayed', 'true');
    logger().info({ caseId: created.id, replayed: result.replayed }, 'case accepted at gateway');
    return created;
  }

  @Get(':id')
  @RequirePermission('case:read')
  @ApiDoc({ tag: 'cases', summary: 'One case', errors: [404] })
  async get(@Param('id') id: string): Promise<unknown> {
    const result = await this.cases.call('getCase', { id });
    return result.case;
  }
}
