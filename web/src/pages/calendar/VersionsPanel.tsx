import { Alert, App, Button, Input, Modal, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { DataState, errorText } from '../../components/DataState';
import { useT, type MessageKey, type Translate } from '../../i18n/i18n';
import { useAsync } from '../../lib/use-async';
import { ACTIVE_TAG } from './YearGrid';
import type { ActivateResult, CalendarVersions, DayChange, RecomputeJob } from './calendar-api';

const POLL_MS = 1000;
const when = (at: string | null) => (at ? new Date(at).toLocaleString('zh-CN', { hour12: false }) : '—');
export const versionLabel = (t: Translate, version: number) =>
  version === 0 ? t('calendar.version.builtin') : t('calendar.version', { version });

/** Activate a version with a reason; then follow the recompute of running deadlines. */
export function ActivateButton({
  year,
  version,
  onActivated,
}: {
  year: number;
  version: number;
  onActivated: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [job, setJob] = useState<RecomputeJob | null>(null);

  useEffect(() => {
    if (!job || job.state === 'done' || job.state === 'failed' || job.state === 'superseded') return;
    const timer = setTimeout(() => {
      api.get<RecomputeJob>('/api/v1/calendar/jobs/{id}', { params: { id: job.id } }).then(setJob, setError);
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [job]);

  const activate = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.post<ActivateResult>(
        '/api/v1/calendar/years/{year}/versions/{version}/activate',
        { params: { year: String(year), version: String(version) }, body: { reason } },
      );
      setJob(result.job);
      setOpen(false);
      message.success(t('calendar.activate.done'));
      onActivated();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)}>
        {t('calendar.activate')}
      </Button>
      {job && <JobProgress job={job} />}
      <Modal
        open={open}
        title={t('calendar.activate.confirm', { year, version })}
        onCancel={() => setOpen(false)}
        okButtonProps={{ disabled: !reason.trim(), loading: busy }}
        onOk={() => void activate()}
      >
        <Input
          aria-label={t('calendar.activate.reason')}
          placeholder={t('calendar.activate.reason')}
          value={reason}
          maxLength={500}
          onChange={(e) => setReason(e.target.value)}
        />
        {error !== null && (
          <Alert style={{ marginTop: 8 }} type="error" showIcon title={errorText(t, error)} />
        )}
      </Modal>
    </>
  );
}

function JobProgress({ job }: { job: RecomputeJob }) {
  const t = useT();
  const percent = job.total > 0 ? Math.round((job.done / job.total) * 100) : job.state === 'done' ? 100 : 0;
  return (
    <Space style={{ marginLeft: 12 }}>
      <Progress
        type="circle"
        size={28}
        percent={percent}
        status={job.state === 'failed' ? 'exception' : undefined}
      />
      <Typography.Text role="status">
        {t('calendar.job', {
          state: t(`calendar.job.${job.state}` as MessageKey),
          done: job.done,
          total: job.total,
          changed: job.changed,
        })}
      </Typography.Text>
    </Space>
  );
}

/** Every version with who loaded it, when and why; the activations; a view and a comparison per version. */
export function VersionsPanel({
  year,
  version,
  onView,
  onCompare,
}: {
  year: number;
  version: number;
  onView: (version: number) => void;
  onCompare: (from: number, to: number) => void;
}) {
  const t = useT();
  const found = useAsync(
    (signal) =>
      api.get<CalendarVersions>('/api/v1/calendar/years/{year}/versions', { params: { year }, signal }),
    [year, version],
  );
  const data = found.data;
  return (
    <DataState loading={found.loading && !data} error={found.error} onRetry={found.reload}>
      {data && (
        <Space direction="vertical" style={{ width: '100%' }} size={16}>
          <Table
            size="small"
            rowKey="version"
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            dataSource={data.items}
            columns={[
              {
                title: t('calendar.col.version'),
                render: (_, v) => (
                  <Space>
                    {versionLabel(t, v.version)}
                    {v.active ? (
                      <Tag color="green" style={ACTIVE_TAG}>
                        {t('calendar.version.active')}
                      </Tag>
                    ) : (
                      <Tag>{t('calendar.version.draft')}</Tag>
                    )}
                  </Space>
                ),
              },
              {
                title: t('calendar.col.source'),
                render: (_, v) => v.source ?? (v.loaded ? '—' : t('calendar.version.none')),
              },
              { title: t('calendar.col.reason'), render: (_, v) => v.reason ?? '—' },
              { title: t('calendar.col.by'), render: (_, v) => v.createdByName ?? v.createdBy ?? '—' },
              { title: t('calendar.col.at'), render: (_, v) => when(v.createdAt) },
              { title: t('calendar.col.daysOff'), dataIndex: 'holidayDays', align: 'right' },
              {
                title: '',
                render: (_, v) => (
                  <Space>
                    <Button size="small" onClick={() => onView(v.version)}>
                      {t('calendar.view')}
                    </Button>
                    {!v.active && (
                      <Button size="small" onClick={() => onCompare(data.activeVersion, v.version)}>
                        {t('calendar.compare')}
                      </Button>
                    )}
                  </Space>
                ),
              },
            ]}
          />
          <Typography.Title level={3} style={{ fontSize: 15, margin: 0 }}>
            {t('calendar.activations')}
          </Typography.Title>
          <Table
            size="small"
            rowKey="generation"
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            dataSource={data.activations}
            columns={[
              {
                title: t('calendar.col.change'),
                render: (_, a) => `${versionLabel(t, a.previousVersion)} → ${versionLabel(t, a.version)}`,
              },
              { title: t('calendar.col.reason'), dataIndex: 'reason' },
              { title: t('calendar.col.by'), render: (_, a) => a.activatedByName ?? a.activatedBy },
              { title: t('calendar.col.at'), render: (_, a) => when(a.activatedAt) },
            ]}
          />
        </Space>
      )}
    </DataState>
  );
}

/** The days that differ between two versions of the year. */
export function DiffPanel({
  year,
  versions,
  from,
  to,
  onChange,
}: {
  year: number;
  versions: number[];
  from: number;
  to: number;
  onChange: (from: number, to: number) => void;
}) {
  const t = useT();
  const diff = useAsync(
    (signal) =>
      api.get<{ items: DayChange[] }>('/api/v1/calendar/years/{year}/diff', {
        params: { year },
        query: { from, to },
        signal,
      }),
    [year, from, to],
  );
  const options = versions.map((v) => ({ value: v, label: versionLabel(t, v) }));
  const day = (kind: string, name: string | null) =>
    `${t(`calendar.day.${kind}` as MessageKey)}${name ? `（${name}）` : ''}`;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        {t('calendar.diff.from')}
        <Select
          aria-label={t('calendar.diff.from')}
          style={{ width: 180 }}
          value={from}
          options={options}
          onChange={(v: number) => onChange(v, to)}
        />
        {t('calendar.diff.to')}
        <Select
          aria-label={t('calendar.diff.to')}
          style={{ width: 180 }}
          value={to}
          options={options}
          onChange={(v: number) => onChange(from, v)}
        />
        {diff.data && (
          <Typography.Text type="secondary">
            {t('calendar.diff.count', { count: diff.data.items.length })}
          </Typography.Text>
        )}
      </Space>
      <DataState loading={diff.loading && !diff.data} error={diff.error} onRetry={diff.reload}>
        <Table
          size="small"
          rowKey="date"
          locale={{ emptyText: t('calendar.diff.none') }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          dataSource={diff.data?.items ?? []}
          columns={[
            { title: t('calendar.col.date'), dataIndex: 'date' },
            { title: t('calendar.col.before'), render: (_, c) => day(c.before, c.beforeName) },
            { title: t('calendar.col.after'), render: (_, c) => <b>{day(c.after, c.afterName)}</b> },
          ]}
        />
      </DataState>
    </Space>
  );
}
