import { Alert } from 'antd';
import { Link } from 'react-router';
import { api } from '../api/client';
import { useAuth } from '../auth/auth-context';
import { useT } from '../i18n/i18n';
import { useAsync } from '../lib/use-async';
import type { CalendarStatus } from '../pages/calendar/calendar-api';

/**
 * For admins who can load the calendar: from 1 November, while next year's State Council holiday
 * arrangement is missing, deadlines that reach into it are provisional. Shows nothing otherwise.
 */
export function CalendarWarningBanner() {
  const t = useT();
  const { can } = useAuth();
  const manage = can('calendar:manage');
  const status = useAsync(
    (signal) =>
      manage ? api.get<CalendarStatus>('/api/v1/calendar/status', { signal }) : Promise.resolve(null),
    [manage],
  );
  const s = status.data;
  if (!s?.nextYearMissing) return null;
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      style={{ marginBottom: 12 }}
      title={t('calendar.banner', {
        year: s.nextYear,
        days: s.daysUntilNextYear,
        clocks: s.provisionalClocks,
      })}
      action={<Link to="/calendar">{t('calendar.banner.action')}</Link>}
    />
  );
}
