import { Input, Select, Space, Table } from 'antd';
import { useMemo, useState } from 'react';
import { ExportButtons } from '../../components/ExportButtons';
import { useT } from '../../i18n/i18n';
import type { ResponsibilityEntry, ResponsibilityVersion } from './responsibility-api';

const LEVELS = ['district', 'street', 'community'] as const;

/** The lines of one version: filter by level, department or category name; paged; exported with names. */
export function EntriesPanel({ version }: { version: ResponsibilityVersion }) {
  const t = useT();
  const [level, setLevel] = useState<string | null>(null);
  const [kind, setKind] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const kinds = useMemo(
    () =>
      [...new Map(version.entries.map((e) => [e.departmentKind, e.departmentKindName])).entries()].map(
        ([value, label]) => ({ value, label }),
      ),
    [version],
  );
  const rows = useMemo(
    () =>
      version.entries.filter(
        (e) =>
          (!level || e.level === level) &&
          (!kind || e.departmentKind === kind) &&
          (!search.trim() || e.categoryName.includes(search.trim())),
      ),
    [version, level, kind, search],
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Space wrap>
          <Input.Search
            allowClear
            aria-label={t('responsibility.filter.category')}
            placeholder={t('responsibility.filter.category')}
            style={{ width: 200 }}
            onSearch={setSearch}
            onChange={(e) => !e.target.value && setSearch('')}
          />
          <Select
            allowClear
            aria-label={t('responsibility.filter.level')}
            placeholder={t('responsibility.filter.level')}
            style={{ width: 140 }}
            value={level}
            onChange={(v: string | undefined) => setLevel(v ?? null)}
            options={LEVELS.map((l) => ({ value: l, label: t(`responsibility.level.${l}`) }))}
          />
          <Select
            allowClear
            aria-label={t('responsibility.filter.department')}
            placeholder={t('responsibility.filter.department')}
            style={{ width: 200 }}
            value={kind}
            onChange={(v: string | undefined) => setKind(v ?? null)}
            options={kinds}
          />
          <span role="status">{t('responsibility.entries.count', { count: rows.length })}</span>
        </Space>
        <ExportButtons<ResponsibilityEntry>
          name={`${t('responsibility.export.name')}-v${version.version}`}
          rows={async () => rows}
          columns={[
            { title: t('responsibility.col.category'), value: (e) => e.categoryName },
            { title: t('responsibility.col.level'), value: (e) => e.levelName },
            { title: t('responsibility.col.department'), value: (e) => e.departmentKindName },
            { title: t('responsibility.col.deadline'), value: (e) => e.deadlineWorkingHours },
          ]}
        />
      </Space>
      <Table<ResponsibilityEntry>
        size="small"
        rowKey={(e) => `${e.category}/${e.level}`}
        dataSource={rows}
        pagination={{ pageSize: 15, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          { title: t('responsibility.col.category'), dataIndex: 'categoryName' },
          { title: t('responsibility.col.level'), dataIndex: 'levelName' },
          { title: t('responsibility.col.department'), dataIndex: 'departmentKindName' },
          {
            title: t('responsibility.col.deadline'),
            dataIndex: 'deadlineWorkingHours',
            align: 'right',
          },
        ]}
      />
    </Space>
  );
}
