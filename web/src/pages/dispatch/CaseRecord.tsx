import { Descriptions, Steps, Table, Tag, Typography } from 'antd';
import type { CaseClock, CaseDetail } from '../../api/types';
import { labelOf, useI18n } from '../../i18n/i18n';
import { formatTime } from '../../lib/dates';
import { displayText } from '../../lib/display';
import { formatLeft } from '../home/landing';

/** The main road of the lifecycle (docs/case-lifecycle.md); side states are shown on the step they hold. */
const ROAD = [
  'reported',
  'registered',
  'dispatched',
  'accepted',
  'in_progress',
  'resolved',
  'rated',
  'closed',
];
const HELD_AT: Record<string, string> = {
  returned: 'dispatched',
  suspended: 'in_progress',
  self_handled: 'in_progress',
  escalated: 'registered',
  joint: 'in_progress',
};

export function lifecycleStep(state: string): {
  current: number;
  status: 'process' | 'wait' | 'error' | 'finish';
} {
  const at = ROAD.indexOf(HELD_AT[state] ?? state);
  if (state === 'closed') return { current: ROAD.length - 1, status: 'finish' };
  if (state === 'returned') return { current: at, status: 'error' };
  if (state === 'suspended') return { current: at, status: 'wait' };
  return { current: Math.max(at, 0), status: 'process' };
}

/** The case's lifecycle as Steps, its clocks with time left, and the outcome (result, rating, close reason). */
export function CaseRecord({ c }: { c: CaseDetail }) {
  const { t, locale } = useI18n();
  const step = lifecycleStep(c.state);
  const now = Date.now();
  const units = { day: t('time.day'), hour: t('time.hour'), minute: t('time.minute') };
  return (
    <>
      <Steps
        size="small"
        current={step.current}
        status={step.status}
        items={ROAD.map((s) => ({ title: labelOf(t, 'caseState', s) }))}
        style={{ marginBottom: 4 }}
      />
      {c.clocks.length > 0 && (
        <Table<CaseClock>
          size="small"
          rowKey="kind"
          pagination={false}
          dataSource={c.clocks}
          columns={[
            { title: t('home.clock'), dataIndex: 'kind', render: (k: string) => labelOf(t, 'clock', k) },
            {
              title: t('case.clockState'),
              dataIndex: 'state',
              render: (s: string) => (
                <Tag color={s === 'missed' ? 'red' : s === 'running' ? 'blue' : undefined}>
                  {labelOf(t, 'clockState', s)}
                </Tag>
              ),
            },
            { title: t('case.deadline'), dataIndex: 'dueAt', render: (at: string) => formatTime(at, locale) },
            {
              title: t('case.timeLeft'),
              render: (_, k) => {
                if (k.state !== 'running') return k.stoppedAt ? formatTime(k.stoppedAt, locale) : '—';
                const left = Date.parse(k.dueAt) - now;
                const warn = k.warnAt !== null && Date.parse(k.warnAt) <= now;
                return (
                  <Typography.Text type={left < 0 ? 'danger' : warn ? 'warning' : undefined}>
                    {formatLeft(left, units)}
                  </Typography.Text>
                );
              },
            },
          ]}
        />
      )}
      {(c.result || c.rating || c.closeReason) && (
        <Descriptions size="small" column={1} bordered>
          {c.result && (
            <Descriptions.Item label={t('dispatch.result')}>{displayText(c.result)}</Descriptions.Item>
          )}
          {c.rating && (
            <Descriptions.Item label={t('dispatch.rating')}>
              {labelOf(t, 'rating', c.rating)}
            </Descriptions.Item>
          )}
          {c.closeReason && (
            <Descriptions.Item label={t('dispatch.closeReason')}>
              {labelOf(t, 'closeReason', c.closeReason)}
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
    </>
  );
}
