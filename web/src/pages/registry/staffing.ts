import type { Grid, GridType, StaffingReport } from '../../api/types';
import type { MessageKey } from '../../i18n/i18n';

export type Shortfall = StaffingReport['belowStandard'][number];
type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const active = (grid: Grid) => grid.staff.filter((s) => !s.until);

/** Current staff by role, counted as the server's staffing rule counts them (a head is not full-time). */
export const staffingOf = (grid: Grid) => ({
  head: active(grid).some((s) => s.role === 'head'),
  fullTime: active(grid).filter((s) => s.role === 'full_time').length,
  partTime: active(grid).filter((s) => s.role === 'part_time').length,
});

/**
 * Why a grid is 配置未达标, from the server's staffing report: the "1+3+N" rule of its type (one grid
 * head, at least the type's full-time and part-time workers) and by how many people each part falls short.
 */
export function shortfallReasons(row: Shortfall, t: Translate): string[] {
  const reasons: string[] = [];
  if (!row.hasHead) reasons.push(t('staffing.noHead'));
  if (row.fullTime < row.minFullTime)
    reasons.push(
      t('staffing.fullTimeShort', {
        have: row.fullTime,
        need: row.minFullTime,
        gap: row.minFullTime - row.fullTime,
      }),
    );
  if (row.partTime < row.minPartTime)
    reasons.push(
      t('staffing.partTimeShort', {
        have: row.partTime,
        need: row.minPartTime,
        gap: row.minPartTime - row.partTime,
      }),
    );
  return reasons;
}

/** The same rule for one grid against its type's standard (where no report covers it): null when met. */
export function shortfallOf(grid: Grid, type: GridType | undefined): Shortfall | null {
  if (!type) return null;
  const s = staffingOf(grid);
  const short = !s.head || s.fullTime < type.minFullTime || s.partTime < type.minPartTime;
  return short
    ? {
        gridCode: grid.code,
        gridName: grid.name,
        type: grid.type,
        hasHead: s.head,
        fullTime: s.fullTime,
        partTime: s.partTime,
        minFullTime: type.minFullTime,
        minPartTime: type.minPartTime,
      }
    : null;
}
