import type { EntryRow, NewEntry } from './responsibility.repository.js';

export interface ResponsibilityChange {
  category: string;
  level: string;
  change: 'added' | 'removed' | 'changed';
  before: { departmentKind: string; deadlineWorkingHours: number } | null;
  after: { departmentKind: string; deadlineWorkingHours: number } | null;
}

export interface ResponsibilityDiff {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  changes: ResponsibilityChange[];
}

const key = (e: Pick<NewEntry, 'category' | 'level'>) => `${e.category}\u0000${e.level}`;
const facts = (e: NewEntry) => ({
  departmentKind: e.departmentKind,
  deadlineWorkingHours: e.deadlineWorkingHours,
});

/** Line by line (category × level): what a newer version adds, drops or changes; sorted by category, level. */
export function diffEntries(from: readonly EntryRow[], to: readonly EntryRow[]): ResponsibilityDiff {
  const before = new Map(from.map((e) => [key(e), e]));
  const after = new Map(to.map((e) => [key(e), e]));
  const changes: ResponsibilityChange[] = [];
  let unchanged = 0;
  for (const [k, old] of before) {
    const now = after.get(k);
    if (!now) {
      changes.push({
        category: old.category,
        level: old.level,
        change: 'removed',
        before: facts(old),
        after: null,
      });
    } else if (
      now.departmentKind !== old.departmentKind ||
      now.deadlineWorkingHours !== old.deadlineWorkingHours
    ) {
      changes.push({
        category: old.category,
        level: old.level,
        change: 'changed',
        before: facts(old),
        after: facts(now),
      });
    } else {
      unchanged += 1;
    }
  }
  for (const [k, now] of after) {
    if (!before.has(k)) {
      changes.push({
        category: now.category,
        level: now.level,
        change: 'added',
        before: null,
        after: facts(now),
      });
    }
  }
  changes.sort((a, b) => a.category.localeCompare(b.category) || a.level.localeCompare(b.level));
  const count = (c: ResponsibilityChange['change']) => changes.filter((x) => x.change === c).length;
  return { added: count('added'), removed: count('removed'), changed: count('changed'), unchanged, changes };
}
