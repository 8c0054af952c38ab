import {
  Button,
  Checkbox,
  Form,
  Input,
  Select,
  Space,
  Tag,
  TreeSelect,
  Typography,
  type TableProps,
} from 'antd';
import { useCallback, useState } from 'react';
import { useNavigate, useParams, Route, Routes } from 'react-router';
import { App } from 'antd';
import { api } from '../../api/client';
import { listOf } from '../../api/lists';
import type { Case, CaseCategory, Page, Unit } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { PagedTable } from '../../components/PagedTable';
import { childUnits } from '../../components/UnitTree';
import { labelOf, useI18n } from '../../i18n/i18n';
import type { Column } from '../../lib/export';
import { formatTime } from '../../lib/dates';
import { useAsync } from '../../lib/use-async';
import { useKeysetList } from '../../lib/use-keyset';
import { CodeName, nameOf } from '../../lib/names';
import { displayText } from '../../lib/display';
import { ActionModal } from './ActionModal';
import { DISPATCH } from './actions';
import { CaseDetail } from './CaseDetail';

/** The lifecycle states (libs/contracts case.subjects.ts CASE_STATES). */
export const CASE_STATES = [
  'reported',
  'registered',
  'dispatched',
  'accepted',
  'returned',
  'in_progress',
  'suspended',
  'resolved',
  'rated',
  'closed',
] as const;
/** Intake channels (services/case/src/intake/case-channels.ts). */
export const CHANNELS = [
  'home_visit',
  'street_patrol',
  'petition',
  'video_patrol',
  'hotline_12345',
  'phone',
  'mailbox',
  'grid_worker',
  'resident',
  'department_system',
  'iot_alert',
] as const;

interface Filters {
  state?: string;
  category?: string;
  channel?: string;
  unit?: string;
  overdue?: boolean;
}

interface UnitOption {
  id: string;
  pId?: string;
  value: string;
  title: string;
  isLeaf: boolean;
}

const toOption = (u: Unit): UnitOption => ({
  id: u.code,
  pId: u.parentCode || undefined,
  value: u.code,
  title: u.name,
  isLeaf: u.level === 'community',
});

function UnitPicker({ value, onChange }: { value?: string; onChange?: (v: string | undefined) => void }) {
  const { t } = useI18n();
  const [options, setOptions] = useState<UnitOption[]>([]);
  useAsync(async () => setOptions((await childUnits(null)).map(toOption)), []);
  return (
    <TreeSelect
      aria-label={t('case.unit')}
      allowClear
      treeDataSimpleMode
      style={{ width: 180 }}
      value={value}
      onChange={onChange}
      treeData={options}
      loadData={async (node) => {
        const children = await childUnits(String(node.value));
        setOptions((current) => [
          ...current,
          ...children.map(toOption).filter((c) => !current.some((o) => o.id === c.id)),
        ]);
      }}
    />
  );
}

function CaseRoute({
  onChanged,
  categoryName,
}: {
  onChanged: () => void;
  categoryName: (code: string) => string;
}) {
  const { id } = useParams();
  const navigate = useNavigate();
  return id ? (
    <CaseDetail
      id={id}
      onClose={() => void navigate('/dispatch')}
      onChanged={onChanged}
      categoryName={categoryName}
    />
  ) : null;
}

/** 派单台: the case queue with filters, bulk dispatch, and each case's detail. */
export default function DispatchPage() {
  const { t, locale } = useI18n();
  const { can, scopeUnit } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<Filters>({});
  const [selected, setSelected] = useState<string[]>([]);
  const [bulk, setBulk] = useState(false);
  const categories = useAsync(
    async (signal) =>
      listOf<CaseCategory>(
        await api.get<unknown, '/api/v1/cases/categories'>('/api/v1/cases/categories', { signal }),
      ),
    [],
  );
  const categoryName = useCallback(
    (code: string) => {
      const c = categories.data?.find((x) => x.code === code);
      return c ? (locale === 'zh-CN' ? c.nameZh : c.nameEn) : code;
    },
    [categories.data, locale],
  );
  const key = JSON.stringify(filters);
  const fetchPage = useCallback(
    (cursor: string | null, signal?: AbortSignal) =>
      api.get<Page<Case>>('/api/v1/cases', {
        query: {
          ...filters,
          overdue: filters.overdue ? true : undefined,
          cursor: cursor ?? undefined,
          limit: 50,
        },
        signal,
      }),
    [key],
  );
  const list = useKeysetList(fetchPage, [key]);

  const columns: TableProps<Case>['columns'] = [
    {
      title: t('case.title'),
      dataIndex: 'title',
      render: (title: string, c) => (
        <a
          href={`/dispatch/cases/${c.id}`}
          onClick={(e) => {
            e.preventDefault();
            void navigate(`/dispatch/cases/${c.id}`);
          }}
        >
          {displayText(title)}
        </a>
      ),
    },
    { title: t('case.category'), dataIndex: 'category', render: categoryName },
    { title: t('case.channel'), dataIndex: 'channel', render: (v: string) => labelOf(t, 'channel', v) },
    {
      title: t('case.unit'),
      dataIndex: 'unitCode',
      render: (code: string) => <CodeName code={code} />,
    },
    {
      title: t('case.state'),
      dataIndex: 'state',
      render: (state: string, c) => (
        <Space size={2}>
          <Tag>{labelOf(t, 'caseState', state)}</Tag>
          {c.overdue && <Tag color="red">{t('case.overdue')}</Tag>}
        </Space>
      ),
    },
    { title: t('case.priority'), dataIndex: 'priority', render: (v: string) => labelOf(t, 'priority', v) },
    {
      title: t('case.department'),
      dataIndex: 'departmentCode',
      render: (v: string | null) => <CodeName code={v} />,
    },
    { title: t('case.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v, locale) },
  ];
  const exportColumns: Column<Case>[] = [
    { title: t('case.id'), value: (c) => c.id },
    { title: t('case.title'), value: (c) => c.title },
    { title: t('case.category'), value: (c) => categoryName(c.category) },
    { title: t('case.channel'), value: (c) => labelOf(t, 'channel', c.channel) },
    { title: t('case.unit'), value: (c) => nameOf(c.unitCode) },
    { title: t('case.state'), value: (c) => labelOf(t, 'caseState', c.state) },
    { title: t('case.overdue'), value: (c) => (c.overdue ? t('common.yes') : t('common.no')) },
    { title: t('case.priority'), value: (c) => labelOf(t, 'priority', c.priority) },
    { title: t('case.department'), value: (c) => (c.departmentCode ? nameOf(c.departmentCode) : '') },
    { title: t('case.createdAt'), value: (c) => c.createdAt },
  ];

  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 20, marginTop: 0 }}>
        {t('nav.dispatch')}
      </Typography.Title>
      <Form<Filters & { caseId?: string }>
        layout="inline"
        style={{ marginBottom: 8, rowGap: 8 }}
        onFinish={({ caseId: _caseId, ...values }) => {
          setSelected([]);
          setFilters(Object.fromEntries(Object.entries(values).filter(([, v]) => v)));
        }}
      >
        <Form.Item name="state" label={t('case.state')}>
          <Select
            allowClear
            style={{ width: 110 }}
            options={CASE_STATES.map((s) => ({ value: s, label: labelOf(t, 'caseState', s) }))}
          />
        </Form.Item>
        <Form.Item name="category" label={t('case.category')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 140 }}
            loading={categories.loading}
            options={(categories.data ?? []).map((c) => ({ value: c.code, label: categoryName(c.code) }))}
          />
        </Form.Item>
        <Form.Item name="channel" label={t('case.channel')}>
          <Select
            allowClear
            style={{ width: 110 }}
            options={CHANNELS.map((c) => ({ value: c, label: labelOf(t, 'channel', c) }))}
          />
        </Form.Item>
        <Form.Item name="unit" label={t('case.unit')}>
          <UnitPicker />
        </Form.Item>
        <Form.Item name="overdue" valuePropName="checked">
          <Checkbox>{t('case.overdueOnly')}</Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('common.search')}
        </Button>
      </Form>
      <PagedTable<Case>
        list={list}
        columns={columns}
        rowKey="id"
        exportName={t('export.name.cases')}
        exportColumns={exportColumns}
        rowSelection={
          can('case:dispatch')
            ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }
            : undefined
        }
        toolbar={
          <>
            {can('case:dispatch') && (
              <Button type="primary" disabled={!selected.length} onClick={() => setBulk(true)}>
                {t('dispatch.bulk', { count: selected.length })}
              </Button>
            )}
            <Input.Search
              aria-label={t('dispatch.openById')}
              placeholder={t('dispatch.openById')}
              style={{ width: 300 }}
              enterButton={t('dispatch.open')}
              onSearch={(id) => id.trim() && void navigate(`/dispatch/cases/${id.trim()}`)}
            />
          </>
        }
      />
      {bulk && (
        <ActionModal
          action={DISPATCH}
          caseIds={selected}
          unit={filters.unit ?? scopeUnit}
          category={filters.category}
          onCancel={() => setBulk(false)}
          onDone={(failed) => {
            setBulk(false);
            if (failed.length) message.warning(t('dispatch.partial', { failed: failed.length }));
            else message.success(t('dispatch.done'));
            setSelected(failed);
            list.reload();
          }}
        />
      )}
      <Routes>
        <Route path="cases/:id" element={<CaseRoute onChanged={list.reload} categoryName={categoryName} />} />
      </Routes>
    </>
  );
}
