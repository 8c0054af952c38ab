import { Alert, Breadcrumb, Button, Col, Row, Select, Space, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useAuth } from '../../auth/auth-context';
import { CalendarWarningBanner } from '../../components/CalendarWarningBanner';
import { errorText } from '../../components/DataState';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { chinaDay } from '../../lib/dates';
import { useEventStream, type StreamEvent } from '../../lib/event-stream';
import { useAsync } from '../../lib/use-async';
import { caseCounts, rankingLevelBelow } from './data';
import { GridShadingMap, UnitLoadChart } from './load-widgets';
import { childrenOf, stepOfGrid, useScopeTrail, type ScopeStep } from './scope';
import { CaseCountsCard, LiveFeed, Rankings, RatesPanel } from './widgets';
import type { Grid } from '../../api/types';

const FEED_SIZE = 30;
/** The stream names each event by its subject (libs/contracts case.subjects.ts). */
const CASE_EVENTS = [
  'created',
  'registered',
  'dispatched',
  'accepted',
  'returned',
  'started',
  'suspended',
  'resumed',
  'extended',
  'escalated',
  'summoned',
  'subtask-completed',
  'resolved',
  'rated',
  'reopened',
  'closed',
  'merged',
  'supervised',
  'deadline-warning',
  'overdue',
].map((e) => `case.v1.${e}`);
/** Counts and rates refresh at most this often while events stream in. */
const REFRESH_MS = 2000;

/** 一屏观天下: the user's scope at a glance, drilling down district → street → community → grid. */
export default function DashboardPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const { trail, current, drill, back, error, retry } = useScopeTrail();
  const today = chinaDay();
  const monthAgo = chinaDay(new Date(), -29);
  const [version, setVersion] = useState(0);
  const [events, setEvents] = useState<StreamEvent[]>([]);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  const onEvent = useCallback((event: StreamEvent) => {
    setEvents((list) => [event, ...list].slice(0, FEED_SIZE));
    pending.current ??= setTimeout(() => {
      pending.current = null;
      setVersion((v) => v + 1);
    }, REFRESH_MS);
  }, []);
  useEffect(() => () => clearTimeout(pending.current ?? undefined), []);
  const status = useEventStream(can('case:read'), onEvent, CASE_EVENTS);

  const counts = useAsync(
    (signal) => (current ? caseCounts(current.code, today, signal) : Promise.reject(new Error())),
    [current?.code, today, version],
  );
  const children = useAsync(() => (current ? childrenOf(current) : Promise.resolve([])), [current?.code]);
  const names = useMemo(() => new Map((children.data ?? []).map((c) => [c.code, c.name])), [children.data]);
  // A grid clicked on the map: one level down towards it (street → community → grid), as codes nest.
  const towardGrid = (grid: Grid) => {
    const next: ScopeStep | undefined =
      current?.level === 'community'
        ? stepOfGrid(grid)
        : children.data?.find((c) => grid.code.startsWith(c.code));
    drill(next ?? stepOfGrid(grid));
  };

  if (error)
    return (
      <Alert
        type="error"
        showIcon
        title={errorText(t, error)}
        action={<Button onClick={retry}>{t('state.retry')}</Button>}
      />
    );
  if (!current) return null;
  return (
    <>
      <CalendarWarningBanner />
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
          {t('dashboard.title')}
        </Typography.Title>
        <Space wrap>
          <Breadcrumb
            items={trail.map((step, i) => ({
              key: step.code,
              title:
                i < trail.length - 1 ? (
                  <a
                    href="#"
                    onClick={(e) => {
                      e.preventDefault();
                      back(i);
                    }}
                  >
                    {step.name}
                  </a>
                ) : (
                  step.name
                ),
            }))}
          />
          {current.level !== 'grid' && (
            <Select
              aria-label={t('dashboard.drill')}
              placeholder={t('dashboard.drillTo', {
                level: t(`level.${rankingLevelBelow(current.level) ?? 'grid'}` as MessageKey),
              })}
              style={{ width: 200 }}
              showSearch={{ optionFilterProp: 'label' }}
              loading={children.loading}
              value={null}
              options={(children.data ?? []).map((c) => ({ value: c.code, label: c.name }))}
              onChange={(code: string) => {
                const step = children.data?.find((c) => c.code === code);
                if (step) drill(step);
              }}
              notFoundContent={children.error ? errorText(t, children.error) : undefined}
            />
          )}
        </Space>
      </Space>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={10}>
          <Space direction="vertical" style={{ width: '100%' }} size={12}>
            <CaseCountsCard counts={counts} />
            <UnitLoadChart scope={current} counts={counts} names={names} onUnit={drill} />
            {/* Widgets follow the permissions the server checks: no panel that could only say 403. */}
            {can('assessment:read') && <RatesPanel unit={current.code} today={today} version={version} />}
          </Space>
        </Col>
        <Col xs={24} xl={14}>
          <GridShadingMap scope={current} counts={counts} onGrid={towardGrid} />
        </Col>
        {can('assessment:read') && (
          <Col xs={24} xl={12}>
            <Rankings
              scope={current}
              level={rankingLevelBelow(current.level)}
              from={monthAgo}
              to={today}
              names={names}
              version={version}
              onUnit={drill}
            />
          </Col>
        )}
        <Col xs={24} xl={can('assessment:read') ? 12 : 24}>
          <LiveFeed events={events} status={status} />
        </Col>
      </Row>
    </>
  );
}
