import { Module } from '@nestjs/common';
import { UserRepository } from '../auth/user.repository.js';
import { ResponsibilityHttpController } from './responsibility.http.controller.js';

/**
 * The responsibility list (权责清单), served by the case service's ResponsibilityService (its client comes
 * from the DownstreamModule). The user repository names who made or activated a version.
 */
@Module({ controllers: [ResponsibilityHttpController], providers: [UserRepository] })
export class ResponsibilityModule {}
