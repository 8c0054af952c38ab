import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CASE_CATEGORIES, DEPARTMENT_KINDS } from '@yiwang/contracts';
import { DomainError, logger, type ErrorDetail } from '@yiwang/platform';
import { DataSource } from 'typeorm';
import { DEFAULT_CLOCKS } from '../deadlines/deadline-policy.js';
import { currentActor, hasPermission } from '../shared/case-actor.js';
import { diffEntries, type ResponsibilityDiff } from './responsibility-diff.js';
import { RESPONSIBILITY_LEVELS, type ResponsibilityLevel } from './responsibility.entities.js';
import {
  ResponsibilityRepository,
  type ActivationRow,
  type EntryRow,
  type NewEntry,
  type VersionRow,
} from './responsibility.repository.js';

const READ = 'responsibility:read';
const MANAGE = 'responsibility:manage';
const MAX_ENTRIES = Object.keys(CASE_CATEGORIES).length * RESPONSIBILITY_LEVELS.length;

export interface VersionView extends VersionRow {
  entries?: EntryRow[];
  activations?: ActivationRow[];
}

/**
 * The versioned responsibility list (权责清单). Versions are immutable, so their lines are cached by
 * version number for routing; which version is active is read each time (one indexed row).
 */
@Injectable()
export class ResponsibilityService implements OnApplicationBootstrap {
  private readonly cache = new Map<number, EntryRow[]>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly list: ResponsibilityRepository,
  ) {}

  /** A fresh installation starts with version 1 from the catalogue: street and district, default kinds. */
  async onApplicationBootstrap(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.list.lock(manager);
      if ((await this.list.nextVersion(manager)) !== 1) return;
      const entries: NewEntry[] = Object.entries(CASE_CATEGORIES).flatMap(([category, c]) =>
        (['street', 'district'] as const).map((level) => ({
          category,
          level,
          departmentKind: c.department,
          deadlineWorkingHours: DEFAULT_CLOCKS.normal.completion,
        })),
      );
      await this.list.insertVersion(
        manager,
        {
          version: 1,
          basedOn: null,
          reason: '初始版本：按事项目录的默认职能部门',
          createdBy: 'case',
          createdByName: '系统',
        },
        entries,
      );
      await this.list.activate(manager, 1, {
        activatedBy: 'case',
        activatedByName: '系统',
        reason: '初始版本',
        previous: null,
      });
      logger().info({ entries: entries.length }, 'responsibility list: version 1 from the catalogue');
    });
  }

  async versions(districtCode?: string): Promise<{ activeVersion: number; versions: VersionRow[] }> {
    authorize(READ);
    if (districtCode !== undefined && !/^[0-9]{6}$/.test(districtCode))
      throw DomainError.invalid('responsibility.invalid', 'A district code has 6 digits', [
        { field: 'districtCode', message: 'must be a 6-digit district code' },
      ]);
    const versions = await this.list.versions(undefined, undefined, districtCode);
    return { activeVersion: versions.find((v) => v.active)?.version ?? 0, versions };
  }

  async version(version?: number): Promise<VersionView> {
    authorize(READ);
    const number = version ?? (await this.list.activeVersion());
    const found = number === null ? null : await this.list.version(number);
    if (!found) throw notFound(version ?? 0);
    return {
      ...found,
      entries: await this.lines(found.version),
      activations: await this.list.activations(found.version),
    };
  }

  async diff(from: number, to: number): Promise<ResponsibilityDiff> {
    authorize(READ);
    for (const [field, v] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (!(await this.list.version(v))) throw notFound(v, field);
    }
    return diffEntries(await this.lines(from), await this.lines(to));
  }

  /** A new version holding the whole list as given; optionally made active in the same transaction. */
  async create(input: {
    entries: NewEntry[];
    reason: string;
    basedOn: number | null;
    activate: boolean;
    actorName: string | null;
    activationReason?: string;
  }): Promise<VersionView> {
    const actor = authorize(MANAGE);
    const entries = checkEntries(input.entries);
    const reason = checkReason(input.reason);
    const activationReason = input.activationReason?.trim()
      ? checkReason(input.activationReason, 'activationReason')
      : reason;
    const version = await this.dataSource.transaction(async (manager) => {
      await this.list.lock(manager);
      if (input.basedOn !== null && !(await this.list.version(input.basedOn, manager))) {
        throw notFound(input.basedOn, 'basedOn');
      }
      const next = await this.list.nextVersion(manager);
      await this.list.insertVersion(
        manager,
        {
          version: next,
          basedOn: input.basedOn,
          reason,
          createdBy: actor.subject,
          createdByName: input.actorName,
        },
        entries,
      );
      if (input.activate) {
        await this.list.activate(manager, next, {
          activatedBy: actor.subject,
          activatedByName: input.actorName,
          reason: activationReason,
          previous: await this.list.activeVersion(manager),
        });
      }
      return next;
    });
    logger().info({ version, activate: input.activate, entries: entries.length }, 'responsibility version');
    return { ...(await this.list.version(version))!, entries: await this.lines(version) };
  }

  async activate(input: { version: number; actorName: string | null; reason: string }): Promise<{
    version: VersionView;
    previousVersion: number;
  }> {
    const actor = authorize(MANAGE);
    const reason = checkReason(input.reason ?? '');
    const previousVersion = await this.dataSource.transaction(async (manager) => {
      await this.list.lock(manager);
      const found = await this.list.version(input.version, manager);
      if (!found) throw notFound(input.version);
      const previous = (await this.list.activeVersion(manager)) ?? 0;
      if (previous === input.version) {
        throw DomainError.conflict(
          'responsibility.already_active',
          `Version ${input.version} is already active`,
        );
      }
      await this.list.activate(manager, input.version, {
        activatedBy: actor.subject,
        activatedByName: input.actorName,
        reason,
        previous: previous || null,
      });
      return previous;
    });
    return { version: (await this.list.version(input.version))!, previousVersion };
  }

  /** For routing: the active version's number (null before the first start finished). */
  activeVersion(): Promise<number | null> {
    return this.list.activeVersion();
  }

  /** For routing and arbitration: a version's line for one category at one level. */
  async line(version: number, category: string, level: ResponsibilityLevel): Promise<EntryRow | null> {
    return (await this.lines(version)).find((e) => e.category === category && e.level === level) ?? null;
  }

  private async lines(version: number): Promise<EntryRow[]> {
    let found = this.cache.get(version);
    if (!found) {
      found = await this.list.entries(version);
      // Only versions that exist are cached (an empty answer may be a version not committed yet).
      if (found.length > 0) this.cache.set(version, found);
    }
    return found;
  }
}

function authorize(permission: string) {
  const actor = currentActor();
  if (!hasPermission(actor, permission)) {
    throw new DomainError('forbidden', 'auth.forbidden', `Needs the ${permission} permission`);
  }
  return actor;
}

function notFound(version: number, field = 'version'): DomainError {
  return new DomainError(
    'not_found',
    'responsibility.version_not_found',
    `No responsibility list version ${version}`,
    [{ field, message: `version ${version} does not exist` }],
  );
}

function checkReason(reason: string, field = 'reason'): string {
  const trimmed = reason.trim();
  if (trimmed.length < 1 || trimmed.length > 500) {
    throw DomainError.invalid('responsibility.invalid', 'Say why (1–500 characters)', [
      { field, message: 'must be 1–500 characters' },
    ]);
  }
  return trimmed;
}

/** Every line names a known category, level and department kind, hours in range, each category × level once. */
export function checkEntries(entries: NewEntry[]): NewEntry[] {
  const errors: ErrorDetail[] = [];
  if (entries.length === 0 || entries.length > MAX_ENTRIES) {
    errors.push({ field: 'entries', message: `must hold 1–${MAX_ENTRIES} lines` });
  }
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    const at = `entries[${i}]`;
    if (!(e.category in CASE_CATEGORIES))
      errors.push({ field: `${at}.category`, message: 'is not a known category' });
    if (!(RESPONSIBILITY_LEVELS as readonly string[]).includes(e.level)) {
      errors.push({ field: `${at}.level`, message: `must be one of ${RESPONSIBILITY_LEVELS.join(', ')}` });
    }
    if (!(e.departmentKind in DEPARTMENT_KINDS)) {
      errors.push({ field: `${at}.departmentKind`, message: 'is not a known department kind' });
    }
    if (
      !Number.isFinite(e.deadlineWorkingHours) ||
      e.deadlineWorkingHours <= 0 ||
      e.deadlineWorkingHours > 10_000
    ) {
      errors.push({ field: `${at}.deadlineWorkingHours`, message: 'must be more than 0 and at most 10000' });
    } else if (Math.round(e.deadlineWorkingHours * 100) !== e.deadlineWorkingHours * 100) {
      errors.push({ field: `${at}.deadlineWorkingHours`, message: 'has at most two decimals' });
    }
    const k = `${e.category}/${e.level}`;
    if (seen.has(k)) errors.push({ field: at, message: `repeats ${k}` });
    seen.add(k);
  });
  if (errors.length > 0) {
    throw DomainError.invalid(
      'responsibility.invalid',
      'The responsibility list is not valid',
      errors.slice(0, 50),
    );
  }
  return entries;
}
