import { Injectable, type OnModuleInit } from '@nestjs/common';
import { metricsRegistry } from '@yiwang/platform';
import { Gauge, type Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import type { CalendarWarning } from './calendar-warning.js';
import { CalendarRuntime } from './calendar-runtime.js';
import { CalendarRepository } from './calendar.repository.js';

export interface CalendarMetricSources {
  warning(): CalendarWarning;
  provisionalClocks(): Promise<number>;
}

/**
 * The calendar's gauges, computed when scraped: `yiwang_calendar_next_year_missing` is 1 from the warning
 * day (1 November) while the next year has no holiday arrangement; alert on it.
 */
export function registerCalendarMetrics(
  sources: CalendarMetricSources,
  registry: Registry = metricsRegistry,
) {
  for (const name of [
    'yiwang_calendar_next_year_missing',
    'yiwang_calendar_days_until_next_year',
    'yiwang_calendar_provisional_clocks',
  ]) {
    registry.removeSingleMetric(name);
  }
  new Gauge({
    name: 'yiwang_calendar_next_year_missing',
    help: 'Whether the warning period has begun and the next year has no holiday arrangement (1) or not (0)',
    registers: [registry],
    collect() {
      this.set(sources.warning().nextYearMissing ? 1 : 0);
    },
  });
  new Gauge({
    name: 'yiwang_calendar_days_until_next_year',
    help: 'Days from today until 1 January of the next year, in the calendar time zone',
    registers: [registry],
    collect() {
      this.set(sources.warning().daysUntilNextYear);
    },
  });
  new Gauge({
    name: 'yiwang_calendar_provisional_clocks',
    help: 'Running or paused deadlines that reach into a year without a holiday arrangement',
    registers: [registry],
    async collect() {
      try {
        this.set(await sources.provisionalClocks());
      } catch {
        // The database is away: readiness reports that; the scrape still answers.
      }
    },
  });
}

@Injectable()
export class CalendarMetrics implements OnModuleInit {
  constructor(
    private readonly runtime: CalendarRuntime,
    private readonly calendars: CalendarRepository,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    registerCalendarMetrics({
      warning: () => this.runtime.warning(),
      provisionalClocks: () => this.calendars.provisionalClocks(this.dataSource.manager),
    });
  }
}
