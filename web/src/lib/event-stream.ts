import { useEffect, useRef, useState } from 'react';
import { session } from '../auth/session';

export type StreamStatus = 'connecting' | 'open' | 'error';

export interface StreamEvent {
  type: string;
  data: unknown;
  receivedAt: number;
}

/**
 * Case events over server-sent events (GET /api/v1/stream). EventSource cannot send headers, so the access
 * token travels as the `access_token` query parameter; the browser reconnects by itself and resumes from
 * the last event id.
 */
export function useEventStream(
  enabled: boolean,
  onEvent: (event: StreamEvent) => void,
  eventTypes: string[] = ['message'],
): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const types = eventTypes.join(',');
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const token = session.accessToken() ?? '';
    const source = new EventSource(`/api/v1/stream?access_token=${encodeURIComponent(token)}`);
    setStatus('connecting');
    source.onopen = () => setStatus('open');
    source.onerror = () => setStatus('error');
    const listener = (message: MessageEvent<string>) => {
      let data: unknown = message.data;
      try {
        data = JSON.parse(message.data);
      } catch {
        /* plain text event */
      }
      handler.current({ type: message.type, data, receivedAt: Date.now() });
    };
    for (const type of types.split(',')) source.addEventListener(type, listener as EventListener);
    return () => source.close();
  }, [enabled, types]);
  return status;
}
