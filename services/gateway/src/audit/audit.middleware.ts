import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, logger } from '@yiwang/platform';
import type { AuditRecord } from './audit-record.js';
import { attachAuditState, isWrite, type AuditState } from './audit-state.js';
import type { AuditWriter } from './audit-writer.service.js';

const clip = (value: string | null | undefined, max: number) =>
  value == null ? null : value.length > max ? value.slice(0, max) : value;

/**
 * The first middleware of the gateway: gives each request an audit state and, when the response is done
 * (sent, failed or cut off), queues the record of every write and of every read of personal data with the
 * outcome. Installed before the body parser's errors can happen, so a refused body is recorded too.
 */
export function auditMiddleware(writer: AuditWriter): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const state = attachAuditState(response);
    captureErrorCode(response, state);
    // Read while the socket is there: a request cut off (a 413 mid-upload) has none when it closes.
    const origin: Origin = {
      ip: clip(request.ip ?? request.socket?.remoteAddress ?? null, 64),
      userAgent: clip(request.get('user-agent') ?? null, 500),
    };
    let done = false;
    const record = () => {
      if (done) return;
      done = true;
      if (!isWrite(request) && !state.personalData) return;
      try {
        writer.enqueue(recordOf(request, response, state, origin));
      } catch (error) {
        // An event-emitter callback: a throw here would take the whole gateway down.
        logger().error({ err: error, route: request.originalUrl }, 'audit record could not be made');
      }
    };
    response.once('finish', record);
    response.once('close', record);
    // A full queue holds new requests back rather than dropping their records later.
    if (writer.full) writer.room().then(() => next(), next);
    else next();
  };
}

interface Origin {
  ip: string | null;
  userAgent: string | null;
}

function recordOf(request: Request, response: Response, state: AuditState, origin: Origin): AuditRecord {
  const identity = state.identity;
  const template = (request.route as { path?: unknown } | undefined)?.path;
  const route = typeof template === 'string' ? template : (request.originalUrl ?? request.url).split('?')[0];
  const params = state.params ?? (request.params as Record<string, string> | undefined) ?? {};
  const status = response.writableFinished ? response.statusCode : 499; // 499: the client went away
  return {
    at: new Date(),
    subject: identity?.subject ?? null,
    roles: identity?.roles ?? [],
    clientId: identity?.kind === 'client' ? identity.subject : null,
    actorScope: identity?.scopePath ?? null,
    method: request.method.slice(0, 10),
    route: clip(route, 500)!,
    resourceIds: Object.fromEntries(
      Object.entries(params)
        .filter(([, v]) => typeof v === 'string')
        .map(([k, v]) => [k.slice(0, 50), v.slice(0, 200)]),
    ),
    action: clip(
      state.action ?? `${request.method} ${typeof template === 'string' ? template : 'unmatched'}`,
      200,
    )!,
    ip: origin.ip,
    userAgent: origin.userAgent,
    status,
    errorCode: status >= 400 ? clip(state.errorCode ?? `http.${status}`, 100) : null,
    // A refused request is filed under the caller's scope: what it named is only what the caller typed
    // (it must not put entries into another unit's log, nor hide them from the caller's own admins).
    unitPath: status < 400 ? clip(state.unitPath ?? state.inputUnitPath, 200) : null,
  };
}

/** Error answers are problem+json: their `code` goes into the record. */
function captureErrorCode(response: Response, state: AuditState): void {
  const send = response.send.bind(response);
  response.send = ((body?: unknown) => {
    if (response.statusCode >= 400 && typeof body === 'string' && body.length < 65_536) {
      const type = String(response.getHeader('content-type') ?? '');
      if (type.startsWith(PROBLEM_CONTENT_TYPE) || type.startsWith('application/json')) {
        try {
          const code = (JSON.parse(body) as { code?: unknown }).code;
          if (typeof code === 'string') state.errorCode = code;
        } catch {
          // not JSON: the status stands for the outcome
        }
      }
    }
    return send(body);
  }) as Response['send'];
}
