import { PaperClipOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Col,
  Descriptions,
  Drawer,
  Empty,
  List,
  Row,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Case } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { DataState } from '../../components/DataState';
import { GeoMap } from '../../components/GeoMap';
import { labelOf, useI18n, type MessageKey } from '../../i18n/i18n';
import { formatTime } from '../../lib/dates';
import { useAsync } from '../../lib/use-async';
import { ActionModal } from './ActionModal';
import { actionsFor, type CaseAction } from './actions';

/** A case: details, the timeline of transitions, its location on the map, attachments and the actions allowed. */
export function CaseDetail({
  id,
  onClose,
  onChanged,
}: {
  id: string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t, locale } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const [acting, setActing] = useState<CaseAction | null>(null);
  const detail = useAsync(
    (signal) => api.get<Case, '/api/v1/cases/{id}'>('/api/v1/cases/{id}', { params: { id }, signal }),
    [id],
  );
  const c = detail.data;
  const actions = c ? actionsFor(can, c.allowedActions) : [];
  return (
    <Drawer open size={720} title={c?.title ?? t('dispatch.case')} onClose={onClose}>
      <DataState loading={detail.loading} error={detail.error} onRetry={detail.reload}>
        {c && (
          <Space direction="vertical" style={{ width: '100%' }} size={12}>
            <Space wrap>
              {actions.map((a) => (
                <Button
                  key={a.action}
                  onClick={() => setActing(a)}
                  type={a.action === 'dispatch' ? 'primary' : 'default'}
                >
                  {t(`action.${a.action}` as MessageKey)}
                </Button>
              ))}
            </Space>
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label={t('case.id')} span={2}>
                <Typography.Text copyable>{c.id}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('case.state')}>
                <Tag color={c.overdue ? 'red' : 'blue'}>{labelOf(t, 'caseState', c.state)}</Tag>
                {c.overdue && <Tag color="red">{t('case.overdue')}</Tag>}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.category')}>{c.category}</Descriptions.Item>
              <Descriptions.Item label={t('case.channel')}>
                {labelOf(t, 'channel', c.channel)}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.unit')}>{c.unitCode}</Descriptions.Item>
              <Descriptions.Item label={t('case.department')}>{c.department ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('case.dueAt')}>{formatTime(c.dueAt, locale)}</Descriptions.Item>
              <Descriptions.Item label={t('case.createdAt')} span={2}>
                {formatTime(c.createdAt, locale)}
              </Descriptions.Item>
              {c.description && (
                <Descriptions.Item label={t('case.description')} span={2}>
                  {c.description}
                </Descriptions.Item>
              )}
            </Descriptions>
            <Row gutter={12}>
              <Col span={12}>
                <Typography.Title level={3} style={{ fontSize: 15 }}>
                  {t('case.timeline')}
                </Typography.Title>
                {c.timeline?.length ? (
                  <Timeline
                    items={c.timeline.map((step) => ({
                      key: `${step.at}-${step.action}`,
                      content: (
                        <>
                          <Typography.Text strong>{labelOf(t, 'action', step.action)}</Typography.Text> →{' '}
                          {labelOf(t, 'caseState', step.toState)}
                          <br />
                          <Typography.Text type="secondary">
                            {formatTime(step.at, locale)} {step.actorName ?? step.actor ?? ''}{' '}
                            {step.department ?? ''}
                          </Typography.Text>
                          {step.note && <div>{step.note}</div>}
                        </>
                      ),
                    }))}
                  />
                ) : (
                  <Empty description={t('case.noTimeline')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
                )}
              </Col>
              <Col span={12}>
                <Typography.Title level={3} style={{ fontSize: 15 }}>
                  {t('case.location')}
                </Typography.Title>
                {c.location ? (
                  <GeoMap
                    height={220}
                    label={t('case.location')}
                    features={[
                      {
                        id: c.id,
                        geometry: { type: 'Point', coordinates: [c.location.lng, c.location.lat] },
                        color: '#cf1322',
                      },
                    ]}
                  />
                ) : (
                  <Empty description={t('case.noLocation')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
                )}
                <Typography.Title level={3} style={{ fontSize: 15, marginTop: 12 }}>
                  {t('case.attachments')}
                </Typography.Title>
                {c.attachments?.length ? (
                  <List
                    size="small"
                    dataSource={c.attachments}
                    renderItem={(a) => (
                      <List.Item>
                        <a href={a.url} target="_blank" rel="noreferrer">
                          <PaperClipOutlined aria-hidden /> {a.name}
                        </a>
                      </List.Item>
                    )}
                  />
                ) : (
                  <Empty description={t('case.noAttachments')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
                )}
              </Col>
            </Row>
          </Space>
        )}
      </DataState>
      {acting && c && (
        <ActionModal
          action={acting}
          caseIds={[c.id]}
          unit={c.unitCode}
          category={c.category}
          onCancel={() => setActing(null)}
          onDone={() => {
            setActing(null);
            message.success(t('dispatch.done'));
            detail.reload();
            onChanged();
          }}
        />
      )}
    </Drawer>
  );
}
