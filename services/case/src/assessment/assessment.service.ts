import { Inject, Injectable } from '@nestjs/common';
import { unitPathOf } from '@yiwang/contracts';
import {
  CONFIG,
  IdentityContext,
  isCalendarDay,
  isUnrestricted,
  segmentsWithin,
  type ErrorDetail,
  type Identity,
} from '@yiwang/platform';
import type { CaseConfig } from '../case.config.js';
import { SupervisionService } from '../supervision/supervision.service.js';
import type { CardRecord } from '../supervision/supervision.repository.js';
import type { AssessmentConfig } from './assessment-config.js';
import { ASSESSMENT_LEVELS, type Counts } from './assessment-fold.js';
import { computeRates, type Rates } from './assessment-rates.js';
import { AssessmentErrors } from './assessment.errors.js';
import { AssessmentRepository, type UnitCounts } from './assessment.repository.js';

export interface UnitAssessment {
  level: string;
  unit: string;
  parent: string | null;
  counts: Counts;
  rates: Rates;
  rank: number;
}

const MAX_DAYS = 3660;
/** Levels above the street are not stored: they are rolled up from streets (by code length). */
const DIVISION_LEVELS: Record<number, string> = { 2: 'province', 4: 'city', 6: 'district' };
const RANKING_LEVELS = [...ASSESSMENT_LEVELS, 'district'] as const;

/** Caller scope: null path = everything (services, city-wide admins). */
interface Scope {
  path: string[] | null;
  department: string | null;
}

@Injectable()
export class AssessmentService {
  private readonly config: AssessmentConfig;

  constructor(
    private readonly repository: AssessmentRepository,
    private readonly supervision: SupervisionService,
    @Inject(CONFIG) config: CaseConfig,
  ) {
    this.config = config.CASE_ASSESSMENT;
  }

  async get(unit: string, from: string, to: string): Promise<UnitAssessment[]> {
    checkPeriod(from, to, unit ? [] : [{ field: 'unit', message: 'is required' }]);
    const scope = currentScope();
    let totals = await this.repository.unitTotals(unit, from, to);
    const above = DIVISION_LEVELS[unit?.length ?? 0];
    if (totals.length === 0 && above && /^\d+$/.test(unit)) {
      const rolled = await this.repository.rolledUp(unit, above, from, to);
      totals = rolled ? [rolled] : [];
    }
    const visible = totals.filter((t) => this.mayRead(scope, t));
    if (totals.length > 0 && visible.length === 0) throw AssessmentErrors.outOfScope(`Unit ${unit}`);
    if (totals.length === 0 && !isDivisionInScope(scope, unit) && scope.department !== unit) {
      throw AssessmentErrors.outOfScope(`Unit ${unit}`);
    }
    return visible.map((t) => this.assess(t, 0));
  }

  async rankings(
    level: string,
    parent: string | null,
    from: string,
    to: string,
    limit: number,
  ): Promise<UnitAssessment[]> {
    const problems: ErrorDetail[] = [];
    if (!(RANKING_LEVELS as readonly string[]).includes(level)) {
      problems.push({ field: 'level', message: `must be one of ${RANKING_LEVELS.join(', ')}` });
    }
    checkPeriod(from, to, problems);
    const scope = currentScope();
    // A restricted caller ranks within its own unit unless it names a parent inside its scope.
    const within = parent || (scope.path ? scope.path[scope.path.length - 1] : null);
    if (within && !isDivisionInScope(scope, within)) throw AssessmentErrors.outOfScope(`Unit ${within}`);
    const totals =
      level === 'district'
        ? await this.repository.districtTotals(within, from, to)
        : await this.repository.levelTotals(level, within, from, to);
    const ranked = totals
      .map((t) => this.assess(t, 0))
      .sort(
        (a, b) =>
          (b.rates.score ?? -1) - (a.rates.score ?? -1) ||
          b.counts.dispatched - a.counts.dispatched ||
          a.unit.localeCompare(b.unit),
      );
    // Competition ranking: equal scores share a rank.
    ranked.forEach((entry, i) => {
      entry.rank = i > 0 && ranked[i - 1].rates.score === entry.rates.score ? ranked[i - 1].rank : i + 1;
    });
    return ranked.slice(0, Math.min(Math.max(limit || 100, 1), 1000));
  }

  async cards(query: {
    unit?: string;
    department?: string;
    caseId?: string;
    from?: string;
    to?: string;
    limit?: number;
  }): Promise<CardRecord[]> {
    const problems: ErrorDetail[] = [];
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && Number.isNaN(from.getTime()))
      problems.push({ field: 'from', message: 'must be an ISO instant' });
    if (to && Number.isNaN(to.getTime())) problems.push({ field: 'to', message: 'must be an ISO instant' });
    if (query.caseId && !/^[0-9a-f-]{36}$/i.test(query.caseId)) {
      problems.push({ field: 'caseId', message: 'must be a case id' });
    }
    if (problems.length) throw AssessmentErrors.invalidInput(problems);
    const scope = currentScope();
    if (query.unit && !isDivisionInScope(scope, query.unit))
      throw AssessmentErrors.outOfScope(`Unit ${query.unit}`);
    return this.supervision.list({
      unit: query.unit,
      department: query.department,
      caseId: query.caseId,
      from,
      to,
      limit: Math.min(Math.max(query.limit || 100, 1), 1000),
      scopeUnit:
        scope.path && scope.department !== query.department ? scope.path[scope.path.length - 1] : undefined,
    });
  }

  private assess(totals: UnitCounts, rank: number): UnitAssessment {
    return { ...totals, rates: computeRates(totals.counts, this.config), rank };
  }

  /** Units are visible inside the caller's subtree; departments to their own staff or within the district. */
  private mayRead(scope: Scope, totals: UnitCounts): boolean {
    if (!scope.path) return true;
    if (totals.level === 'department') {
      return (
        scope.department === totals.unit ||
        (totals.parent !== null && isDivisionInScope(scope, totals.parent))
      );
    }
    return isDivisionInScope(scope, totals.unit);
  }
}

function currentScope(): Scope {
  const identity: Identity | null = IdentityContext.current();
  if (!identity) throw AssessmentErrors.unauthenticated();
  const unrestricted = isUnrestricted(identity);
  if (!unrestricted && !identity.scopePath) throw AssessmentErrors.outOfScope('Everything');
  return { path: unrestricted ? null : identity.scopePath!.split('.'), department: identity.department };
}

/** True when the unit (division or grid code) lies in the caller's subtree. */
function isDivisionInScope(scope: Scope, unit: string): boolean {
  if (!scope.path) return true;
  let path: string[];
  try {
    path = unitPathOf(unit);
  } catch {
    return false;
  }
  return segmentsWithin(path, scope.path.join('.'));
}

function checkPeriod(from: string, to: string, problems: ErrorDetail[]): void {
  if (!isCalendarDay(from ?? '')) {
    problems.push({ field: 'from', message: 'must be a day as YYYY-MM-DD' });
  }
  if (!isCalendarDay(to ?? '')) {
    problems.push({ field: 'to', message: 'must be a day as YYYY-MM-DD' });
  }
  if (problems.length === 0) {
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    if (days < 0) problems.push({ field: 'to', message: 'must not be before from' });
    else if (days > MAX_DAYS) problems.push({ field: 'to', message: 'the period is at most ten years' });
  }
  if (problems.length) throw AssessmentErrors.invalidInput(problems);
}
