import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CONFIG, IdentityContext, logger, scopeOf } from '@yiwang/platform';
import { z } from 'zod';
import { AuthErrors } from '../auth/auth.errors.js';
import { RequirePermission } from '../auth/permission.guard.js';
import { subjectMatches, visibleTo, type EventScope } from '../events/event-scope.js';
import { envelope } from '../events/case-events.js';
import type { GatewayConfig } from '../gateway.config.js';
import { ApiRouteWriting, ValidHeaders, ValidQuery } from '../openapi/api-route.decorator.js';
import { CaseEventHub, type EventFeed, type StreamedEvent } from './case-event-hub.js';

const streamQuery = z
  .object({
    /** EventSource cannot set headers; the auth middleware reads it for this route only. */
    access_token: z.string().max(4096).optional(),
    /** Comma-separated subjects or `case.v1.*`; all case events by default. */
    types: z
      .string()
      .regex(/^[a-z0-9.*-]+(,[a-z0-9.*-]+)*$/, 'comma-separated event types')
      .max(1000)
      .optional(),
    /** Same as the Last-Event-ID header, for clients that cannot send it. */
    lastEventId: z
      .string()
      .regex(/^[0-9]{1,15}$/)
      .optional(),
  })
  .strict();
const streamHeaders = z.object({
  'Last-Event-ID': z
    .string()
    .regex(/^[0-9]{1,15}$/, 'a stream sequence number')
    .optional()
    .describe('Resume after this stream sequence (EventSource sends it on reconnect)'),
});

/** A slow reader is cut off rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 1 << 20;

/** Server-sent events: case events inside the caller's scope, for the UI. */
@Controller('api/v1/stream')
export class StreamHttpController {
  constructor(
    private readonly hub: CaseEventHub,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get()
  @RequirePermission('case:read')
  @ApiRouteWriting({
    tag: 'stream',
    summary:
      'Case events in your scope as text/event-stream (id = stream sequence; resume with Last-Event-ID)',
    query: streamQuery,
    headers: streamHeaders,
    response: z
      .string()
      .describe(
        'Server-sent events: `id:` stream sequence, `event:` case event type, `data:` the event JSON',
      ),
    responseType: 'text/event-stream',
  })
  async stream(
    @ValidQuery() q: z.output<typeof streamQuery>,
    @ValidHeaders() headers: z.output<typeof streamHeaders>,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const resumeFrom = headers['Last-Event-ID'] ?? q.lastEventId;
    const identity = IdentityContext.current();
    if (!identity) throw AuthErrors.missingToken();
    const scope: EventScope = { scopePath: scopeOf(identity), department: identity.department };
    const types = q.types?.split(',') ?? ['case.v1.*'];

    response.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    response.flushHeaders();
    response.write('retry: 3000\n\n');

    let closed = false;
    const send = (event: StreamedEvent) => {
      if (closed || !types.some((t) => subjectMatches(t, event.subject)) || !visibleTo(scope, event.event))
        return;
      if (response.writableLength > MAX_BUFFERED_BYTES) return close();
      response.write(
        `id: ${event.seq}\nevent: ${event.subject}\ndata: ${envelope(String(event.seq), event.subject, event.payload)}\n\n`,
      );
    };
    let feed: EventFeed | null = null;
    let unsubscribe: (() => void) | null = null;
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), this.config.STREAM_HEARTBEAT_MS);
    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      unsubscribe?.();
      void feed?.close();
      response.end();
    };
    request.on('close', close);
    // A stream outlives no token: at its expiry the stream ends and the client reconnects with a fresh
    // one (Last-Event-ID resumes where it stopped).
    const expiresIn = tokenExpiry(request) - Date.now();
    const expiry = Number.isFinite(expiresIn) ? setTimeout(close, Math.max(0, expiresIn)) : undefined;
    request.on('close', () => clearTimeout(expiry));
    try {
      if (resumeFrom !== undefined) feed = await this.hub.resume(Number(resumeFrom), send);
      else unsubscribe = this.hub.subscribe(send);
    } catch (error) {
      logger().warn({ err: error }, 'event stream could not start');
      close();
      return;
    }
    if (closed) {
      unsubscribe?.();
      void feed?.close();
    }
  }
}

/** The bearer or query token's `exp` (already verified by the auth middleware); Infinity for API keys. */
function tokenExpiry(request: Request): number {
  const bearer = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  const token =
    bearer ?? (typeof request.query.access_token === 'string' ? request.query.access_token : undefined);
  if (!token) return Infinity;
  try {
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return typeof exp === 'number' ? exp * 1000 : Infinity;
  } catch {
    return Infinity;
  }
}
