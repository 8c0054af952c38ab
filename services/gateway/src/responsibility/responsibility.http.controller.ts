import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { IdentityContext } from '@yiwang/platform';
import { z } from 'zod';
import { RequirePermission } from '../auth/permission.guard.js';
import { UserRepository } from '../auth/user.repository.js';
import { ApiRoute, ValidBody, ValidParams, ValidQuery } from '../openapi/api-route.decorator.js';
import { RESPONSIBILITY_CLIENT, type ResponsibilityClient } from './responsibility-client.js';
import {
  activateBody,
  createBody,
  departmentKinds,
  diffAnswer,
  diffQuery,
  presentDetail,
  presentDiff,
  presentVersion,
  versionDetail,
  versionParams,
  versionSummary,
  versionsAnswer,
  versionsQuery,
} from './responsibility.schemas.js';

/**
 * The versioned responsibility list (权责清单): category × level → responsible department kind and its
 * deadline. Read with `responsibility:read`; a new version or an activation needs `responsibility:manage`.
 * Served by the case service.
 */
@Controller('api/v1/responsibilities')
export class ResponsibilityHttpController {
  constructor(
    @Inject(RESPONSIBILITY_CLIENT) private readonly responsibility: ResponsibilityClient,
    private readonly users: UserRepository,
  ) {}

  @Get('versions')
  @RequirePermission('responsibility:read')
  @ApiRoute({
    tag: 'responsibilities',
    summary: 'Every version of the responsibility list, newest first: who wrote it, when, why, and its use',
    query: versionsQuery,
    response: versionsAnswer,
  })
  async versions(@ValidQuery() { district }: z.output<typeof versionsQuery>) {
    const found = await this.responsibility.call('listVersions', { districtCode: district });
    return {
      activeVersion: found.activeVersion,
      items: (found.versions ?? []).map(presentVersion),
      departmentKinds: departmentKinds(),
    };
  }

  @Get('versions/:version')
  @RequirePermission('responsibility:read')
  @ApiRoute({
    tag: 'responsibilities',
    summary: 'One version with its lines (category × level → department kind, deadline)',
    params: versionParams,
    response: versionDetail,
    errors: [404],
  })
  async version(@ValidParams() { version }: z.output<typeof versionParams>) {
    return presentDetail((await this.responsibility.call('getVersion', { version })).version!);
  }

  @Get('diff')
  @RequirePermission('responsibility:read')
  @ApiRoute({
    tag: 'responsibilities',
    summary: 'The lines added, removed and changed between two versions, with the counts',
    query: diffQuery,
    response: diffAnswer,
    errors: [404],
  })
  async diff(@ValidQuery() q: z.output<typeof diffQuery>) {
    return presentDiff(
      await this.responsibility.call('diffVersions', { fromVersion: q.from, toVersion: q.to }),
    );
  }

  @Post('versions')
  @RequirePermission('responsibility:manage')
  @ApiRoute({
    tag: 'responsibilities',
    summary: 'Write a new version (the whole list); optionally make it active at once',
    body: createBody,
    status: 201,
    response: versionDetail,
    errors: [404],
  })
  async create(@ValidBody() b: z.output<typeof createBody>) {
    const created = await this.responsibility.call('createVersion', {
      entries: b.entries,
      reason: b.reason,
      basedOn: b.basedOn,
      activate: b.activate,
      activationReason: b.activationReason ?? '',
      actorName: await this.actorName(),
    });
    return presentDetail(created.version!);
  }

  @Post('versions/:version/activate')
  @HttpCode(200)
  @RequirePermission('responsibility:manage')
  @ApiRoute({
    tag: 'responsibilities',
    summary: 'Make a version the active one, saying why; cases already routed keep theirs',
    params: versionParams,
    body: activateBody,
    response: z.strictObject({ version: versionSummary, previousVersion: z.number().int() }),
    errors: [404, 409],
  })
  async activate(
    @ValidParams() { version }: z.output<typeof versionParams>,
    @ValidBody() { reason }: z.output<typeof activateBody>,
  ) {
    const changed = await this.responsibility.call('activateVersion', {
      version,
      reason,
      actorName: await this.actorName(),
    });
    return { version: presentVersion(changed.version!), previousVersion: changed.previousVersion };
  }

  /** The display name recorded with a change (the person, not only their id); none for API clients. */
  private async actorName(): Promise<string | undefined> {
    const identity = IdentityContext.current();
    if (!identity || identity.kind !== 'user' || !/^[0-9a-f-]{36}$/i.test(identity.subject)) return undefined;
    return (await this.users.findById(identity.subject))?.displayName;
  }
}
