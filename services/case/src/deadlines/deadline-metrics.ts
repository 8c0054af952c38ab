import { metricsRegistry } from '@yiwang/platform';
import { Counter, Histogram } from 'prom-client';
import type { FiredEvent } from './deadline-scheduler.js';

export const deadlineEventsFired = new Counter({
  name: 'yiwang_case_deadline_events_total',
  help: 'Deadline warnings and overdue events fired, by kind and clock',
  labelNames: ['kind', 'clock'] as const,
  registers: [metricsRegistry],
});

export const deadlineFireLag = new Histogram({
  name: 'yiwang_case_deadline_fire_lag_seconds',
  help: 'From a clock falling due to the commit of its overdue event',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 15, 60, 300],
  registers: [metricsRegistry],
});

/** Records a committed batch of fired clock events. */
export function recordFired(fired: FiredEvent[], committedAt: Date): void {
  for (const event of fired) {
    deadlineEventsFired.inc({ kind: event.kind, clock: event.clock });
    if (event.kind === 'overdue') {
      deadlineFireLag.observe((committedAt.getTime() - event.dueAt.getTime()) / 1000);
    }
  }
}
