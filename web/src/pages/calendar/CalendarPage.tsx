import { ImportOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client';
import { useAuth } from '../../auth/auth-context';
import { CalendarWarningBanner } from '../../components/CalendarWarningBanner';
import { DataState } from '../../components/DataState';
import { ExportButtons } from '../../components/ExportButtons';
import { useT, type MessageKey } from '../../i18n/i18n';
import { useAsync } from '../../lib/use-async';
import type { CalendarYear, CalendarYears, YearSummary } from './calendar-api';
import { LoadDialog } from './LoadDialog';
import { ActivateButton, DiffPanel, VersionsPanel, versionLabel } from './VersionsPanel';
import { ACTIVE_TAG, daysBetween, YearGrid } from './YearGrid';

const STATUS_COLOR = { builtin: 'default', loaded: 'green', missing: 'red' } as const;

/** 节假日日历: the years of the State Council's arrangement deadlines count on; load, review and activate. */
export default function CalendarPage() {
  const t = useT();
  const { can } = useAuth();
  const manage = can('calendar:manage');
  const [version, setVersion] = useState(0);
  const [year, setYear] = useState<number | null>(null);
  const [shown, setShown] = useState<number | undefined>(undefined);
  const [tab, setTab] = useState('grid');
  const [compare, setCompare] = useState<[number, number]>([0, 0]);
  const [status, setStatus] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const years = useAsync((signal) => api.get<CalendarYears>('/api/v1/calendar/years', { signal }), [version]);
  useEffect(() => {
    if (year === null && years.data) setYear(years.data.status.nextYear - 1);
  }, [year, years.data]);
  const detail = useAsync(
    (signal) =>
      year === null
        ? Promise.resolve(null)
        : api.get<CalendarYear>('/api/v1/calendar/years/{year}', {
            params: { year },
            query: { version: shown },
            signal,
          }),
    [year, shown, version],
  );
  const rows = useMemo(
    () => (years.data?.items ?? []).filter((y) => !status || y.status === status),
    [years.data, status],
  );
  const summary = years.data?.items.find((y) => y.year === year);
  const versionNumbers = summary
    ? [...Array.from({ length: summary.latestVersion }, (_, i) => summary.latestVersion - i), 0]
    : [0];
  const select = (y: number) => {
    setYear(y);
    setShown(undefined);
    setTab('grid');
  };
  const current = detail.data;

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
          {t('calendar.title')}
        </Typography.Title>
        {manage && (
          <Button type="primary" icon={<ImportOutlined />} onClick={() => setLoading(true)}>
            {t('calendar.load')}
          </Button>
        )}
      </Space>
      <CalendarWarningBanner key={version} />
      <Typography.Paragraph type="secondary">{t('calendar.help')}</Typography.Paragraph>
      <Row gutter={12}>
        <Col xs={24} xl={7}>
          <Card
            size="small"
            title={t('calendar.years')}
            extra={
              <ExportButtons<YearSummary>
                name={t('export.name.calendarYears')}
                rows={async () => rows}
                columns={[
                  { title: t('calendar.col.year'), value: (y) => y.year },
                  {
                    title: t('calendar.col.status'),
                    value: (y) => t(`calendar.status.${y.status}` as MessageKey),
                  },
                  { title: t('calendar.col.version'), value: (y) => y.activeVersion },
                  { title: t('calendar.col.daysOff'), value: (y) => y.holidayDays },
                  { title: t('calendar.col.workdays'), value: (y) => y.workdays },
                ]}
              />
            }
          >
            <Select
              allowClear
              aria-label={t('calendar.filter.status')}
              placeholder={t('calendar.filter.status')}
              style={{ width: '100%', marginBottom: 8 }}
              value={status}
              onChange={(v: string | undefined) => setStatus(v ?? null)}
              options={(['builtin', 'loaded', 'missing'] as const).map((s) => ({
                value: s,
                label: t(`calendar.status.${s}`),
              }))}
            />
            <DataState loading={years.loading && !years.data} error={years.error} onRetry={years.reload}>
              <Table
                size="small"
                rowKey="year"
                dataSource={rows}
                pagination={{ pageSize: 10, showSizeChanger: false }}
                onRow={(y) => ({ onClick: () => select(y.year), style: { cursor: 'pointer' } })}
                rowClassName={(y) => (y.year === year ? 'ant-table-row-selected' : '')}
                columns={[
                  { title: t('calendar.col.year'), dataIndex: 'year' },
                  {
                    title: t('calendar.col.status'),
                    render: (_, y) => (
                      <Tag
                        color={STATUS_COLOR[y.status]}
                        style={y.status === 'loaded' ? ACTIVE_TAG : undefined}
                      >
                        {t(`calendar.status.${y.status}` as MessageKey)}
                      </Tag>
                    ),
                  },
                  { title: t('calendar.col.version'), render: (_, y) => `v${y.activeVersion}` },
                  { title: t('calendar.col.daysOff'), dataIndex: 'holidayDays', align: 'right' },
                  { title: t('calendar.col.workdays'), dataIndex: 'workdays', align: 'right' },
                ]}
              />
            </DataState>
          </Card>
        </Col>
        <Col xs={24} xl={17}>
          {year !== null && (
            <Card
              size="small"
              title={
                <Space wrap>
                  {t('calendar.year', { year })}
                  {current && versionLabel(t, current.version)}
                  {current &&
                    (current.active ? (
                      <Tag color="green" style={ACTIVE_TAG}>
                        {t('calendar.version.active')}
                      </Tag>
                    ) : (
                      <Tag color="orange">{t('calendar.version.draft')}</Tag>
                    ))}
                  {current?.source && <Typography.Text type="secondary">{current.source}</Typography.Text>}
                </Space>
              }
              extra={
                current && (
                  <Space>
                    {manage && !current.active && (
                      <ActivateButton
                        year={current.year}
                        version={current.version}
                        onActivated={() => setVersion((v) => v + 1)}
                      />
                    )}
                    {current.loaded && (
                      <ExportButtons<{ name: string; kind: string; from: string; to: string; days: number }>
                        name={`${t('export.name.calendar')}-${current.year}-v${current.version}`}
                        rows={async () => [
                          ...current.holidays.map((h) => ({
                            ...h,
                            kind: t('calendar.day.holiday'),
                            days: daysBetween(h.from, h.to),
                          })),
                          ...current.workdays.map((w) => ({
                            name: w.holiday ?? '',
                            kind: t('calendar.day.workday'),
                            from: w.date,
                            to: w.date,
                            days: 1,
                          })),
                        ]}
                        columns={[
                          {
                            title: t('calendar.col.date'),
                            value: (r) => (r.from === r.to ? r.from : `${r.from}~${r.to}`),
                          },
                          { title: t('calendar.col.change'), value: (r) => r.kind },
                          { title: t('calendar.holidays'), value: (r) => r.name },
                          { title: t('calendar.col.daysOff'), value: (r) => r.days },
                        ]}
                      />
                    )}
                  </Space>
                )
              }
            >
              <Tabs
                activeKey={tab}
                onChange={setTab}
                items={[
                  {
                    key: 'grid',
                    label: t('calendar.tab.grid'),
                    children: (
                      <DataState
                        loading={detail.loading && !current}
                        error={detail.error}
                        onRetry={detail.reload}
                      >
                        {current && <YearGrid version={current} />}
                      </DataState>
                    ),
                  },
                  {
                    key: 'versions',
                    label: t('calendar.tab.versions'),
                    children: (
                      <VersionsPanel
                        year={year}
                        version={version}
                        onView={(v) => {
                          setShown(v);
                          setTab('grid');
                        }}
                        onCompare={(from, to) => {
                          setCompare([from, to]);
                          setTab('diff');
                        }}
                      />
                    ),
                  },
                  {
                    key: 'diff',
                    label: t('calendar.tab.diff'),
                    children: (
                      <DiffPanel
                        year={year}
                        versions={versionNumbers}
                        from={compare[0]}
                        to={compare[1]}
                        onChange={(from, to) => setCompare([from, to])}
                      />
                    ),
                  },
                ]}
              />
            </Card>
          )}
        </Col>
      </Row>
      <LoadDialog
        open={loading}
        onClose={() => setLoading(false)}
        onLoaded={(result) => {
          setLoading(false);
          setYear(result.version.year);
          setShown(result.version.version);
          setTab('grid');
          setVersion((v) => v + 1);
        }}
      />
    </>
  );
}
