import { App, Button, Card, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { useAuth } from '../../auth/auth-context';
import { DataState, errorText } from '../../components/DataState';
import { ExportButtons } from '../../components/ExportButtons';
import { useT } from '../../i18n/i18n';
import { useAsync } from '../../lib/use-async';
import { ActivateDialog } from './ActivateDialog';
import { DiffPanel } from './DiffPanel';
import { EntriesPanel } from './EntriesPanel';
import { useDistricts } from './use-districts';
import { VersionEditor } from './VersionEditor';
import type {
  ActivateResult,
  ResponsibilityActivation,
  ResponsibilityVersion,
  ResponsibilityVersions,
  VersionSummary,
} from './responsibility-api';

const when = (at: string | null) => (at ? new Date(at).toLocaleString('zh-CN', { hour12: false }) : '—');
// Ant's default green tag text is below 4.5:1 on its background; the darker text keeps the contrast.
const ACTIVE_TAG = { color: '#135200' };

/** Every activation of the version shown: when, by whom, why, and which version it replaced. */
function ActivationsTable({ version }: { version: ResponsibilityVersion }) {
  const t = useT();
  return (
    <>
      <Typography.Title level={3} style={{ fontSize: 16, margin: '16px 0 8px' }}>
        {t('responsibility.activations')}
      </Typography.Title>
      <Table<ResponsibilityActivation>
        size="small"
        rowKey={(a) => a.activatedAt}
        dataSource={version.activations}
        locale={{ emptyText: t('responsibility.activations.none') }}
        pagination={{ pageSize: 5, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          { title: t('responsibility.col.activatedAt'), render: (_, a) => when(a.activatedAt) },
          { title: t('responsibility.col.by'), render: (_, a) => a.activatedByName ?? a.activatedBy },
          { title: t('responsibility.col.activationReason'), dataIndex: 'reason' },
          {
            title: t('responsibility.col.previous'),
            render: (_, a) =>
              a.previousVersion ? t('responsibility.version', { version: a.previousVersion }) : '—',
          },
        ]}
      />
    </>
  );
}

/** 权责清单: its versions (who, when, why, how many cases use each), one version's lines, and a diff. */
export default function ResponsibilityPage() {
  const t = useT();
  const { can, scopeUnit } = useAuth();
  const { message } = App.useApp();
  const manage = can('responsibility:manage');
  const [reload, setReload] = useState(0);
  const [shown, setShown] = useState<number | null>(null);
  const [tab, setTab] = useState('entries');
  const [compare, setCompare] = useState<[number, number] | null>(null);
  const [editing, setEditing] = useState(false);
  const [activating, setActivating] = useState<number | null>(null);
  const districts = useDistricts(scopeUnit);
  const [district, setDistrict] = useState<string | null>(null);
  useEffect(() => {
    // A district's admin sees their own district's use of each version first.
    if (district === null && scopeUnit && scopeUnit.length >= 6) setDistrict(scopeUnit.slice(0, 6));
  }, [scopeUnit, district]);

  const versions = useAsync(
    (signal) =>
      api.get<ResponsibilityVersions>('/api/v1/responsibilities/versions', {
        query: { district: district ?? undefined },
        signal,
      }),
    [reload, district],
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

  const activate = async (version: number, reason: string) => {
    try {
      await api.post<ActivateResult>('/api/v1/responsibilities/versions/{version}/activate', {
        params: { version: String(version) },
        body: { reason },
      });
      message.success(t('responsibility.activate.done', { version }));
      setActivating(null);
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
          <Space wrap>
            <Select
              allowClear
              aria-label={t('responsibility.filter.district')}
              placeholder={t('responsibility.filter.district')}
              style={{ width: 180 }}
              value={district}
              onChange={(v: string | undefined) => setDistrict(v ?? null)}
              options={(districts.data ?? []).map((u) => ({ value: u.code, label: u.name }))}
            />
            {manage && (
              <Button type="primary" disabled={!current} onClick={() => setEditing(true)}>
                {t('responsibility.editor.open', { version: current?.version ?? 0 })}
              </Button>
            )}
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
                { title: t('responsibility.col.activatedAt'), value: (v) => when(v.activatedAt) },
                { title: t('responsibility.col.activationReason'), value: (v) => v.activationReason ?? '' },
                { title: t('responsibility.col.entries'), value: (v) => v.entryCount },
                { title: t('responsibility.col.cases'), value: (v) => v.caseCount },
              ]}
            />
          </Space>
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
              {
                title: t('responsibility.col.activationReason'),
                render: (_, v) => v.activationReason ?? '—',
              },
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
                      <Button size="small" type="primary" onClick={() => setActivating(v.version)}>
                        {t('responsibility.activate')}
                      </Button>
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
                  {current && <ActivationsTable version={current} />}
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
      <ActivateDialog version={activating} onCancel={() => setActivating(null)} onConfirm={activate} />
      <VersionEditor
        base={current ?? null}
        kinds={list?.departmentKinds ?? []}
        open={editing}
        onClose={() => setEditing(false)}
        onSaved={(version) => {
          setEditing(false);
          setShown(version);
          setReload((r) => r + 1);
        }}
      />
    </>
  );
}
