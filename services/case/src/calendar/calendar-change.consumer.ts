import { Injectable } from '@nestjs/common';
import { subjects, type PayloadOf } from '@yiwang/contracts';
import { OnEvent } from '@yiwang/platform';
import { CalendarRuntime } from './calendar-runtime.js';

/**
 * Every replica reloads its calendars when a year changes anywhere (broadcast: an ephemeral consumer per
 * process, like the registry's location index). A replica that misses the message catches up on its sweep
 * or at the next case event, whose track row shows the newer generation.
 */
@Injectable()
export class CalendarChangeConsumer {
  constructor(private readonly runtime: CalendarRuntime) {}

  @OnEvent(subjects.calendar.yearChanged, { durable: 'case-calendar-reload', broadcast: true })
  async onYearChanged(event: PayloadOf<typeof subjects.calendar.yearChanged>): Promise<void> {
    await this.runtime.ensure(event.generation);
  }
}
