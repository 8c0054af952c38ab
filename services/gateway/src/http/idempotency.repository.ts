import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { CONFIG } from '@yiwang/platform';
import { DataSource } from 'typeorm';
import type { GatewayConfig } from '../gateway.config.js';

export interface StoredResponse {
  requestHash: string;
  status: number | null;
  contentType: string | null;
  body: string | null;
}

/** Idempotency keys per caller and route; expired ones are reclaimed on use and purged hourly. */
@Injectable()
export class IdempotencyRepository implements OnModuleInit, OnModuleDestroy {
  private purger: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  onModuleInit(): void {
    this.purger = setInterval(() => void this.purge().catch(() => undefined), 3600_000);
    this.purger.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.purger);
  }

  /**
   * Claims the key for this request and returns the claim's token (its creation instant), or null when
   * someone holds it (then `find` says what they sent). An expired key, or one left in progress past the
   * lease (its request's outcome was never recorded), is taken over.
   */
  async claim(caller: string, key: string, route: string, requestHash: string): Promise<string | null> {
    const rows = await this.dataSource.query<{ claim: string }[]>(
      `INSERT INTO idempotency_keys (caller, idempotency_key, route, request_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (caller, idempotency_key, route) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, status = NULL, content_type = NULL, body = NULL,
             created_at = clock_timestamp()
         WHERE idempotency_keys.created_at < now() - make_interval(hours => $5)
            OR (idempotency_keys.status IS NULL
                AND idempotency_keys.created_at < now() - make_interval(secs => $6))
       RETURNING created_at::text AS claim`,
      [
        caller,
        key,
        route,
        requestHash,
        this.config.IDEMPOTENCY_TTL_HOURS,
        this.config.IDEMPOTENCY_LEASE_SECONDS,
      ],
    );
    return rows[0]?.claim ?? null;
  }

  async find(caller: string, key: string, route: string): Promise<StoredResponse | null> {
    const [row] = await this.dataSource.query<StoredResponse[]>(
      `SELECT request_hash AS "requestHash", status, content_type AS "contentType", body
       FROM idempotency_keys WHERE caller = $1 AND idempotency_key = $2 AND route = $3`,
      [caller, key, route],
    );
    return row ?? null;
  }

  /** Records the answer of the claim `claim`; a claim taken over after its lease records nothing. */
  async complete(
    caller: string,
    key: string,
    route: string,
    claim: string,
    response: { status: number; contentType: string | null; body: string },
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET status = $5, content_type = $6, body = $7
       WHERE caller = $1 AND idempotency_key = $2 AND route = $3 AND created_at = $4::timestamptz
         AND status IS NULL`,
      [caller, key, route, claim, response.status, response.contentType, response.body],
    );
  }

  /** Lets the key be used again (the first attempt failed on our side, or never finished). */
  async release(caller: string, key: string, route: string, claim: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys
       WHERE caller = $1 AND idempotency_key = $2 AND route = $3 AND created_at = $4::timestamptz
         AND status IS NULL`,
      [caller, key, route, claim],
    );
  }

  async purge(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`,
      [this.config.IDEMPOTENCY_TTL_HOURS],
    );
  }
}
