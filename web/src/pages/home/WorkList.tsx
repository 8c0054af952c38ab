import { Card, Space, Tag, Typography } from 'antd';
import { useCallback, useState, type ReactNode } from 'react';
import { api } from '../../api/client';
import type { Case, Page } from '../../api/types';
import { PagedTable } from '../../components/PagedTable';
import { labelOf, useI18n } from '../../i18n/i18n';
import { formatTime } from '../../lib/dates';
import { displayText } from '../../lib/display';
import { CodeName, nameOf } from '../../lib/names';
import type { Column } from '../../lib/export';
import { useCategories } from '../../lib/use-categories';
import { useKeysetList } from '../../lib/use-keyset';
import { CaseDetail } from '../dispatch/CaseDetail';
import { formatLeft, timeLeft, warning } from './landing';

/** The case list's filters for one worklist (`GET /api/v1/cases`), as the query string carries them. */
export type CaseQuery = Record<string, string | undefined>;

/**
 * Cases to work on, asked of the server in deadline order (overdue first: their due times are the earliest),
 * keyset-paged to the end with the server's total, and the deadline in view.
 */
export function WorkList({
  title,
  query,
  extra,
  unitName,
  pageSize = 8,
}: {
  title: string;
  query: CaseQuery;
  extra?: ReactNode;
  unitName?: (code: string) => string;
  pageSize?: number;
}) {
  const { t, locale } = useI18n();
  const { categoryName } = useCategories();
  const [open, setOpen] = useState<string | null>(null);
  const key = JSON.stringify(query);
  const fetchPage = useCallback(
    (cursor: string | null, signal?: AbortSignal) =>
      api.get<Page<Case>, '/api/v1/cases'>('/api/v1/cases', {
        query: {
          ...(JSON.parse(key) as CaseQuery),
          sort: 'deadline',
          withTotal: 'true',
          after: cursor ?? undefined,
          limit: pageSize,
        },
        signal,
      }),
    [key, pageSize],
  );
  const list = useKeysetList(fetchPage, [key, pageSize]);
  const now = Date.now();
  const units = { day: t('time.day'), hour: t('time.hour'), minute: t('time.minute') };
  const exportColumns: Column<Case>[] = [
    { title: t('case.title'), value: (c) => displayText(c.title) },
    { title: t('case.category'), value: (c) => categoryName(c.category) },
    ...(unitName
      ? [
          {
            title: t('case.unit'),
            value: (c: Case) =>
              unitName(c.unitCode) === c.unitCode ? nameOf(c.unitCode) : unitName(c.unitCode),
          },
        ]
      : []),
    { title: t('case.state'), value: (c) => labelOf(t, 'caseState', c.state) },
    {
      title: t('case.deadline'),
      value: (c) => (c.nextDeadline ? formatTime(c.nextDeadline.dueAt, locale) : ''),
    },
  ];
  return (
    <Card
      size="small"
      data-worklist={title}
      title={
        <Space>
          {title}
          {list.total !== undefined && <Tag>{t('list.total', { total: list.total })}</Tag>}
        </Space>
      }
      extra={extra}
    >
      <PagedTable<Case>
        list={list}
        rowKey="id"
        exportName={title}
        exportColumns={exportColumns}
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
      {open && (
        <CaseDetail
          id={open}
          onClose={() => setOpen(null)}
          onChanged={list.reload}
          categoryName={categoryName}
        />
      )}
    </Card>
  );
}
