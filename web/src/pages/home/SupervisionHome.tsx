import { Card, Col, Row, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import type { SupervisionCard } from '../../api/types';
import { DataState } from '../../components/DataState';
import { labelOf, useI18n } from '../../i18n/i18n';
import { formatTime } from '../../lib/dates';
import { useAsync } from '../../lib/use-async';
import { useCategories } from '../../lib/use-categories';
import { CaseDetail } from '../dispatch/CaseDetail';
import { HomeTitle } from './HomeTitle';
import { WorkList } from './WorkList';

const CARD_COLOURS: Record<string, string> = { red: 'red', yellow: 'gold', notice: 'blue' };

/** 督办: yellow and red cards, newest first (red first), the overdue cases and the supervised ones; each opens its case. */
export default function SupervisionHome() {
  const { t, locale } = useI18n();
  const { categoryName } = useCategories();
  const [open, setOpen] = useState<string | null>(null);
  const cards = useAsync(
    async (signal) =>
      (
        await api.get<{ items: SupervisionCard[] }, '/api/v1/assessment/cards'>('/api/v1/assessment/cards', {
          query: { limit: 200 },
          signal,
        })
      ).items,
    [],
  );
  const order = { red: 0, yellow: 1, notice: 2 } as Record<string, number>;
  const sorted = [...(cards.data ?? [])].sort(
    (a, b) => (order[a.card] ?? 3) - (order[b.card] ?? 3) || b.issuedAt.localeCompare(a.issuedAt),
  );
  return (
    <>
      <HomeTitle title={t('home.supervision')} />
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title={
              <Space>
                {t('home.cards')}
                {cards.data && <Tag>{t('list.total', { total: cards.data.length })}</Tag>}
              </Space>
            }
          >
            <DataState
              loading={cards.loading}
              error={cards.error}
              onRetry={cards.reload}
              empty={!sorted.length}
            >
              <Table<SupervisionCard>
                size="small"
                rowKey="id"
                dataSource={sorted}
                pagination={{ pageSize: 8, size: 'small', showTotal: (total) => t('list.total', { total }) }}
                onRow={(card) => ({ onClick: () => setOpen(card.caseId), style: { cursor: 'pointer' } })}
                columns={[
                  {
                    title: t('home.card'),
                    dataIndex: 'card',
                    width: 80,
                    render: (card: string) => (
                      <Tag color={CARD_COLOURS[card]}>{labelOf(t, 'card', card)}</Tag>
                    ),
                  },
                  {
                    title: t('case.category'),
                    dataIndex: 'category',
                    render: (code: string, card) => (
                      <a
                        href={`/dispatch/cases/${card.caseId}`}
                        onClick={(e) => {
                          e.preventDefault();
                          e.stopPropagation();
                          setOpen(card.caseId);
                        }}
                      >
                        {categoryName(code)}
                      </a>
                    ),
                  },
                  {
                    title: t('home.clock'),
                    dataIndex: 'clock',
                    width: 90,
                    render: (clock: string | null) => labelOf(t, 'clock', clock),
                  },
                  {
                    title: t('home.issuedAt'),
                    dataIndex: 'issuedAt',
                    width: 160,
                    render: (at: string) => formatTime(at, locale),
                  },
                ]}
              />
            </DataState>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <WorkList title={t('home.overdueCases')} query={{ open: 'true', overdue: 'true' }} />
        </Col>
        <Col span={24}>
          <WorkList title={t('home.supervisedCases')} query={{ open: 'true', supervised: 'true' }} />
        </Col>
      </Row>
      {open && (
        <CaseDetail
          id={open}
          onClose={() => setOpen(null)}
          onChanged={cards.reload}
          categoryName={categoryName}
        />
      )}
    </>
  );
}
