import { randomUUID } from 'node:crypto';
import { waitFor } from '@yiwang/testing';
import { call, caseTransition, startGateway, type GatewayOnly } from './gateway-only.js';

interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
}

/** A real text/event-stream reader over fetch: events and comment lines (heartbeats) as they arrive. */
class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  status = 0;
  contentType = '';
  private readonly controller = new AbortController();
  private constructor() {}

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    const response = await fetch(url, {
      headers: { accept: 'text/event-stream', ...headers },
      signal: client.controller.signal,
    });
    client.status = response.status;
    client.contentType = response.headers.get('content-type') ?? '';
    if (response.ok && response.body) void client.read(response.body);
    else await response.body?.cancel();
    return client;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) event.id = line.slice(4);
            else if (line.startsWith('event: ')) event.event = line.slice(7);
            else if (line.startsWith('data: ')) event.data = line.slice(6);
          }
          if (event.data !== undefined) this.events.push(event);
        }
      }
    } catch {
      // aborted
    }
  }

  caseIds(): string[] {
    return this.events.map((e) => (JSON.parse(e.data!) as { data: { caseId: string } }).data.caseId);
  }

  close(): void {
    this.controller.abort();
  }
}

/** GET /api/v1/stream: case events inside the caller's scope, with heartbeats and Last-Event-ID resume. */
describe('case event stream (SSE)', () => {
  let gw: GatewayOnly;
  const open: SseClient[] = [];

  beforeAll(async () => {
    gw = await startGateway('stream', { STREAM_HEARTBEAT_MS: '300' });
  }, 600_000);

  afterAll(async () => {
    for (const client of open) client.close();
    await gw?.stop();
  });

  const connect = async (path: string, headers: Record<string, string> = {}) => {
    const client = await SseClient.open(`${gw.url}${path}`, headers);
    open.push(client);
    return client;
  };

  it('streams only in-scope events, to header or query-token callers, with heartbeats and resume', async () => {
    const department = `D${randomUUID().slice(0, 6)}`;
    const handler = await gw.tokenFor('department_handler', '440106', department);
    const dispatcher = await gw.tokenFor('street_dispatcher', '440106001');
    const otherStreet = await gw.tokenFor('grid_worker', '440106002001');

    const handlerStream = await connect('/api/v1/stream', { authorization: `Bearer ${handler}` });
    const dispatcherStream = await connect(`/api/v1/stream?access_token=${dispatcher}`);
    const otherStream = await connect(`/api/v1/stream?access_token=${otherStreet}&types=case.v1.dispatched`);
    expect(handlerStream.status).toBe(200);
    expect(handlerStream.contentType).toContain('text/event-stream');
    expect(dispatcherStream.status).toBe(200);

    const inStreetForDept = caseTransition('dispatched', {
      unitCode: '440106001002',
      departmentCode: department,
    });
    const inStreetOtherDept = caseTransition('dispatched', {
      unitCode: '440106001002',
      departmentCode: 'OTHER',
    });
    const otherStreetForDept = caseTransition('dispatched', {
      unitCode: '440106002001',
      departmentCode: department,
    });
    const otherDistrict = caseTransition('dispatched', {
      unitCode: '440105001001',
      departmentCode: department,
    });
    const acceptedInOtherStreet = caseTransition('accepted', {
      unitCode: '440106002001',
      departmentCode: department,
    });
    const first = await gw.publishCase('case.v1.dispatched', inStreetForDept);
    await gw.publishCase('case.v1.dispatched', inStreetOtherDept);
    await gw.publishCase('case.v1.dispatched', otherStreetForDept);
    await gw.publishCase('case.v1.dispatched', otherDistrict);
    await gw.publishCase('case.v1.accepted', acceptedInOtherStreet);

    await waitFor(
      () =>
        handlerStream.events.length >= 3 &&
        dispatcherStream.events.length >= 2 &&
        otherStream.events.length >= 1,
      { timeoutMs: 15_000 },
    );
    await new Promise((r) => setTimeout(r, 700));
    expect(handlerStream.caseIds()).toEqual([
      inStreetForDept.caseId,
      otherStreetForDept.caseId,
      acceptedInOtherStreet.caseId,
    ]);
    expect(dispatcherStream.caseIds()).toEqual([inStreetForDept.caseId, inStreetOtherDept.caseId]);
    // The grid worker asked for dispatches only: the accept in its grid is filtered out by type.
    expect(otherStream.caseIds()).toEqual([otherStreetForDept.caseId]);
    expect(handlerStream.events[0]).toMatchObject({ id: String(first.seq), event: 'case.v1.dispatched' });
    expect(handlerStream.comments).toContain('heartbeat');

    // Reconnect after the first event: the rest come again from the stream, in order, still filtered.
    const resumed = await connect('/api/v1/stream', {
      authorization: `Bearer ${handler}`,
      'last-event-id': String(first.seq),
    });
    await waitFor(() => resumed.events.length >= 2, { timeoutMs: 15_000 });
    await new Promise((r) => setTimeout(r, 500));
    expect(resumed.caseIds()).toEqual([otherStreetForDept.caseId, acceptedInOtherStreet.caseId]);
    const later = caseTransition('resolved', { unitCode: '440106001002', departmentCode: department });
    await gw.publishCase('case.v1.resolved', later);
    await waitFor(() => resumed.events.length >= 3 && handlerStream.events.length >= 4);
    expect(resumed.caseIds()[2]).toBe(later.caseId);
  });

  it('takes the query token on the stream only, and refuses without a valid one', async () => {
    const token = await gw.tokenFor('street_dispatcher', '440106001');
    expect((await call(gw.url, 'GET', `/api/v1/auth/me?access_token=${token}`, null)).status).toBe(401);
    const anonymous = await connect('/api/v1/stream');
    expect(anonymous.status).toBe(401);
    const forged = await connect(`/api/v1/stream?access_token=${token.slice(0, -4)}AAAA`);
    expect(forged.status).toBe(401);
    const noRead = await gw.tokenFor('department_handler', '440106', 'X');
    expect((await connect(`/api/v1/stream?access_token=${noRead}&types=bad type`)).status).toBe(400);
  });
});
