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
import { api, fetchBlob } from '../../api/client';
import type { Attachment, CaseDetail as CaseDetailData } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { DataState } from '../../components/DataState';
import { GeoMap } from '../../components/GeoMap';
import { labelOf, useI18n } from '../../i18n/i18n';
import { formatTime } from '../../lib/dates';
import { download } from '../../lib/export';
import { useAsync } from '../../lib/use-async';
import { displayText } from '../../lib/display';
import { CodeName } from '../../lib/names';
import { ActionModal } from './ActionModal';
import { actionsFor, type CaseAction } from './actions';
import { CasePhotos } from './CasePhotos';
import { CaseRecord } from './CaseRecord';
import { shortId } from './short-id';

/** A case: details, the timeline of transitions, its location on the map, attachments and the actions allowed. */
export function CaseDetail({
  id,
  onClose,
  onChanged,
  categoryName,
}: {
  id: string;
  onClose: () => void;
  onChanged: () => void;
  categoryName: (code: string) => string;
}) {
  const { t, locale } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const [acting, setActing] = useState<CaseAction | null>(null);
  const detail = useAsync(
    (signal) =>
      api.get<CaseDetailData, '/api/v1/cases/{id}'>('/api/v1/cases/{id}', { params: { id }, signal }),
    [id],
  );
  const attachments = useAsync(
    async (signal) =>
      (
        await api.get<{ items: Attachment[] }, '/api/v1/cases/{id}/attachments'>(
          '/api/v1/cases/{id}/attachments',
          {
            params: { id },
            signal,
          },
        )
      ).items,
    [id],
  );
  const open = async (a: Attachment) => {
    try {
      download(a.name, await fetchBlob(`/api/v1/cases/${id}/attachments/${a.id}`), a.type);
    } catch {
      message.error(t('case.attachmentFailed'));
    }
  };
  const c = detail.data;
  const actions = c ? actionsFor(can, c.allowedActions) : [];
  return (
    <Drawer open size={720} title={c ? displayText(c.title) : t('dispatch.case')} onClose={onClose}>
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
                  {labelOf(t, 'action', a.action)}
                </Button>
              ))}
            </Space>
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label={t('case.id')} span={2}>
                <Typography.Text code>{shortId(c.id)}</Typography.Text>{' '}
                <Typography.Text copyable type="secondary">
                  {c.id}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('case.state')}>
                <Tag color={c.overdue ? 'red' : 'blue'}>{labelOf(t, 'caseState', c.state)}</Tag>
                {c.overdue && <Tag color="red">{t('case.overdue')}</Tag>}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.category')}>{categoryName(c.category)}</Descriptions.Item>
              <Descriptions.Item label={t('case.priority')}>
                {labelOf(t, 'priority', c.priority)}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.channel')}>
                {labelOf(t, 'channel', c.channel)}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.unit')}>
                <CodeName code={c.unitCode} />
              </Descriptions.Item>
              <Descriptions.Item label={t('case.department')}>
                <CodeName code={c.departmentCode} />
              </Descriptions.Item>
              <Descriptions.Item label={t('case.tier')}>
                {labelOf(t, 'level', c.tier)} <CodeName code={c.tierUnitCode} />
              </Descriptions.Item>
              <Descriptions.Item label={t('case.createdAt')}>
                {formatTime(c.createdAt, locale)}
              </Descriptions.Item>
              {c.description && (
                <Descriptions.Item label={t('case.description')} span={2}>
                  {displayText(c.description)}
                </Descriptions.Item>
              )}
            </Descriptions>
            <CaseRecord c={c} />
            <Row gutter={12}>
              <Col span={12}>
                <Typography.Title level={3} style={{ fontSize: 15 }}>
                  {t('case.timeline')}
                </Typography.Title>
                {c.timeline?.length ? (
                  <Timeline
                    items={c.timeline.map((step) => ({
                      key: step.seq,
                      content: (
                        <>
                          <Typography.Text strong>{labelOf(t, 'action', step.action)}</Typography.Text> →{' '}
                          {labelOf(t, 'caseState', step.toState)}
                          <br />
                          <Typography.Text type="secondary">
                            {formatTime(step.occurredAt, locale)} <CodeName code={step.actorSubject} quiet />{' '}
                            {labelOf(t, 'role', step.actorRole)}{' '}
                            <CodeName code={step.actorDepartmentCode ?? step.actorUnitCode} quiet />
                          </Typography.Text>
                          {step.reason && <div>{displayText(step.reason)}</div>}
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
                  {t('case.photos')}
                </Typography.Title>
                <CasePhotos
                  caseId={c.id}
                  attachments={attachments.data ?? []}
                  timeline={c.timeline ?? []}
                  canUpload={can('case:attach') && c.state !== 'closed'}
                  onUploaded={attachments.reload}
                />
                <Typography.Title level={3} style={{ fontSize: 15, marginTop: 12 }}>
                  {t('case.attachments')}
                </Typography.Title>
                <DataState
                  loading={attachments.loading}
                  error={attachments.error}
                  onRetry={attachments.reload}
                >
                  {attachments.data?.length ? (
                    <List
                      size="small"
                      dataSource={attachments.data}
                      renderItem={(a) => (
                        <List.Item>
                          <Button
                            type="link"
                            size="small"
                            icon={<PaperClipOutlined />}
                            onClick={() => void open(a)}
                          >
                            {a.name}
                          </Button>
                          <Typography.Text type="secondary">{Math.ceil(a.size / 1024)} KB</Typography.Text>
                        </List.Item>
                      )}
                    />
                  ) : (
                    <Empty description={t('case.noAttachments')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
                  )}
                </DataState>
                {c.subtasks.length > 0 && (
                  <>
                    <Typography.Title level={3} style={{ fontSize: 15, marginTop: 12 }}>
                      {t('case.subtasks')}
                    </Typography.Title>
                    <List
                      size="small"
                      dataSource={c.subtasks}
                      renderItem={(s) => (
                        <List.Item>
                          <CodeName code={s.departmentCode} />：{displayText(s.task)} <Tag>{s.state}</Tag>
                        </List.Item>
                      )}
                    />
                  </>
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
