import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popover, Space, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router';
import { useAuth } from '../auth/auth-context';
import { labelOf, useI18n } from '../i18n/i18n';
import { formatTime } from '../lib/dates';
import { useEventStream, type StreamEvent } from '../lib/event-stream';
import { useNames } from '../lib/names';
import { useCategories } from '../lib/use-categories';

/** The clock events worth interrupting someone for; the gateway sends only those in the user's scope. */
export const ALERT_EVENTS = ['case.v1.overdue', 'case.v1.deadline-warning'];
const KEEP = 50;

export interface CaseAlert {
  /** The stream's event id: one entry per event, even when a case warns and then runs over. */
  key: string;
  kind: 'overdue' | 'deadline-warning';
  caseId: string;
  category: string | null;
  unitCode: string | null;
  occurredAt: string;
}

/** A stream event as an alert, or null for anything else (a malformed event is ignored, not shown). */
export function alertOf(event: StreamEvent): CaseAlert | null {
  const envelope = (event.data ?? {}) as {
    id?: string;
    type?: string;
    data?: Partial<Record<'caseId' | 'category' | 'unitCode' | 'occurredAt', string>>;
  };
  const kind = (envelope.type ?? event.type).replace(/^case\.v1\./, '');
  const d = envelope.data ?? {};
  if ((kind !== 'overdue' && kind !== 'deadline-warning') || !d.caseId) return null;
  return {
    key: envelope.id ?? `${d.caseId}:${kind}:${event.receivedAt}`,
    kind,
    caseId: d.caseId,
    category: d.category ?? null,
    unitCode: d.unitCode ?? null,
    occurredAt: d.occurredAt ?? new Date(event.receivedAt).toISOString(),
  };
}

/**
 * 消息提醒: overdue and deadline warnings from the event stream (scoped to the user by the gateway), newest
 * first, with the number not yet seen; a click opens the case on the desk.
 */
export function NotificationBell() {
  const { t, locale } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { categoryName } = useCategories();
  const [alerts, setAlerts] = useState<CaseAlert[]>([]);
  /** The alerts shown when the list was last opened: the rest are unread. */
  const [seen, setSeen] = useState<ReadonlySet<string>>(new Set());
  const [open, setOpen] = useState(false);
  const onEvent = useCallback((event: StreamEvent) => {
    const alert = alertOf(event);
    if (!alert) return;
    setAlerts((list) => (list.some((a) => a.key === alert.key) ? list : [alert, ...list].slice(0, KEEP)));
  }, []);
  useEventStream(can('case:read'), onEvent, ALERT_EVENTS, true);
  const nameOf = useNames(alerts.map((a) => a.unitCode));
  const unread = alerts.filter((a) => !seen.has(a.key)).length;
  if (!can('case:read')) return null;

  const openCase = (alert: CaseAlert) => {
    setOpen(false);
    void navigate(`/dispatch/cases/${alert.caseId}`);
  };
  const content = (
    <div style={{ width: 340, maxHeight: 420, overflowY: 'auto' }}>
      {alerts.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('alerts.none')} />
      ) : (
        <List
          size="small"
          dataSource={alerts}
          renderItem={(alert) => (
            <List.Item
              style={{ cursor: 'pointer' }}
              onClick={() => openCase(alert)}
              actions={[
                <Button key="open" type="link" size="small" onClick={() => openCase(alert)}>
                  {t('alerts.open')}
                </Button>,
              ]}
            >
              <Space direction="vertical" size={0}>
                <Space size={4}>
                  <Tag color={alert.kind === 'overdue' ? 'red' : 'orange'}>
                    {labelOf(t, 'event', alert.kind)}
                  </Tag>
                  <Typography.Text>{alert.category ? categoryName(alert.category) : '—'}</Typography.Text>
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {nameOf(alert.unitCode)} · {formatTime(alert.occurredAt, locale)}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </div>
  );
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      title={t('alerts.title')}
      content={content}
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) setSeen(new Set(alerts.map((a) => a.key)));
      }}
    >
      <Badge count={unread} size="small" offset={[-4, 4]}>
        <Button
          type="text"
          icon={<BellOutlined />}
          aria-label={t('alerts.bell', { count: unread })}
          data-unread={unread}
        />
      </Badge>
    </Popover>
  );
}
