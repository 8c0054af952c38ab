import { App, Button, Card, Popconfirm, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { useAuth } from '../../auth/auth-context';
import { DataState, errorText } from '../../components/DataState';
import { ExportButtons } from '../../components/ExportButtons';
import { useT } from '../../i18n/i18n';
import { useAsync } from '../../lib/use-async';
import { DiffPanel } from './DiffPanel';
import { EntriesPanel } from './EntriesPanel';
import type {
  ActivateResult,
  ResponsibilityVersion,
  ResponsibilityVersions,
  VersionSummary,
} from './responsibility-api';

const when = (at: string | null) => (at ? new Date(at).toLocaleString('zh-CN', { hour12: false }) : '—');
// Ant's default green tag text is below 4.5:1 on its background; the darker text keeps the contrast.
const ACTIVE_TAG = { color: '#135200' };

/** 权责清单: its versions (who, when, why, how many cases use each), one version's lines, and a diff. */
export default function ResponsibilityPage() {
  const t = useT();
  const { can } = useAuth();
  const { message } = App.useApp();
  const manage = can('responsibility:manage');
  const [reload, setReload] = useState(0);
  const [shown, setShown] = useState<number | null>(null);
  const [tab, setTab] = useState('entries');
  const [compare, setCompare] = useState<[number, number] | null>(null);

  const versions = useAsync(
    (signal) => api.get<ResponsibilityVersions>('/api/v1/responsibilities/versions', { signal }),
    [reload],
  );
  const list = versions.data;
  useEffect(() => {
    if (!list || list.items.length === 0) return;
    if (shown === null) setShown(list.activeVersion);
    if (compare === null) {
      const older = list.items.find((v) => v.version !== list.activeVersion)?.version ?? list.activeVersion;
      setCompare([Math.min(older, list.activeVersion), Math.max(older, list.activeVersion)]);
    }
  }, [list, shown, compare]);
  const detail = useAsync(
    (signal) =>
      shown === null
        ? Promise.resolve(null)
        : api.get<ResponsibilityVersion>('/api/v1/responsibilities/versions/{version}', {
            params: { version: shown },
            signal,
          }),
    [shown, reload],
  );

  const activate = async (version: number) => {
    try {
      await api.post<ActivateResult>('/api/v1/responsibilities/versions/{version}/activate', {
        params: { version: String(version) },
      });
      message.success(t('responsibility.activate.done', { version }));
      setReload((r) => r + 1);
    } catch (e) {
      message.error(errorText(t, e));
    }
  };

  const current = detail.data;
  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 20, margin: '0 0 8px' }}>
        {t('responsibility.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('responsibility.help')}</Typography.Paragraph>
      <Card
        size="small"
        title={t('responsibility.versions')}
        extra={
          <ExportButtons<VersionSummary>
            name={t('responsibility.export.versions')}
            rows={async () => list?.items ?? []}
            columns={[
              { title: t('responsibility.col.version'), value: (v) => v.version },
              {
                title: t('responsibility.col.status'),
                value: (v) => t(v.active ? 'responsibility.active' : 'responsibility.inactive'),
              },
              { title: t('responsibility.col.reason'), value: (v) => v.reason },
              { title: t('responsibility.col.by'), value: (v) => v.createdByName ?? v.createdBy },
              { title: t('responsibility.col.at'), value: (v) => when(v.createdAt) },
              { title: t('responsibility.col.entries'), value: (v) => v.entryCount },
              { title: t('responsibility.col.cases'), value: (v) => v.caseCount },
            ]}
          />
        }
      >
        <DataState loading={versions.loading && !list} error={versions.error} onRetry={versions.reload}>
          <Table<VersionSummary>
            size="small"
            rowKey="version"
            dataSource={list?.items ?? []}
            pagination={{ pageSize: 8, showSizeChanger: false, hideOnSinglePage: true }}
            rowClassName={(v) => (v.version === shown ? 'ant-table-row-selected' : '')}
            columns={[
              {
                title: t('responsibility.col.version'),
                render: (_, v) => (
                  <Space>
                    {t('responsibility.version', { version: v.version })}
                    {v.active ? (
                      <Tag color="green" style={ACTIVE_TAG}>
                        {t('responsibility.active')}
                      </Tag>
                    ) : (
                      <Tag>{t('responsibility.inactive')}</Tag>
                    )}
                  </Space>
                ),
              },
              {
                title: t('responsibility.col.basedOn'),
                render: (_, v) => (v.basedOn ? t('responsibility.version', { version: v.basedOn }) : '—'),
              },
              { title: t('responsibility.col.reason'), dataIndex: 'reason' },
              { title: t('responsibility.col.by'), render: (_, v) => v.createdByName ?? v.createdBy },
              { title: t('responsibility.col.at'), render: (_, v) => when(v.createdAt) },
              { title: t('responsibility.col.activatedAt'), render: (_, v) => when(v.activatedAt) },
              { title: t('responsibility.col.entries'), dataIndex: 'entryCount', align: 'right' },
              { title: t('responsibility.col.cases'), dataIndex: 'caseCount', align: 'right' },
              {
                title: '',
                render: (_, v) => (
                  <Space>
                    <Button size="small" onClick={() => (setShown(v.version), setTab('entries'))}>
                      {t('responsibility.view')}
                    </Button>
                    {list && v.version !== list.activeVersion && (
                      <Button
                        size="small"
                        onClick={() => {
                          setCompare([
                            Math.min(v.version, list.activeVersion),
                            Math.max(v.version, list.activeVersion),
                          ]);
                          setTab('diff');
                        }}
                      >
                        {t('responsibility.compare')}
                      </Button>
                    )}
                    {manage && !v.active && (
                      <Popconfirm
                        title={t('responsibility.activate.confirm', { version: v.version })}
                        onConfirm={() => void activate(v.version)}
                      >
                        <Button size="small" type="primary">
                          {t('responsibility.activate')}
                        </Button>
                      </Popconfirm>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        </DataState>
      </Card>
      <Card size="small" style={{ marginTop: 12 }}>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'entries',
              label: current
                ? t('responsibility.tab.entriesOf', { version: current.version })
                : t('responsibility.tab.entries'),
              children: (
                <DataState loading={detail.loading && !current} error={detail.error} onRetry={detail.reload}>
                  {current && <EntriesPanel version={current} />}
                </DataState>
              ),
            },
            {
              key: 'diff',
              label: t('responsibility.tab.diff'),
              children: compare && list && (
                <DiffPanel
                  versions={list.items.map((v) => v.version)}
                  from={compare[0]}
                  to={compare[1]}
                  onChange={(from, to) => setCompare([from, to])}
                />
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
