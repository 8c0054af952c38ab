import { useEffect, useRef, useState } from 'react';
import { session } from '../auth/session';

export type StreamStatus = 'connecting' | 'open' | 'error';

export interface StreamEvent {
  type: string;
  data: unknown;
  receivedAt: number;
}

const RECONNECT_MS = 3000;

export function streamUrl(token: string, lastEventId: string | null, types?: string): string {
  const query = new URLSearchParams({ access_token: token });
  if (lastEventId) query.set('lastEventId', lastEventId);
  if (types) query.set('types', types);
  return `/api/v1/stream?${query.toString()}`;
}

/**
 * Case events over server-sent events (GET /api/v1/stream). EventSource cannot send headers, so the access
 * token travels as the `access_token` query parameter. The browser retries a dropped connection by itself;
 * when the gateway refuses it (an expired token closes the source), this refreshes the token and reconnects
 * from the last event seen (`lastEventId`), so nothing is missed.
 */
export function useEventStream(
  enabled: boolean,
  onEvent: (event: StreamEvent) => void,
  eventTypes: string[] = ['message'],
  /** Ask the gateway for these event types only (it filters before sending). */
  serverFilter = false,
): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const types = eventTypes.join(',');
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let lastEventId: string | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const listener = (message: MessageEvent<string>) => {
      if (message.lastEventId) lastEventId = message.lastEventId;
      let data: unknown = message.data;
      try {
        data = JSON.parse(message.data);
      } catch {
        /* plain text event */
      }
      handler.current({ type: message.type, data, receivedAt: Date.now() });
    };
    const connect = () => {
      if (stopped) return;
      setStatus('connecting');
      source = new EventSource(
        streamUrl(session.accessToken() ?? '', lastEventId, serverFilter ? types : undefined),
      );
      source.onopen = () => setStatus('open');
      source.onerror = () => {
        setStatus('error');
        if (source?.readyState !== EventSource.CLOSED) return; // the browser retries by itself
        source.close();
        timer = setTimeout(() => void session.refresh().finally(connect), RECONNECT_MS);
      };
      for (const type of types.split(',')) source.addEventListener(type, listener as EventListener);
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    };
  }, [enabled, types, serverFilter]);
  return status;
}
