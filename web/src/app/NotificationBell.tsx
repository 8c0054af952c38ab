import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popover, Space, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import type { Case, Page } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { labelOf, useI18n } from '../i18n/i18n';
import { formatTime } from '../lib/dates';
import { useEventStream, type StreamEvent } from '../lib/event-stream';
import { useNames } from '../lib/names';
import { useAsync } from '../lib/use-async';
import { useCategories } from '../lib/use-categories';
import { alertOfCase, mergeAlerts, type ExistingAlerts } from './bell-alerts';

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

/** The overdue and warned cases already in the user's scope, earliest deadline first, with their number. */
async function loadExisting(signal: AbortSignal): Promise<ExistingAlerts> {
  const page = await api.get<Page<Case>, '/api/v1/cases'>('/api/v1/cases', {
    query: { alert: 'overdue_or_warning', sort: 'deadline', limit: 20, withTotal: 'true' },
    signal,
  });
  return { items: page.items.map(alertOfCase), total: page.total ?? page.items.length };
}

/**
 * 消息提醒: the overdue and warned cases that exist when the page opens, then the overdue and deadline
 * warnings from the event stream (both scoped to the user by the gateway), with the number not yet seen; a
 * click opens the case on the desk.
 */
export function NotificationBell() {
  const { t, locale } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { categoryName } = useCategories();
  const [live, setLive] = useState<CaseAlert[]>([]);
  /** The count when the list was last opened: what came since is unread. */
  const [seen, setSeen] = useState(0);
  const readable = can('case:read');
  const existing = useAsync(async (signal) => (readable ? loadExisting(signal) : null), [readable]);
  const { items: alerts, count } = mergeAlerts(existing.data ?? null, live, KEEP);
  const [open, setOpen] = useState(false);
  const onEvent = useCallback((event: StreamEvent) => {
    const alert = alertOf(event);
    if (!alert) return;
    setLive((list) => (list.some((a) => a.key === alert.key) ? list : [alert, ...list].slice(0, KEEP)));
  }, []);
  useEventStream(readable, onEvent, ALERT_EVENTS, true);
  const nameOf = useNames(alerts.map((a) => a.unitCode));
  const unread = Math.max(0, count - seen);
  if (!readable) return null;

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
        if (next) setSeen(count);
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
