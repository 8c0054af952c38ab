import { Injectable, type NestMiddleware } from '@nestjs/common';
import { DomainError, IdentityContext, PROBLEM_CONTENT_TYPE, logger, toProblem } from '@yiwang/platform';
import type { NextFunction, Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { pathOf } from '../auth/auth.middleware.js';
import { IdempotencyRepository } from './idempotency.repository.js';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
const KEY = /^[\x21-\x7e]{1,255}$/;
/** Larger answers are not kept: a retry then gets 409 rather than a truncated copy. */
const MAX_STORED = 1024 * 1024;

/**
 * `Idempotency-Key` on POSTs, gateway-wide: the first request with a key (per caller and route) runs and
 * its answer is kept; a retry with the same key and the same request gets that answer again with
 * `Idempotency-Replayed: true`; the same key with another request is refused (422); a retry while the
 * first is still running is refused (409). Answers of 5xx are not kept, so the caller may retry.
 */
@Injectable()
export class IdempotencyMiddleware implements NestMiddleware {
  constructor(private readonly store: IdempotencyRepository) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const key = request.get(IDEMPOTENCY_HEADER);
    if (request.method !== 'POST' || key === undefined) return next();
    const identity = IdentityContext.current();
    if (!identity) return next(); // public routes (login) are not covered
    if (!KEY.test(key)) {
      return problem(
        response,
        request,
        DomainError.invalid('request.invalid', 'The request is not valid', [
          { field: 'header.Idempotency-Key', message: '1–255 visible ASCII characters' },
        ]),
      );
    }
    const caller = `${identity.kind}:${identity.subject}`;
    const route = pathOf(request).slice(0, 500);
    const hash = requestHash(request, route);
    this.run(caller, key, route, hash, request, response, next).catch((error: unknown) => {
      logger().error({ err: error }, 'idempotency store failed');
      problem(response, request, DomainError.unavailable('idempotency.unavailable', 'Try again shortly'));
    });
  }

  private async run(
    caller: string,
    key: string,
    route: string,
    hash: string,
    request: Request,
    response: Response,
    next: NextFunction,
  ): Promise<void> {
    if (!(await this.store.claim(caller, key, route, hash))) {
      const stored = await this.store.find(caller, key, route);
      if (!stored || stored.status === null) {
        return problem(
          response,
          request,
          DomainError.conflict(
            'idempotency.in_progress',
            'A request with this Idempotency-Key is in progress',
          ),
        );
      }
      if (stored.requestHash !== hash) {
        return problem(
          response,
          request,
          new DomainError(
            'unprocessable',
            'idempotency.key_reused',
            'This Idempotency-Key was used with a different request',
          ),
        );
      }
      response.status(stored.status).setHeader('Idempotency-Replayed', 'true');
      if (stored.contentType) response.setHeader('Content-Type', stored.contentType);
      response.send(stored.body ?? '');
      return;
    }
    let body = '';
    const send = response.send.bind(response);
    response.send = ((chunk?: unknown) => {
      body = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : body;
      return send(chunk);
    }) as Response['send'];
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      const keep = response.writableFinished && response.statusCode < 500 && body.length <= MAX_STORED;
      const work = keep
        ? this.store.complete(caller, key, route, {
            status: response.statusCode,
            contentType: String(response.getHeader('content-type') ?? '') || null,
            body,
          })
        : this.store.release(caller, key, route);
      work.catch((error: unknown) => logger().error({ err: error }, 'idempotency store failed'));
    };
    response.once('finish', settle);
    response.once('close', settle);
    next();
  }
}

function requestHash(request: Request, route: string): string {
  const body =
    request.body !== undefined
      ? JSON.stringify(request.body)
      : `${request.get('content-type') ?? ''};${request.get('content-length') ?? ''}`;
  return createHash('sha256')
    .update(`${request.method}\n${route}\n${JSON.stringify(request.query ?? {})}\n${body}`)
    .digest('hex');
}

function problem(response: Response, request: Request, error: DomainError): void {
  const p = toProblem(error, request.originalUrl);
  response.status(p.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(p));
}
