import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import {
  CONFIG,
  DomainError,
  IdentityContext,
  PROBLEM_CONTENT_TYPE,
  logger,
  problemHeaders,
  toProblem,
} from '@yiwang/platform';
import type { NextFunction, Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { pathOf } from '../auth/auth.middleware.js';
import type { GatewayConfig } from '../gateway.config.js';
import { IdempotencyRepository } from './idempotency.repository.js';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
const KEY = /^[\x21-\x7e]{1,255}$/;
/** Larger answers are not kept: a retry then gets 409 rather than a truncated copy. */
const MAX_STORED = 1024 * 1024;

/**
 * `Idempotency-Key` on POSTs, gateway-wide: the first request with a key (per caller and route) runs and
 * its answer is kept; a retry with the same key and the same request gets that answer again with
 * `Idempotency-Replayed: true`; the same key with another request is refused (422); a retry while the
 * first is still running is refused (409). Answers of 5xx are not kept, so the caller may retry. An
 * outcome that cannot be recorded at once (the database restarting) is retried until it is, and a key
 * left in progress past IDEMPOTENCY_LEASE_SECONDS is taken over, so no key stays refused for its TTL.
 */
@Injectable()
export class IdempotencyMiddleware implements NestMiddleware {
  private readonly leaseMs: number;

  constructor(
    private readonly store: IdempotencyRepository,
    @Inject(CONFIG) config: GatewayConfig,
  ) {
    this.leaseMs = config.IDEMPOTENCY_LEASE_SECONDS * 1000;
  }

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
    const claim = await this.store.claim(caller, key, route, hash);
    if (!claim) {
      // The first request's outcome is recorded just after its answer is sent: a client that repeats the
      // moment it has read that answer may arrive before the record. Wait briefly for it rather than
      // answer "in progress" to a request that is already done.
      let stored = await this.store.find(caller, key, route);
      for (let waited = 0; stored && stored.status === null && waited < OUTCOME_WAIT_MS; waited += 50) {
        await new Promise((r) => setTimeout(r, 50));
        stored = await this.store.find(caller, key, route);
      }
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
      const record = keep
        ? () =>
            this.store.complete(caller, key, route, claim, {
              status: response.statusCode,
              contentType: String(response.getHeader('content-type') ?? '') || null,
              body,
            })
        : () => this.store.release(caller, key, route, claim);
      void this.untilRecorded(record);
    };
    response.once('finish', settle);
    response.once('close', settle);
    next();
  }

  /**
   * The outcome must reach the store, or every retry of the key would be refused as in progress: a
   * failed write (the database restarting) is retried with a growing pause until it succeeds or the
   * key's lease runs out, after which the next request with the key takes it over anyway.
   */
  private async untilRecorded(record: () => Promise<void>): Promise<void> {
    const until = Date.now() + this.leaseMs;
    for (let attempt = 1, pause = 200; ; attempt += 1, pause = Math.min(pause * 2, 5000)) {
      try {
        await record();
        if (attempt > 1) logger().info({ attempt }, 'idempotency outcome recorded after a retry');
        return;
      } catch (error) {
        if (Date.now() + pause > until) {
          logger().error({ err: error }, 'idempotency outcome not recorded; the key frees at its lease');
          return;
        }
        if (attempt === 1) logger().warn({ err: error }, 'idempotency outcome not recorded yet; retrying');
        await new Promise((r) => setTimeout(r, pause));
      }
    }
  }
}

/** How long a repeated request waits for the first one's outcome to be recorded before answering 409. */
const OUTCOME_WAIT_MS = 2000;

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
  response.status(p.status).set(problemHeaders(p)).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(p));
}
