import { EyeOutlined, HomeOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  type TableProps,
} from 'antd';
import { useCallback, useState } from 'react';
import { api } from '../../api/client';
import type { Household, Page, Resident, Unit } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { SPECIAL_POPULATION_TAGS } from './special-populations';
import { DataState, errorText } from '../../components/DataState';
import { PagedTable } from '../../components/PagedTable';
import { labelOf, useI18n, type MessageKey } from '../../i18n/i18n';
import type { Column } from '../../lib/export';
import { useAsync } from '../../lib/use-async';
import { useKeysetList } from '../../lib/use-keyset';
import { CodeName } from '../../lib/names';
import { displayText } from '../../lib/display';

interface Filters {
  name?: string;
  initials?: string;
  idNumber?: string;
  tag?: string;
}

function RevealModal({ resident, onClose }: { resident: Resident; onClose: () => void }) {
  const { t } = useI18n();
  const [revealed, setRevealed] = useState<Resident | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async ({ purpose }: { purpose: string }) => {
    setBusy(true);
    setError(null);
    try {
      setRevealed(
        await api.get<Resident, '/api/v1/registry/residents/{id}'>('/api/v1/registry/residents/{id}', {
          params: { id: resident.id },
          query: { reveal: 'true', purpose: purpose.trim() },
        }),
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('people.revealTitle', { name: displayText(resident.name) })}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('people.revealNotice')} style={{ marginBottom: 12 }} />
      {revealed ? (
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('people.idNumber')}>{revealed.idNumber}</Descriptions.Item>
          <Descriptions.Item label={t('people.phone')}>{revealed.phone || '—'}</Descriptions.Item>
        </Descriptions>
      ) : (
        <Form layout="vertical" onFinish={(v: { purpose: string }) => void submit(v)} disabled={busy}>
          <Form.Item
            name="purpose"
            label={t('people.purpose')}
            rules={[
              { required: true, whitespace: true, message: t('people.purposeRequired') },
              { max: 200, message: t('form.max', { max: 200 }) },
            ]}
          >
            <Input.TextArea rows={2} placeholder={t('people.purposePlaceholder')} autoFocus />
          </Form.Item>
          {error ? (
            <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 12 }} />
          ) : null}
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('people.reveal')}
          </Button>
        </Form>
      )}
    </Modal>
  );
}

function HouseholdDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useI18n();
  const household = useAsync(
    (signal) =>
      api.get<{ household: Household; members: Resident[] }, '/api/v1/registry/households/{id}'>(
        '/api/v1/registry/households/{id}',
        { params: { id }, signal },
      ),
    [id],
  );
  const h = household.data?.household;
  return (
    <Drawer open title={t('people.household')} onClose={onClose} size={560}>
      <DataState loading={household.loading} error={household.error} onRetry={household.reload}>
        {h && (
          <>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('people.householdNo')}>{h.householdNo}</Descriptions.Item>
              <Descriptions.Item label={t('people.address')}>{h.address}</Descriptions.Item>
              <Descriptions.Item label={t('people.grid')}>
                <CodeName code={h.gridCode} />
              </Descriptions.Item>
            </Descriptions>
            <Table<Resident>
              style={{ marginTop: 12 }}
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={household.data?.members}
              columns={[
                { title: t('people.name'), dataIndex: 'name', render: (n: string) => displayText(n) },
                {
                  title: t('people.relation'),
                  dataIndex: 'relation',
                  render: (r: string) => labelOf(t, 'relation', r),
                },
                { title: t('people.age'), dataIndex: 'age' },
                { title: t('people.idNumber'), dataIndex: 'idNumber' },
              ]}
            />
          </>
        )}
      </DataState>
    </Drawer>
  );
}

/** Residents under a unit, personal data masked; special-population view filters by tag. */
export function PeoplePanel({ unit, special = false }: { unit: Unit; special?: boolean }) {
  const { t, locale } = useI18n();
  const { can } = useAuth();
  const [filters, setFilters] = useState<Filters>(special ? { tag: SPECIAL_POPULATION_TAGS[0] } : {});
  const [revealing, setRevealing] = useState<Resident | null>(null);
  const [household, setHousehold] = useState<string | null>(null);
  const key = JSON.stringify(filters);
  const fetchPage = useCallback(
    (cursor: string | null, signal?: AbortSignal) =>
      api.get<Page<Resident>, '/api/v1/registry/residents'>('/api/v1/registry/residents', {
        query: { unit: unit.code, ...filters, cursor: cursor ?? undefined, limit: 50 },
        signal,
      }),
    [unit.code, key],
  );
  const list = useKeysetList(fetchPage, [unit.code, key]);
  const tagLabel = (tag: string) => t(`tag.${tag}` as MessageKey);
  const gender = (g: string) => (g === 'male' ? t('people.male') : g === 'female' ? t('people.female') : g);

  const columns: TableProps<Resident>['columns'] = [
    { title: t('people.name'), dataIndex: 'name', width: 90, render: (n: string) => displayText(n) },
    { title: t('people.gender'), dataIndex: 'gender', width: 60, render: gender },
    { title: t('people.age'), dataIndex: 'age', width: 60 },
    { title: t('people.idNumber'), dataIndex: 'idNumber' },
    { title: t('people.phone'), dataIndex: 'phone' },
    { title: t('people.grid'), dataIndex: 'gridCode', render: (code: string) => <CodeName code={code} /> },
    {
      title: t('people.tags'),
      dataIndex: 'tags',
      render: (_, r) =>
        r.tags.map((tag) => <Tag key={tag.tag}>{locale === 'zh-CN' ? tag.labelZh : tag.labelEn}</Tag>),
    },
    {
      title: t('common.actions'),
      render: (_, r) => (
        <Space size={0}>
          {can('registry:read-pii') && (
            <Button type="link" size="small" icon={<EyeOutlined />} onClick={() => setRevealing(r)}>
              {t('people.reveal')}
            </Button>
          )}
          {r.householdId && (
            <Button
              type="link"
              size="small"
              icon={<HomeOutlined />}
              onClick={() => setHousehold(r.householdId)}
            >
              {t('people.household')}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  const exportColumns: Column<Resident>[] = [
    { title: t('people.name'), value: (r) => r.name },
    { title: t('people.gender'), value: (r) => gender(r.gender) },
    { title: t('people.age'), value: (r) => r.age },
    { title: t('people.idNumber'), value: (r) => r.idNumber },
    { title: t('people.phone'), value: (r) => r.phone },
    { title: t('people.grid'), value: (r) => r.gridCode },
    {
      title: t('people.tags'),
      value: (r) => r.tags.map((x) => (locale === 'zh-CN' ? x.labelZh : x.labelEn)).join('、'),
    },
  ];

  return (
    <>
      <Form
        layout="inline"
        initialValues={filters}
        onFinish={(values: Filters) =>
          setFilters(Object.fromEntries(Object.entries(values).filter(([, v]) => v)))
        }
        style={{ marginBottom: 8, rowGap: 8 }}
      >
        {special && (
          <Form.Item
            name="tag"
            label={t('people.tag')}
            rules={[{ required: true, message: t('people.tagRequired') }]}
          >
            <Select
              style={{ width: 150 }}
              options={SPECIAL_POPULATION_TAGS.map((tag) => ({ value: tag, label: tagLabel(tag) }))}
            />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('people.name')}>
          <Input allowClear style={{ width: 110 }} maxLength={50} />
        </Form.Item>
        <Form.Item
          name="initials"
          label={t('people.initials')}
          rules={[{ pattern: /^[a-z]{1,10}$/, message: t('people.initialsInvalid') }]}
        >
          <Input allowClear style={{ width: 90 }} />
        </Form.Item>
        <Form.Item name="idNumber" label={t('people.idNumber')}>
          <Input allowClear style={{ width: 170 }} maxLength={32} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('common.search')}
        </Button>
      </Form>
      <PagedTable<Resident>
        list={list}
        columns={columns}
        rowKey="id"
        exportName={special ? t('export.name.special') : t('export.name.residents')}
        exportColumns={exportColumns}
      />
      {revealing && <RevealModal resident={revealing} onClose={() => setRevealing(null)} />}
      {household && <HouseholdDrawer id={household} onClose={() => setHousehold(null)} />}
    </>
  );
}
