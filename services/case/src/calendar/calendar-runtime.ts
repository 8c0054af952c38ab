import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CONFIG } from '@yiwang/platform';
import { DataSource } from 'typeorm';
import type { CaseConfig } from '../case.config.js';
import { BUILTIN_SOURCE, builtinYears } from './builtin-years.js';
import { CalendarRegistry } from './calendar-registry.js';
import { calendarWarning, type CalendarWarning } from './calendar-warning.js';
import { NationalDays, type CalendarYearData } from './calendar-year.js';
import { CalendarRepository, type StoredActivation, type StoredVersion } from './calendar.repository.js';

/** The version of a year that counts now. */
export interface ActiveYear {
  year: number;
  version: number;
  /** Null: no arrangement (version 0 of a year the package lacks). */
  data: CalendarYearData | null;
  origin: 'builtin' | 'loaded';
  source: string | null;
  stored: StoredVersion | null;
  activation: StoredActivation | null;
}

/** What the calendars were built from, swapped whole on reload so a fold never sees half of a change. */
export interface CalendarSnapshot {
  generation: number;
  registry: CalendarRegistry;
  national: NationalDays;
  active: ReadonlyMap<number, ActiveYear>;
}

/**
 * The calendars this process counts working time on: the configured hours and city overrides
 * (`CASE_CALENDAR`) over the national days of every year's active version. Reloaded when a change is
 * announced (calendar.v1.year-changed, to every replica), when a case's track shows a newer generation, and
 * by the recompute worker before it starts a job.
 */
@Injectable()
export class CalendarRuntime implements OnModuleInit {
  private current: CalendarSnapshot;
  private reloading: Promise<CalendarSnapshot> | null = null;
  private readonly listeners = new Set<(snapshot: CalendarSnapshot) => void>();
  /** The clock the warning is judged by; tests replace it. */
  now: () => Date = () => new Date();

  constructor(
    private readonly dataSource: DataSource,
    private readonly calendars: CalendarRepository,
    @Inject(CONFIG) private readonly config: CaseConfig,
  ) {
    this.current = this.build(0, new Map());
  }

  async onModuleInit(): Promise<void> {
    await this.reload();
  }

  get snapshot(): CalendarSnapshot {
    return this.current;
  }

  get generation(): number {
    return this.current.generation;
  }

  /** Reloads when the database has a newer generation than this process; answers the snapshot to use. */
  async ensure(generation: number): Promise<CalendarSnapshot> {
    if (generation > this.current.generation) return this.reload();
    return this.current;
  }

  /** Reads the active versions (one reload at a time; callers during it share its result). */
  reload(): Promise<CalendarSnapshot> {
    this.reloading ??= this.read().finally(() => {
      this.reloading = null;
    });
    return this.reloading;
  }

  /** Called after each reload that brought a newer generation (the recompute worker wakes on it). */
  onChange(listener: (snapshot: CalendarSnapshot) => void): void {
    this.listeners.add(listener);
  }

  warning(now: Date = this.now()): CalendarWarning {
    return calendarWarning(
      now,
      (year) => this.current.national.covers(year),
      this.current.registry.timeZone,
      this.config.CASE_CALENDAR_WARN_FROM,
    );
  }

  private async read(): Promise<CalendarSnapshot> {
    const manager = this.dataSource.manager;
    // The generation first: if a change commits between the two reads, the next ensure() reloads again.
    const generation = await this.calendars.generation(manager);
    const active = new Map<number, ActiveYear>();
    for (const activation of await this.calendars.activeActivations(manager)) {
      const stored =
        activation.version > 0
          ? await this.calendars.version(manager, activation.year, activation.version)
          : null;
      active.set(activation.year, activeYear(activation.year, activation.version, stored, activation));
    }
    const next = this.build(generation, active);
    const newer = next.generation > this.current.generation;
    if (next.generation >= this.current.generation) this.current = next;
    if (newer) for (const listener of this.listeners) listener(next);
    return this.current;
  }

  private build(generation: number, activated: ReadonlyMap<number, ActiveYear>): CalendarSnapshot {
    const active = new Map<number, ActiveYear>();
    for (const year of builtinYears.keys()) active.set(year, activeYear(year, 0, null, null));
    for (const [year, entry] of activated) active.set(year, entry);
    const national = new NationalDays(
      [...active.values()].flatMap((entry) => (entry.data ? [entry.data] : [])),
    );
    return {
      generation,
      registry: new CalendarRegistry(this.config.CASE_CALENDAR, national),
      national,
      active,
    };
  }
}

/** A year's version as the calendars use it: the built-in days for version 0, the stored ones otherwise. */
export function activeYear(
  year: number,
  version: number,
  stored: StoredVersion | null,
  activation: StoredActivation | null,
): ActiveYear {
  if (version === 0) {
    const data = builtinYears.get(year) ?? null;
    return {
      year,
      version,
      data,
      origin: 'builtin',
      source: data ? BUILTIN_SOURCE : null,
      stored,
      activation,
    };
  }
  if (!stored) throw new Error(`calendar version ${year} v${version} is activated but not stored`);
  return {
    year,
    version,
    data: { year, holidays: stored.holidays, workdays: stored.workdays },
    origin: 'loaded',
    source: stored.source,
    stored,
    activation,
  };
}
