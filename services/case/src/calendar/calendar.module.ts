import { Module } from '@nestjs/common';
import { CalendarChangeConsumer } from './calendar-change.consumer.js';
import { CalendarMetrics } from './calendar-metrics.js';
import { CalendarRuntime } from './calendar-runtime.js';
import { CalendarGrpcController } from './calendar.grpc.controller.js';
import { CalendarRepository } from './calendar.repository.js';
import { CalendarService } from './calendar.service.js';

/** The national calendar: its versions, the calendars built from them, and their API. */
@Module({
  controllers: [CalendarGrpcController],
  providers: [CalendarRepository, CalendarRuntime, CalendarService, CalendarChangeConsumer, CalendarMetrics],
  exports: [CalendarRepository, CalendarRuntime, CalendarService],
})
export class CalendarModule {}
