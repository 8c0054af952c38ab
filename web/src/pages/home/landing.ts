import type { Case } from '../../api/types';

/** The page each role lands on (issue 13): the first role in this order that the user holds decides. */
export type Landing = 'dashboard' | 'supervision' | 'dispatcher' | 'handler' | 'reporter';

const ORDER: readonly (readonly [string, Landing])[] = [
  ['city_admin', 'dashboard'],
  ['district_admin', 'dashboard'],
  ['supervisor', 'supervision'],
  ['street_dispatcher', 'dispatcher'],
  ['department_handler', 'handler'],
  ['department_system', 'handler'],
  ['community_worker', 'reporter'],
  ['grid_worker', 'reporter'],
];

export function landingOf(roles: readonly string[]): Landing {
  return ORDER.find(([role]) => roles.includes(role))?.[1] ?? 'dashboard';
}

/** Milliseconds left on the case's earliest running clock (negative when late); null when none runs. */
export function timeLeft(c: Pick<Case, 'nextDeadline'>, now: number): number | null {
  return c.nextDeadline ? Date.parse(c.nextDeadline.dueAt) - now : null;
}

/** In the warning window: the clock's warning time has passed but not its due time. */
export function warning(c: Pick<Case, 'nextDeadline' | 'overdue'>, now: number): boolean {
  const warnAt = c.nextDeadline?.warnAt;
  return !c.overdue && Boolean(warnAt) && Date.parse(warnAt!) <= now;
}

/** "3天4小时" / "-2小时" style time left, in whole hours (days when a day or more). */
export function formatLeft(ms: number, units: { day: string; hour: string; minute: string }): string {
  const sign = ms < 0 ? '-' : '';
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return `${sign}${days}${units.day}${hours ? `${hours}${units.hour}` : ''}`;
  if (hours > 0) return `${sign}${hours}${units.hour}`;
  return `${sign}${minutes % 60}${units.minute}`;
}
