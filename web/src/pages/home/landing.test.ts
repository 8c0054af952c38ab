import { describe, expect, it } from 'vitest';
import { byUrgency, formatLeft, landingOf } from './landing';

const at = (iso: string) => Date.parse(iso);
const aCase = (
  id: string,
  over: Partial<{ due: string; warn: string; overdue: boolean; created: string }>,
) => ({
  id,
  overdue: over.overdue ?? false,
  createdAt: over.created ?? '2026-01-01T00:00:00Z',
  nextDeadline: over.due
    ? { kind: 'completion', state: 'running', dueAt: over.due, warnAt: over.warn ?? null, stoppedAt: null }
    : null,
});

describe('landing pages', () => {
  it('sends each role to the page made for it; admins win over other roles', () => {
    expect(landingOf(['district_admin'])).toBe('dashboard');
    expect(landingOf(['city_admin'])).toBe('dashboard');
    expect(landingOf(['supervisor'])).toBe('supervision');
    expect(landingOf(['street_dispatcher'])).toBe('dispatcher');
    expect(landingOf(['department_handler'])).toBe('handler');
    expect(landingOf(['grid_worker'])).toBe('reporter');
    expect(landingOf(['community_worker'])).toBe('reporter');
    expect(landingOf(['grid_worker', 'district_admin'])).toBe('dashboard');
  });

  it('orders a worklist overdue first, then in warning, then by time left, clockless last', () => {
    const now = at('2026-03-01T00:00:00Z');
    const list = [
      aCase('none', {}),
      aCase('later', { due: '2026-03-05T00:00:00Z' }),
      aCase('soon', { due: '2026-03-02T00:00:00Z' }),
      aCase('warn', { due: '2026-03-04T00:00:00Z', warn: '2026-02-28T00:00:00Z' }),
      aCase('late', { due: '2026-02-27T00:00:00Z', overdue: true }),
    ];
    expect(byUrgency(list, now).map((c) => c.id)).toEqual(['late', 'warn', 'soon', 'later', 'none']);
  });

  it('writes time left in days and hours', () => {
    const u = { day: '天', hour: '小时', minute: '分钟' };
    expect(formatLeft((3 * 24 + 4) * 3_600_000, u)).toBe('3天4小时');
    expect(formatLeft(-2 * 3_600_000 - 5, u)).toBe('-2小时');
    expect(formatLeft(90_000, u)).toBe('1分钟');
  });
});
