import { Module } from '@nestjs/common';
import { UserRepository } from '../auth/user.repository.js';
import { CalendarHttpController } from './calendar.http.controller.js';

/**
 * The national working calendar, served by the case service's CalendarService (its client comes from the
 * DownstreamModule). The user repository is provided here (not imported with AuthModule, whose import
 * would move its middleware chain) to record who changed the calendar by name.
 */
@Module({ controllers: [CalendarHttpController], providers: [UserRepository] })
export class CalendarModule {}
