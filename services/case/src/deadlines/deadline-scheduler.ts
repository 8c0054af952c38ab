import { subjects, type CaseTransitionPayload } from '@yiwang/contracts';
import { PgListener, type CheckResult, type OutboxWriter } from '@yiwang/platform';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import type { NewCard, SupervisionRepository } from '../supervision/supervision.repository.js';
import { DEADLINES_CHANNEL, type ClockRow, type DeadlineRepository } from './deadline.repository.js';
import { subtaskDepartment } from './clock-fold.js';

export interface DeadlineSchedulerOptions {
  dataSource: DataSource;
  databaseUrl: string;
  deadlines: DeadlineRepository;
  cards: SupervisionRepository;
  outbox: OutboxWriter;
  logger: Logger;
  batchSize?: number;
  /** Longest sleep when nothing is due and no notification came (a missed NOTIFY only delays to this). */
  maxIdleMs?: number;
  /** The scheduler's clock; tests may inject one. */
  now?: () => Date;
  /** Called after each committed batch with what it fired (lag metrics, benchmarks). */
  onFired?: (fired: FiredEvent[], committedAt: Date) => void;
}

export interface FiredEvent {
  caseId: string;
  clock: string;
  kind: 'warning' | 'overdue';
  dueAt: Date;
}

type Fired = { row: ClockRow; kind: 'warning' | 'overdue' };

/**
 * Fires deadline warnings and overdue events when they fall due. The cost follows what is due: it asks the
 * partial index on next_fire_at for the earliest instant, sleeps until then (or until a NOTIFY announces an
 * earlier one), claims only the rows due by then with FOR UPDATE SKIP LOCKED (replicas share the work),
 * and in the same transaction writes the event to the outbox, the yellow or red card, and the clock's new
 * next_fire_at. Everything is in PostgreSQL, so after a restart whatever fell due while down fires at once.
 * A warning that is only found after its due time has passed is superseded by the overdue event.
 */
export class DeadlineScheduler {
  private running = false;
  private loop: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private wakeAt = Number.POSITIVE_INFINITY;
  private wake: (() => void) | undefined;
  /** The earliest instant announced while not asleep (between the due query and the sleep). */
  private announced = Number.POSITIVE_INFINITY;
  private listener: PgListener | undefined;
  private readonly batchSize: number;
  private readonly maxIdleMs: number;
  private readonly now: () => Date;
  /** Fired events since start, for metrics and tests. */
  fired = 0;

  constructor(private readonly options: DeadlineSchedulerOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.maxIdleMs = options.maxIdleMs ?? 60_000;
    this.now = options.now ?? (() => new Date());
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.listen();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.listener?.stop();
    this.listener = undefined;
  }

  /** The LISTEN connection's state, for readiness: `degraded` while it is being re-opened. */
  listenerHealth(): CheckResult {
    return this.listener?.health() ?? { status: 'up', detail: 'not started' };
  }

  /** Fires everything due now, batch by batch; returns how many events were written. */
  async fireDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const fired = await this.options.dataSource.transaction((manager) => this.fireBatch(manager));
      total += fired.length;
      if (fired.length > 0) {
        this.options.onFired?.(
          // Sub-task clocks count under one label: a department code per label would be unbounded.
          fired.map(({ row, kind }) => ({
            caseId: row.caseId,
            clock: subtaskDepartment(row.kind) ? 'subtask' : row.kind,
            kind,
            dueAt: row.dueAt,
          })),
          new Date(),
        );
      }
      if (fired.length < this.batchSize) return total;
    }
  }

  private async run(): Promise<void> {
    let backoff = 200;
    while (this.running) {
      try {
        this.announced = Number.POSITIVE_INFINITY;
        await this.fireDue();
        backoff = 200;
        const next = await this.options.deadlines.nextFireAt(this.options.dataSource.manager);
        const until = Math.min(next ? next.getTime() : Number.POSITIVE_INFINITY, this.announced);
        // A row held by another replica stays due for a moment: never spin faster than every 25 ms.
        await this.sleep(Math.min(Math.max(until - this.now().getTime(), 25), this.maxIdleMs), until);
      } catch (error) {
        this.options.logger.warn({ err: error, retryInMs: backoff }, 'deadline scheduler failed; retrying');
        await this.sleep(backoff, Number.POSITIVE_INFINITY);
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
  }

  private async fireBatch(manager: EntityManager): Promise<Fired[]> {
    const now = this.now();
    const rows = await this.options.deadlines.claimDue(manager, now, this.batchSize);
    if (rows.length === 0) return [];
    const fired: Fired[] = rows.map((row) => ({
      row,
      kind: row.dueAt.getTime() <= now.getTime() ? 'overdue' : 'warning',
    }));
    const cards: NewCard[] = [];
    for (const { row, kind } of fired) {
      const card = kind === 'overdue' ? 'red' : 'yellow';
      await this.options.outbox.publish(
        manager,
        kind === 'overdue' ? subjects.case.overdue : subjects.case.deadlineWarning,
        clockEvent(row, card, now),
      );
      // A sub-task's card goes against the co-handling department, not the lead.
      const coHandler = subtaskDepartment(row.kind);
      cards.push({
        sourceKey: `auto:${row.caseId}:${row.kind}:${card}:${row.dueAt.toISOString()}`,
        caseId: row.caseId,
        card,
        origin: 'automatic',
        clock: coHandler ? 'subtask' : row.kind,
        targetUnit: coHandler ? null : targetUnit(row),
        departmentCode: coHandler ?? (row.kind === 'tier' ? null : row.departmentCode),
        unitPath: row.unitPath,
        category: row.category,
        dueAt: row.dueAt,
        issuedAt: now,
        issuedBy: 'case-clock',
        reason: null,
      });
    }
    await this.options.cards.insert(manager, cards);
    await this.options.deadlines.markFired(
      manager,
      fired.map(({ row, kind }) => ({
        caseId: row.caseId,
        kind: row.kind,
        warnedFor: row.dueAt,
        overdueFor: kind === 'overdue' ? row.dueAt : row.overdueFor,
        next: kind === 'overdue' ? null : row.dueAt,
      })),
    );
    this.fired += fired.length;
    this.options.logger.debug({ count: fired.length }, 'deadline events fired');
    return fired;
  }

  private sleep(ms: number, until: number): Promise<void> {
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(this.timer);
        this.wake = undefined;
        this.wakeAt = Number.POSITIVE_INFINITY;
        resolve();
      };
      this.wakeAt = until;
      this.wake = finish;
      this.timer = setTimeout(finish, ms);
      if (!this.running) finish();
    });
  }

  /** LISTEN for announced due instants; the connection is re-opened after a database restart. */
  private async listen(): Promise<void> {
    this.listener = new PgListener({
      databaseUrl: this.options.databaseUrl,
      channels: [DEADLINES_CHANNEL],
      applicationName: 'deadline-scheduler',
      logger: this.options.logger,
      // Only a clock due before the planned wake-up interrupts the sleep.
      onNotification: (payload) => {
        const parsed = Date.parse(payload ?? '');
        this.announce(Number.isFinite(parsed) ? parsed : Number.NEGATIVE_INFINITY);
      },
      // Clocks announced while the connection was down reached nobody: look at the index again now.
      onListening: () => this.announce(Number.NEGATIVE_INFINITY),
    });
    await this.listener.start();
  }

  private announce(at: number): void {
    if (!this.wake) this.announced = Math.min(this.announced, at);
    else if (at < this.wakeAt) this.wake();
  }
}

/**
 * The clock event: the transition shape, with the case's fields as of the latest transition seen and that
 * transition's seq. Clock events do not advance the case: seq is NOT unique for them (a warning and an
 * overdue can share it with the transition they followed); consumers key them by (caseId, seq, event,
 * details.clock, details.dueAt).
 */
export function clockEvent(row: ClockRow, card: 'yellow' | 'red', now: Date): CaseTransitionPayload {
  const coHandler = subtaskDepartment(row.kind);
  const details: CaseTransitionPayload['details'] = {
    clock: coHandler ? 'subtask' : row.kind,
    dueAt: row.dueAt.toISOString(),
    card,
  };
  if (row.kind === 'tier' && row.tier) details.tier = row.tier;
  if (coHandler) details.subtaskDepartment = coHandler;
  return {
    caseId: row.caseId,
    seq: row.lastSeq,
    category: row.category,
    channel: row.channel,
    priority: row.priority as CaseTransitionPayload['priority'],
    state: row.caseState as CaseTransitionPayload['state'],
    previousState: row.caseState as CaseTransitionPayload['state'],
    unitCode: row.unitCode,
    unitPath: row.unitPath,
    departmentCode: row.departmentCode,
    actor: { subject: 'case-clock', role: 'system', unitCode: null, departmentCode: null },
    reason: null,
    details,
    occurredAt: now.toISOString(),
  };
}

/** The unit a card goes to: the tier's own unit for a tier clock, else the unit the case sits in. */
function targetUnit(row: ClockRow): string | null {
  if (row.kind === 'tier') {
    const pick: Record<string, (code: string) => boolean> = {
      grid: (code) => code.includes('-'),
      community: (code) => /^\d{12}$/.test(code),
      street: (code) => /^\d{9}$/.test(code),
      district: (code) => /^\d{6}$/.test(code),
    };
    const match = row.tier ? pick[row.tier] : undefined;
    const found = match ? [...row.unitPath].reverse().find(match) : undefined;
    return found ?? row.unitCode;
  }
  return row.departmentCode ? null : row.unitCode;
}
