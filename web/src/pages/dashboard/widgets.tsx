import { Badge, Card, Col, List, Row, Statistic, Table, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { UnitAssessment } from '../../api/types';
import { Chart } from '../../components/Chart';
import { DataState } from '../../components/DataState';
import { ExportButtons } from '../../components/ExportButtons';
import { labelOf, useI18n, type MessageKey } from '../../i18n/i18n';
import { formatTime, lastDays, percent } from '../../lib/dates';
import type { StreamEvent, StreamStatus } from '../../lib/event-stream';
import { useAsync, type AsyncState } from '../../lib/use-async';
import { displayText } from '../../lib/display';
import { nameOf, useNames } from '../../lib/names';
import { useCategories } from '../../lib/use-categories';
import { assessmentOf, rankings, type CaseCounts } from './data';
import type { ScopeStep } from './scope';

const RATES = ['response', 'resolution', 'satisfaction', 'onTime'] as const;

export function CaseCountsCard({ counts }: { counts: AsyncState<CaseCounts> }) {
  const { t } = useI18n();
  const cards: [MessageKey, 'intake' | 'open' | 'overdue', string][] = [
    ['dashboard.intakeToday', 'intake', '#0958d9'],
    ['dashboard.open', 'open', '#ad4e00'],
    ['dashboard.overdue', 'overdue', '#cf1322'],
  ];
  return (
    <Card size="small" title={t('dashboard.cases')}>
      <DataState loading={counts.loading} error={counts.error} onRetry={counts.reload} minHeight={70}>
        {counts.data && (
          <Row gutter={8}>
            {cards.map(([label, key, color]) => (
              <Col span={8} key={key}>
                <Statistic
                  aria-label={t(label)}
                  title={t(label)}
                  value={counts.data![key]}
                  styles={{ content: { color } }}
                />
              </Col>
            ))}
          </Row>
        )}
      </DataState>
    </Card>
  );
}

export function RatesPanel({ unit, today, version }: { unit: string; today: string; version: number }) {
  const { t } = useI18n();
  const days = useMemo(() => lastDays(7, new Date(`${today}T12:00:00+08:00`)), [today]);
  const data = useAsync(
    async (signal) => {
      const [period, ...trend] = await Promise.all([
        assessmentOf(unit, days[0], today, signal),
        ...days.map((day) => assessmentOf(unit, day, day, signal)),
      ]);
      return { period, trend };
    },
    [unit, today, version],
  );
  const label = (k: (typeof RATES)[number]) => t(`rate.${k}` as MessageKey);
  return (
    <Card size="small" title={t('dashboard.rates', { days: 7 })}>
      <DataState loading={data.loading} error={data.error} onRetry={data.reload} minHeight={200}>
        {data.data && (
          <>
            <Row gutter={8}>
              {RATES.map((k) => (
                <Col span={6} key={k}>
                  <Statistic title={label(k)} value={percent(data.data!.period?.rates[k])} />
                </Col>
              ))}
            </Row>
            <Chart
              label={t('dashboard.trend')}
              height={180}
              option={{
                tooltip: { trigger: 'axis', valueFormatter: (v) => `${Number(v).toFixed(1)}%` },
                legend: { data: RATES.map(label), bottom: 0 },
                grid: { left: 40, right: 12, top: 12, bottom: 40 },
                xAxis: { type: 'category', data: days.map((d) => d.slice(5)) },
                yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
                series: RATES.map((k) => ({
                  name: label(k),
                  type: 'line',
                  smooth: true,
                  connectNulls: false,
                  data: data.data!.trend.map((a) => {
                    const rate = a?.rates[k];
                    return rate === undefined || rate === null ? null : Math.round(rate * 1000) / 10;
                  }),
                })),
              }}
            />
          </>
        )}
      </DataState>
    </Card>
  );
}

export function Rankings({
  scope,
  level,
  from,
  to,
  names,
  version,
  onUnit,
}: {
  scope: ScopeStep;
  level: string | null;
  from: string;
  to: string;
  names: Map<string, string>;
  version: number;
  /** A ranked unit clicked: drill down into it. */
  onUnit: (step: ScopeStep) => void;
}) {
  const { t } = useI18n();
  const [tab, setTab] = useState<'units' | 'departments'>('units');
  const rankLevel = tab === 'units' ? level : 'department';
  const data = useAsync(
    (signal) => (rankLevel ? rankings(rankLevel, scope.code, from, to, signal) : Promise.resolve([])),
    [rankLevel, scope.code, from, to, version],
  );
  useNames((data.data ?? []).map((a) => a.unit));
  const unitName = (a: UnitAssessment) => displayText(names.get(a.unit) ?? nameOf(a.unit));
  const stepOf = (a: UnitAssessment): ScopeStep => ({ code: a.unit, name: unitName(a), level: a.level });
  const drillable = (a: UnitAssessment) => a.level !== 'department';
  return (
    <Card
      size="small"
      title={t('dashboard.rankings')}
      extra={
        <ExportButtons<UnitAssessment>
          name={t('export.name.rankings')}
          rows={async () => data.data ?? []}
          columns={[
            { title: t('ranking.rank'), value: (a) => a.rank },
            { title: t('ranking.name'), value: unitName },
            { title: t('ranking.score'), value: (a) => a.rates.score ?? null },
            ...RATES.map((k) => ({
              title: t(`rate.${k}` as MessageKey),
              value: (a: UnitAssessment) => percent(a.rates[k]),
            })),
          ]}
        />
      }
    >
      <Tabs
        size="small"
        activeKey={tab}
        onChange={(k) => setTab(k as 'units' | 'departments')}
        items={[
          { key: 'units', label: t(level ? (`level.${level}` as MessageKey) : 'ranking.units') },
          { key: 'departments', label: t('ranking.departments') },
        ]}
      />
      <DataState loading={data.loading} error={data.error} onRetry={data.reload} empty={!data.data?.length}>
        <Table<UnitAssessment>
          size="small"
          rowKey={(a) => `${a.level}:${a.unit}`}
          dataSource={data.data}
          pagination={{ pageSize: 6, size: 'small' }}
          onRow={(a) =>
            tab === 'units'
              ? { onClick: () => drillable(a) && onUnit(stepOf(a)), style: { cursor: 'pointer' } }
              : {}
          }
          columns={[
            { title: t('ranking.rank'), dataIndex: 'rank', width: 56 },
            {
              title: t('ranking.name'),
              render: (_, a) =>
                tab === 'units' && drillable(a) ? (
                  // A link for the keyboard; the whole row takes a click too.
                  <a
                    href="#"
                    title={a.unit}
                    onClick={(e) => {
                      e.preventDefault();
                      e.stopPropagation();
                      onUnit(stepOf(a));
                    }}
                  >
                    {unitName(a)}
                  </a>
                ) : (
                  <span title={a.unit}>{unitName(a)}</span>
                ),
            },
            { title: t('ranking.score'), render: (_, a) => a.rates.score?.toFixed(1) ?? '—', width: 70 },
            { title: t('rate.onTime'), render: (_, a) => percent(a.rates.onTime), width: 80 },
          ]}
        />
      </DataState>
    </Card>
  );
}

export function LiveFeed({ events, status }: { events: StreamEvent[]; status: StreamStatus }) {
  const { t, locale } = useI18n();
  const { categoryName } = useCategories();
  useNames(events.map((e) => ((e.data as { data?: { unitCode?: string } })?.data ?? {}).unitCode));
  const describe = (event: StreamEvent) => {
    // {id, type: case.v1.<event>, data: {caseId, state, category, unitCode …}}
    const envelope = (event.data ?? {}) as { type?: string; data?: Record<string, unknown> };
    const d = (envelope.data ?? {}) as Partial<Record<'state' | 'category' | 'unitCode' | 'caseId', string>>;
    const kind = (envelope.type ?? event.type).replace(/^case\.v1\./, '');
    return [
      labelOf(t, 'event', kind),
      d.state ? labelOf(t, 'caseState', d.state) : null,
      d.category ? categoryName(d.category) : null,
      d.unitCode ? nameOf(d.unitCode) : null,
      d.caseId ? d.caseId.slice(0, 8) : null,
    ]
      .filter(Boolean)
      .join(' · ');
  };
  return (
    <Card
      size="small"
      title={t('dashboard.feed')}
      extra={
        <Badge
          status={status === 'open' ? 'success' : status === 'error' ? 'error' : 'processing'}
          text={t(`feed.${status}` as MessageKey)}
        />
      }
    >
      <div aria-live="polite" style={{ height: 300, overflowY: 'auto' }}>
        {events.length ? (
          <List
            size="small"
            dataSource={events}
            renderItem={(event) => (
              <List.Item>
                <Typography.Text ellipsis style={{ maxWidth: '70%' }}>
                  {describe(event)}
                </Typography.Text>
                <Typography.Text type="secondary">
                  {formatTime(new Date(event.receivedAt).toISOString(), locale)}
                </Typography.Text>
              </List.Item>
            )}
          />
        ) : (
          <Typography.Paragraph type="secondary" style={{ padding: 12 }}>
            {status === 'error' ? t('feed.unavailable') : t('feed.waiting')}
          </Typography.Paragraph>
        )}
      </div>
    </Card>
  );
}
