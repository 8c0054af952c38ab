import { Card, Col, Empty, Row, Space, Tag, Tooltip, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { useT } from '../../i18n/i18n';
import type { CalendarYear } from './calendar-api';

const DAY_MS = 86_400_000;
/** Ant Design's green tag text is too light on its background (axe color-contrast); a darker green. */
export const ACTIVE_TAG = { color: '#135200' };

export interface DayMark {
  kind: 'holiday' | 'workday';
  name: string | null;
}

/** The version's marked days, by date (YYYY-MM-DD). */
export function marksOf(version: CalendarYear): Map<string, DayMark> {
  const marks = new Map<string, DayMark>();
  for (const h of version.holidays) {
    for (let t = Date.parse(`${h.from}T00:00:00Z`); t <= Date.parse(`${h.to}T00:00:00Z`); t += DAY_MS) {
      marks.set(new Date(t).toISOString().slice(0, 10), { kind: 'holiday', name: h.name });
    }
  }
  for (const w of version.workdays) marks.set(w.date, { kind: 'workday', name: w.holiday });
  return marks;
}

export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;

const cell: CSSProperties = {
  width: '14.28%',
  textAlign: 'center',
  padding: '2px 0',
  fontSize: 12,
  lineHeight: '18px',
  borderRadius: 3,
};
const styles = {
  holiday: { ...cell, background: '#fff1f0', color: '#a8071a', fontWeight: 600 },
  workday: { ...cell, background: '#e6f4ff', color: '#003eb3', fontWeight: 600 },
  weekend: { ...cell, color: '#595959', background: '#f5f5f5' },
  normal: cell,
};

function Month({ year, month, marks }: { year: number; month: number; marks: Map<string, DayMark> }) {
  const t = useT();
  const first = Date.UTC(year, month - 1, 1);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (new Date(first).getUTCDay() + 6) % 7; // weeks start on Monday
  const cells: Array<string | null> = [...Array<null>(lead).fill(null)];
  for (let d = 1; d <= days; d++) cells.push(new Date(first + (d - 1) * DAY_MS).toISOString().slice(0, 10));
  while (cells.length % 7) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));
  return (
    <Card size="small" title={t('calendar.month', { month })} styles={{ body: { padding: 6 } }}>
      <table style={{ width: '100%', borderCollapse: 'separate', borderSpacing: 1 }}>
        <thead>
          <tr>
            {t('calendar.weekday')
              .split(',')
              .map((w) => (
                <th key={w} style={{ ...cell, color: '#595959', fontWeight: 400 }}>
                  {w}
                </th>
              ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week, i) => (
            <tr key={i}>
              {week.map((date, j) => {
                if (!date) return <td key={j} style={cell} />;
                const mark = marks.get(date);
                const style = mark ? styles[mark.kind] : j >= 5 ? styles.weekend : styles.normal;
                const label = mark
                  ? `${date} ${mark.kind === 'holiday' ? t('calendar.legend.holidayLong') : t('calendar.legend.workdayLong')}${mark.name ? `（${mark.name}）` : ''}`
                  : date;
                return (
                  <Tooltip key={j} title={mark ? label : undefined}>
                    <td style={style} aria-label={label} data-day={date} data-kind={mark?.kind ?? 'none'}>
                      {Number(date.slice(8))}
                      {mark && (
                        <sup style={{ fontSize: 9, marginLeft: 1 }}>
                          {mark.kind === 'holiday'
                            ? t('calendar.legend.holiday')
                            : t('calendar.legend.workday')}
                        </sup>
                      )}
                    </td>
                  </Tooltip>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

/** A year at a glance: twelve months, days off in red (休), adjusted working days in blue (班), names listed. */
export function YearGrid({ version }: { version: CalendarYear }) {
  const t = useT();
  const marks = marksOf(version);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Space wrap>
        <Tag color="red">
          {t('calendar.legend.holiday')} = {t('calendar.legend.holidayLong')}
        </Tag>
        <Tag color="blue">
          {t('calendar.legend.workday')} = {t('calendar.legend.workdayLong')}
        </Tag>
        <Tag>{t('calendar.legend.weekend')}</Tag>
      </Space>
      {!version.loaded && <Empty description={t('calendar.version.none')} />}
      <Row gutter={[8, 8]}>
        {Array.from({ length: 12 }, (_, i) => (
          <Col key={i} xs={24} sm={12} lg={8} xxl={6}>
            <Month year={version.year} month={i + 1} marks={marks} />
          </Col>
        ))}
      </Row>
      {version.loaded && (
        <Row gutter={12}>
          <Col xs={24} lg={14}>
            <Typography.Title level={3} style={{ fontSize: 15 }}>
              {t('calendar.holidays')}
            </Typography.Title>
            <ul style={{ paddingLeft: 20, margin: 0 }}>
              {version.holidays.map((h) => (
                <li key={h.from}>
                  <b>{h.name}</b>：
                  {t('calendar.range', { from: h.from, to: h.to, days: daysBetween(h.from, h.to) })}
                </li>
              ))}
            </ul>
          </Col>
          <Col xs={24} lg={10}>
            <Typography.Title level={3} style={{ fontSize: 15 }}>
              {t('calendar.workdays')}
            </Typography.Title>
            <ul style={{ paddingLeft: 20, margin: 0 }}>
              {version.workdays.map((w) => (
                <li key={w.date}>
                  {w.date}
                  {w.holiday ? `（${w.holiday}）` : ''}
                </li>
              ))}
            </ul>
          </Col>
        </Row>
      )}
    </Space>
  );
}
