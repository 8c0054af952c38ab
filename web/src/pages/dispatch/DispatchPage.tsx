import {
  App,
  Button,
  Checkbox,
  Form,
  Input,
  Segmented,
  Select,
  Space,
  Tag,
  Typography,
  type TableProps,
} from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Route, Routes, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { Case, Page } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { PagedTable } from '../../components/PagedTable';
import { labelOf, useI18n } from '../../i18n/i18n';
import { formatTime } from '../../lib/dates';
import { displayText } from '../../lib/display';
import type { Column } from '../../lib/export';
import { CodeName, nameOf } from '../../lib/names';
import { useCategories } from '../../lib/use-categories';
import { useKeysetList } from '../../lib/use-keyset';
import { ActionModal } from './ActionModal';
import { DISPATCH } from './actions';
import { CaseDetail } from './CaseDetail';
import { ColumnSettings, useHiddenColumns } from './ColumnSettings';
import { CASE_STATES, CHANNELS, UnitPicker } from './desk-filters';
import { listQuery, readDeskQuery, writeDeskQuery, WORKLISTS, type DeskQuery } from './desk-query';
import { shortId } from './short-id';

type FilterForm = Pick<DeskQuery, 'state' | 'category' | 'channel' | 'unit' | 'overdue' | 'q'>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function CaseRoute({
  onClose,
  onChanged,
  categoryName,
}: {
  onClose: (id: string) => void;
  onChanged: () => void;
  categoryName: (code: string) => string;
}) {
  const { id } = useParams();
  return id ? (
    <CaseDetail id={id} onClose={() => onClose(id)} onChanged={onChanged} categoryName={categoryName} />
  ) : null;
}

/**
 * 派单台: worklists and the whole case list (server-side filtered, sorted and keyset-paged, with the total),
 * bulk dispatch, and each case's drawer. The list's state lives in the URL query, so opening and closing a
 * drawer keeps filters and page, and focus goes back to the row that opened it.
 */
export default function DispatchPage() {
  const { t, locale } = useI18n();
  const { can, scopeUnit, identity } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const query = readDeskQuery(params);
  const search = params.toString();
  const [form] = Form.useForm<FilterForm>();
  const [selected, setSelected] = useState<string[]>([]);
  const [bulk, setBulk] = useState(false);
  const [hidden, setHidden] = useHiddenColumns('desk', identity?.subject ?? 'anonymous');
  const { categories, categoryName } = useCategories();
  const opener = useRef<string | null>(null);

  const setQuery = (next: Partial<DeskQuery>) => {
    setSelected([]);
    setParams(writeDeskQuery({ ...query, cursors: [], ...next }));
  };
  // The form shows what the URL says (back/forward, a shared link).
  useEffect(() => {
    form.setFieldsValue({
      state: undefined,
      category: undefined,
      channel: undefined,
      unit: undefined,
      ...query,
    });
  }, [search]);

  const department = identity?.department ?? null;
  const apiQuery = JSON.stringify(listQuery({ ...query, cursors: [] }, department));
  const fetchPage = useCallback(
    (cursor: string | null, signal?: AbortSignal) =>
      api.get<Page<Case>, '/api/v1/cases'>('/api/v1/cases', {
        query: { ...JSON.parse(apiQuery), after: cursor ?? undefined, limit: 50 },
        signal,
      }),
    [apiQuery],
  );
  const list = useKeysetList(fetchPage, [apiQuery], {
    cursors: [null, ...query.cursors],
    setCursors: (cursors) =>
      setParams(writeDeskQuery({ ...query, cursors: cursors.filter((c): c is string => Boolean(c)) })),
  });

  const open = (id: string) => {
    opener.current = id;
    void navigate({ pathname: `/dispatch/cases/${id}`, search });
  };
  const close = (id: string) => {
    opener.current = opener.current ?? id;
    void navigate({ pathname: '/dispatch', search });
  };
  // Back to the row that opened the drawer once the drawer is gone, and again a moment later: the drawer's
  // own focus handling may move focus as it goes (unless the user is already typing somewhere).
  const inDrawer = location.pathname.startsWith('/dispatch/cases/');
  useEffect(() => {
    const id = opener.current;
    if (inDrawer || !id) return;
    const focusRow = () => document.querySelector<HTMLElement>(`[data-case-link="${id}"]`)?.focus();
    focusRow();
    const timer = setTimeout(() => {
      if (!document.activeElement?.matches('input, textarea')) focusRow();
      opener.current = null;
    }, 150);
    return () => clearTimeout(timer);
  }, [inDrawer]);
  const openByShortId = async (typed: string) => {
    const text = typed.trim();
    if (!text) return;
    if (UUID.test(text)) return open(text.toLowerCase());
    if (!/^[0-9a-f-]{4,36}$/i.test(text)) return void message.error(t('dispatch.shortIdInvalid'));
    try {
      const found = await api.get<Page<Case>, '/api/v1/cases'>('/api/v1/cases', {
        query: { idPrefix: text, limit: 2 },
      });
      if (found.items.length === 1) open(found.items[0].id);
      else if (found.items.length === 0) message.error(t('dispatch.shortIdNotFound', { id: text }));
      else message.warning(t('dispatch.shortIdAmbiguous', { id: text }));
    } catch {
      message.error(t('dispatch.shortIdInvalid'));
    }
  };

  const sortOrder = (key: 'createdAt' | 'deadline') =>
    key === 'deadline'
      ? query.sort === 'deadline'
        ? ('ascend' as const)
        : null
      : query.sort === 'newest'
        ? ('descend' as const)
        : query.sort === 'oldest'
          ? ('ascend' as const)
          : null;
  const allColumns: NonNullable<TableProps<Case>['columns']> = [
    {
      key: 'shortId',
      title: t('case.shortId'),
      dataIndex: 'id',
      width: 96,
      render: (id: string) => <Typography.Text code>{shortId(id)}</Typography.Text>,
    },
    {
      key: 'title',
      title: t('case.title'),
      dataIndex: 'title',
      render: (title: string, c) => (
        <a
          href={`/dispatch/cases/${c.id}?${search}`}
          data-case-link={c.id}
          onClick={(e) => {
            e.preventDefault();
            open(c.id);
          }}
        >
          {displayText(title)}
        </a>
      ),
    },
    { key: 'category', title: t('case.category'), dataIndex: 'category', render: categoryName },
    {
      key: 'channel',
      title: t('case.channel'),
      dataIndex: 'channel',
      render: (v: string) => labelOf(t, 'channel', v),
    },
    {
      key: 'unit',
      title: t('case.unit'),
      dataIndex: 'unitCode',
      render: (code: string) => <CodeName code={code} />,
    },
    {
      key: 'state',
      title: t('case.state'),
      dataIndex: 'state',
      render: (state: string, c) => (
        <Space size={2}>
          <Tag>{labelOf(t, 'caseState', state)}</Tag>
          {c.overdue && <Tag color="red">{t('case.overdue')}</Tag>}
        </Space>
      ),
    },
    {
      key: 'priority',
      title: t('case.priority'),
      dataIndex: 'priority',
      render: (v: string) => labelOf(t, 'priority', v),
    },
    {
      key: 'department',
      title: t('case.department'),
      dataIndex: 'departmentCode',
      render: (v: string | null) => <CodeName code={v} />,
    },
    {
      key: 'deadline',
      title: t('case.deadline'),
      sorter: true,
      sortOrder: sortOrder('deadline'),
      sortDirections: ['ascend'],
      render: (_, c) => (c.nextDeadline ? formatTime(c.nextDeadline.dueAt, locale) : '—'),
    },
    {
      key: 'createdAt',
      title: t('case.createdAt'),
      dataIndex: 'createdAt',
      sorter: true,
      sortOrder: sortOrder('createdAt'),
      sortDirections: ['descend', 'ascend'],
      render: (v: string) => formatTime(v, locale),
    },
  ];
  const columns = allColumns.filter((c) => !hidden.includes(String(c.key)));
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
    { title: t('case.deadline'), value: (c) => c.nextDeadline?.dueAt ?? '' },
    { title: t('case.createdAt'), value: (c) => c.createdAt },
  ];

  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 20, marginTop: 0 }}>
        {t('nav.dispatch')}
      </Typography.Title>
      <Segmented
        aria-label={t('desk.worklist')}
        style={{ marginBottom: 8 }}
        value={query.worklist}
        onChange={(worklist) => setQuery({ worklist, sort: worklist === 'all' ? 'newest' : 'deadline' })}
        options={WORKLISTS.map((w) => ({ value: w, label: t(`desk.list.${w}`) }))}
      />
      <Form<FilterForm>
        form={form}
        layout="inline"
        style={{ marginBottom: 8, rowGap: 8 }}
        onFinish={(values) =>
          setQuery({
            state: values.state || undefined,
            category: values.category || undefined,
            channel: values.channel || undefined,
            unit: values.unit || undefined,
            overdue: values.overdue || undefined,
            q: values.q?.trim() || undefined,
          })
        }
      >
        <Form.Item name="q" label={t('case.title')}>
          <Input allowClear maxLength={100} style={{ width: 150 }} placeholder={t('desk.titleSearch')} />
        </Form.Item>
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
        onChange={(_pagination, _filters, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          if (s?.columnKey === 'deadline') setQuery({ sort: 'deadline' });
          else if (s?.columnKey === 'createdAt')
            setQuery({ sort: s.order === 'ascend' ? 'oldest' : 'newest' });
        }}
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
              placeholder={t('dispatch.openByShortId')}
              style={{ width: 260 }}
              enterButton={t('dispatch.open')}
              onSearch={(text) => void openByShortId(text)}
            />
            <ColumnSettings
              columns={allColumns.map((c) => ({
                key: String(c.key),
                title: typeof c.title === 'string' ? c.title : String(c.key),
              }))}
              hidden={hidden}
              onChange={setHidden}
            />
          </>
        }
      />
      {bulk && (
        <ActionModal
          action={DISPATCH}
          caseIds={selected}
          unit={query.unit ?? scopeUnit}
          category={query.category}
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
      <Routes location={location}>
        <Route
          path="cases/:id"
          element={<CaseRoute onClose={close} onChanged={list.reload} categoryName={categoryName} />}
        />
      </Routes>
    </>
  );
}
