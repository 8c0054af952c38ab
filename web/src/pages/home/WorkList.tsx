import { Card, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { api } from '../../api/client';
import type { Case, Page } from '../../api/types';
import { DataState } from '../../components/DataState';
import { labelOf, useI18n } from '../../i18n/i18n';
import { formatTime } from '../../lib/dates';
import { useAsync } from '../../lib/use-async';
import { useCategories } from '../../lib/use-categories';
import { displayText } from '../../lib/display';
import { CodeName } from '../../lib/names';
import { CaseDetail } from '../dispatch/CaseDetail';
import { byUrgency, formatLeft, timeLeft, warning } from './landing';

export interface CaseQuery {
  state?: string;
  department?: string;
  unit?: string;
  overdue?: boolean;
}

/** Each query's newest 200 open cases, merged: a worklist is what is in hand now, not the archive. */
async function loadCases(queries: CaseQuery[], signal: AbortSignal): Promise<Case[]> {
  const pages = await Promise.all(
    queries.map((q) =>
      api.get<Page<Case>, '/api/v1/cases'>('/api/v1/cases', {
        query: { ...q, overdue: q.overdue === undefined ? undefined : String(q.overdue), limit: 200 },
        signal,
      }),
    ),
  );
  const seen = new Map<string, Case>();
  for (const page of pages) for (const c of page.items) if (c.state !== 'closed') seen.set(c.id, c);
  return [...seen.values()];
}

/** Cases to work on, overdue and warning first, then by time left, with the deadline in view. */
export function WorkList({
  title,
  queries,
  extra,
  unitName,
  pageSize = 8,
}: {
  title: string;
  queries: CaseQuery[];
  extra?: ReactNode;
  unitName?: (code: string) => string;
  pageSize?: number;
}) {
  const { t, locale } = useI18n();
  const { categoryName } = useCategories();
  const [open, setOpen] = useState<string | null>(null);
  const key = JSON.stringify(queries);
  const cases = useAsync((signal) => loadCases(queries, signal), [key]);
  const now = Date.now();
  const sorted = useMemo(() => byUrgency(cases.data ?? [], Date.now()), [cases.data]);
  const units = { day: t('time.day'), hour: t('time.hour'), minute: t('time.minute') };
  return (
    <Card
      size="small"
      title={
        <Space>
          {title}
          {cases.data && <Tag>{t('list.total', { total: cases.data.length })}</Tag>}
        </Space>
      }
      extra={extra}
    >
      <DataState loading={cases.loading} error={cases.error} onRetry={cases.reload} empty={!sorted.length}>
        <Table<Case>
          size="small"
          rowKey="id"
          dataSource={sorted}
          pagination={{ pageSize, size: 'small', showTotal: (total) => t('list.total', { total }) }}
          columns={[
            {
              title: t('case.title'),
              dataIndex: 'title',
              // Titles stay readable beside five other columns in a half-width card.
              minWidth: 160,
              render: (text: string, c) => (
                <a
                  href={`/dispatch/cases/${c.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    setOpen(c.id);
                  }}
                >
                  {displayText(text)}
                </a>
              ),
            },
            { title: t('case.category'), dataIndex: 'category', render: categoryName, width: 110 },
            ...(unitName
              ? [
                  {
                    title: t('case.unit'),
                    dataIndex: 'unitCode',
                    width: 150,
                    // A case on a unit rather than one of the page's own grids: named by the registry.
                    render: (code: string) =>
                      unitName(code) === code ? (
                        <CodeName code={code} />
                      ) : (
                        <span title={code}>{unitName(code)}</span>
                      ),
                  },
                ]
              : []),
            {
              title: t('case.state'),
              dataIndex: 'state',
              width: 150,
              render: (state: string, c) => (
                <Space size={2} wrap>
                  <Tag>{labelOf(t, 'caseState', state)}</Tag>
                  {c.overdue && <Tag color="red">{t('case.overdue')}</Tag>}
                  {warning(c, now) && <Tag color="orange">{t('case.warning')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('case.deadline'),
              width: 160,
              render: (_, c) =>
                c.nextDeadline ? (
                  <span title={labelOf(t, 'clock', c.nextDeadline.kind)}>
                    {formatTime(c.nextDeadline.dueAt, locale)}
                  </span>
                ) : (
                  '—'
                ),
            },
            {
              title: t('case.timeLeft'),
              width: 100,
              render: (_, c) => {
                const left = timeLeft(c, now);
                if (left === null) return '—';
                return (
                  <Typography.Text type={left < 0 ? 'danger' : warning(c, now) ? 'warning' : undefined}>
                    {formatLeft(left, units)}
                  </Typography.Text>
                );
              },
            },
          ]}
        />
      </DataState>
      {open && (
        <CaseDetail
          id={open}
          onClose={() => setOpen(null)}
          onChanged={cases.reload}
          categoryName={categoryName}
        />
      )}
    </Card>
  );
}
