// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { Case } from '../api/types';
import { alertOfCase, mergeAlerts } from './bell-alerts';
import type { CaseAlert } from './NotificationBell';

const live = (key: string, caseId: string, kind: CaseAlert['kind'] = 'overdue'): CaseAlert => ({
  key,
  kind,
  caseId,
  category: 'street_light',
  unitCode: '440106001',
  occurredAt: '2026-12-04T09:00:00.000Z',
});
const stored = (caseId: string, kind: CaseAlert['kind'] = 'deadline-warning'): CaseAlert => ({
  ...live(`case:${caseId}`, caseId, kind),
  occurredAt: '2026-12-03T09:00:00.000Z',
});

describe('mergeAlerts', () => {
  it('counts the server total plus live events about cases the loaded page did not hold', () => {
    const existing = { items: [stored('c1'), stored('c2', 'overdue'), stored('c3')], total: 57 };
    const merged = mergeAlerts(
      existing,
      [live('e3', 'c9'), live('e2', 'c2'), live('e1', 'c8', 'deadline-warning')],
      50,
    );
    // c2 is in the total already; c9 and c8 are new.
    expect(merged.count).toBe(59);
    // Live first (newest first), then the loaded cases no live event speaks of: c2 shows once, as its live event.
    expect(merged.items.map((a) => a.key)).toEqual(['e3', 'e2', 'e1', 'case:c1', 'case:c3']);
  });

  it('counts only the live events while the existing cases are not loaded, and keeps at most `keep`', () => {
    expect(mergeAlerts(null, [live('e2', 'c1'), live('e1', 'c1', 'deadline-warning')], 50).count).toBe(2);
    const existing = { items: [stored('c1'), stored('c2'), stored('c3')], total: 3 };
    const merged = mergeAlerts(existing, [live('e1', 'c4')], 2);
    expect(merged.items.map((a) => a.key)).toEqual(['e1', 'case:c1']);
    expect(merged.count).toBe(4);
    expect(mergeAlerts({ items: [], total: 0 }, [], 50)).toEqual({ items: [], count: 0 });
  });
});

describe('alertOfCase', () => {
  const base = {
    id: 'c1',
    category: 'street_light',
    unitCode: '440106001-G01',
    updatedAt: '2026-12-01T00:00:00.000Z',
    nextDeadline: {
      kind: 'handling',
      state: 'running',
      dueAt: '2026-12-04T10:00:00.000Z',
      warnAt: '2026-12-04T06:00:00.000Z',
      stoppedAt: null,
    },
  };
  it('dates an overdue case by its deadline and a warned one by its warning time', () => {
    expect(alertOfCase({ ...base, overdue: true } as unknown as Case)).toEqual({
      key: 'case:c1',
      kind: 'overdue',
      caseId: 'c1',
      category: 'street_light',
      unitCode: '440106001-G01',
      occurredAt: '2026-12-04T10:00:00.000Z',
    });
    const warned = alertOfCase({ ...base, overdue: false } as unknown as Case);
    expect([warned.kind, warned.occurredAt]).toEqual(['deadline-warning', '2026-12-04T06:00:00.000Z']);
  });
});
