import { Col, Row, Select, Space, Statistic, Table, Tag } from 'antd';
import { api } from '../../api/client';
import { DataState } from '../../components/DataState';
import { ExportButtons } from '../../components/ExportButtons';
import { useT, type Translate } from '../../i18n/i18n';
import { useAsync } from '../../lib/use-async';
import type { ResponsibilityChange, ResponsibilityDiff } from './responsibility-api';

const CHANGE_COLOR = { added: 'green', removed: 'red', changed: 'orange' } as const;
// Ant's default tag text colours are below 4.5:1 on their backgrounds; darker text keeps the contrast.
const CHANGE_TEXT = { added: '#135200', removed: '#a8071a', changed: '#873800' } as const;

const sideText = (t: Translate, side: ResponsibilityChange['before']) =>
  side
    ? t('responsibility.diff.side', { department: side.departmentKindName, hours: side.deadlineWorkingHours })
    : '—';

/** What changes between two versions: the counts, then line by line with names. */
export function DiffPanel({
  versions,
  from,
  to,
  onChange,
}: {
  versions: number[];
  from: number;
  to: number;
  onChange: (from: number, to: number) => void;
}) {
  const t = useT();
  const diff = useAsync(
    (signal) => api.get<ResponsibilityDiff>('/api/v1/responsibilities/diff', { query: { from, to }, signal }),
    [from, to],
  );
  const options = versions.map((v) => ({ value: v, label: t('responsibility.version', { version: v }) }));
  const data = diff.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Space wrap>
        {t('responsibility.diff.from')}
        <Select
          aria-label={t('responsibility.diff.from')}
          style={{ width: 140 }}
          value={from}
          options={options}
          onChange={(v: number) => onChange(v, to)}
        />
        {t('responsibility.diff.to')}
        <Select
          aria-label={t('responsibility.diff.to')}
          style={{ width: 140 }}
          value={to}
          options={options}
          onChange={(v: number) => onChange(from, v)}
        />
      </Space>
      <DataState loading={diff.loading && !data} error={diff.error} onRetry={diff.reload}>
        {data && (
          <>
            <Row gutter={12} data-testid="diff-counts">
              {(['added', 'removed', 'changed', 'unchanged'] as const).map((k) => (
                <Col key={k} xs={12} md={6}>
                  <Statistic title={t(`responsibility.diff.${k}`)} value={data[k]} />
                </Col>
              ))}
            </Row>
            <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
              <ExportButtons<ResponsibilityChange>
                name={`${t('responsibility.export.diff')}-v${from}-v${to}`}
                rows={async () => data.items}
                columns={[
                  { title: t('responsibility.col.category'), value: (c) => c.categoryName },
                  { title: t('responsibility.col.level'), value: (c) => c.levelName },
                  {
                    title: t('responsibility.col.change'),
                    value: (c) => t(`responsibility.change.${c.change}`),
                  },
                  { title: t('responsibility.col.before'), value: (c) => sideText(t, c.before) },
                  { title: t('responsibility.col.after'), value: (c) => sideText(t, c.after) },
                ]}
              />
            </Space>
            <Table<ResponsibilityChange>
              size="small"
              rowKey={(c) => `${c.category}/${c.level}`}
              locale={{ emptyText: t('responsibility.diff.none') }}
              dataSource={data.items}
              pagination={{ pageSize: 15, showSizeChanger: false, hideOnSinglePage: true }}
              columns={[
                { title: t('responsibility.col.category'), dataIndex: 'categoryName' },
                { title: t('responsibility.col.level'), dataIndex: 'levelName' },
                {
                  title: t('responsibility.col.change'),
                  render: (_, c) => (
                    <Tag color={CHANGE_COLOR[c.change]} style={{ color: CHANGE_TEXT[c.change] }}>
                      {t(`responsibility.change.${c.change}`)}
                    </Tag>
                  ),
                },
                { title: t('responsibility.col.before'), render: (_, c) => sideText(t, c.before) },
                { title: t('responsibility.col.after'), render: (_, c) => <b>{sideText(t, c.after)}</b> },
              ]}
            />
          </>
        )}
      </DataState>
    </Space>
  );
}
