/** Local days in China time (UTC+8, no daylight saving): what the assessment counts by. */
export function chinaDay(at: Date = new Date(), offsetDays = 0): string {
  const shifted = new Date(at.getTime() + 8 * 3600_000 + offsetDays * 86_400_000);
  return shifted.toISOString().slice(0, 10);
}

export function lastDays(count: number, at: Date = new Date()): string[] {
  return Array.from({ length: count }, (_, i) => chinaDay(at, i - count + 1));
}

export function formatTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(locale, { timeZone: 'Asia/Shanghai', hour12: false });
}

export function percent(rate: number | undefined | null): string {
  return rate === undefined || rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}
