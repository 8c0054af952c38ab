import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { CONFIG, entityColumns, execute, queryOne, sql, type Row, type Sql } from '@yiwang/platform';
import { DataSource } from 'typeorm';
import { IdempotencyKeyEntity } from './idempotency-key.entity.js';
import type { GatewayConfig } from '../gateway.config.js';

export type StoredResponse = Pick<Row<IdempotencyKeyEntity>, (typeof STORED)[number]>;

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

  private get keys() {
    return entityColumns(this.dataSource, IdempotencyKeyEntity);
  }

  /** The row of one caller's key on one route. */
  private identifies(caller: string, key: string, route: string): Sql {
    return sql`caller = ${caller} AND idempotency_key = ${key} AND route = ${route}`;
  }

  /**
   * Claims the key for this request and returns the claim's token (its creation instant), or null when
   * someone holds it (then `find` says what they sent). An expired key, or one left in progress past the
   * lease (its request's outcome was never recorded), is taken over.
   */
  async claim(caller: string, key: string, route: string, requestHash: string): Promise<string | null> {
    const k = this.keys;
    const row = await queryOne<{ claim: string }>(
      this.dataSource,
      sql`${k.insert([{ caller, key, route, requestHash }], ['caller', 'key', 'route', 'requestHash'])}
          ON CONFLICT (${k.names(['caller', 'key', 'route'])}) DO UPDATE
            SET request_hash = EXCLUDED.request_hash, status = NULL, content_type = NULL, body = NULL,
                created_at = clock_timestamp()
            WHERE idempotency_keys.created_at < now() - make_interval(hours => ${this.config.IDEMPOTENCY_TTL_HOURS})
               OR (idempotency_keys.status IS NULL
                   AND idempotency_keys.created_at < now() - make_interval(secs => ${this.config.IDEMPOTENCY_LEASE_SECONDS}))
          RETURNING created_at::text AS claim`,
    );
    return row?.claim ?? null;
  }

  async find(caller: string, key: string, route: string): Promise<StoredResponse | null> {
    const k = this.keys;
    return queryOne<StoredResponse>(
      this.dataSource,
      sql`SELECT ${k.select(undefined, STORED)} FROM ${k.table} WHERE ${this.identifies(caller, key, route)}`,
    );
  }

  /** Records the answer of the claim `claim`; a claim taken over after its lease records nothing. */
  async complete(
    caller: string,
    key: string,
    route: string,
    claim: string,
    response: { status: number; contentType: string | null; body: string },
  ): Promise<void> {
    const k = this.keys;
    await execute(
      this.dataSource,
      sql`UPDATE ${k.table} SET ${k.assign(response, ['status', 'contentType', 'body'])}
          WHERE ${this.identifies(caller, key, route)} AND created_at = ${claim}::timestamptz
            AND status IS NULL`,
    );
  }

  /** Lets the key be used again (the first attempt failed on our side, or never finished). */
  async release(caller: string, key: string, route: string, claim: string): Promise<void> {
    await execute(
      this.dataSource,
      sql`DELETE FROM ${this.keys.table}
          WHERE ${this.identifies(caller, key, route)} AND created_at = ${claim}::timestamptz
            AND status IS NULL`,
    );
  }

  async purge(): Promise<void> {
    await execute(
      this.dataSource,
      sql`DELETE FROM ${this.keys.table}
          WHERE created_at < now() - make_interval(hours => ${this.config.IDEMPOTENCY_TTL_HOURS})`,
    );
  }
}

const STORED = [
  'requestHash',
  'status',
  'contentType',
  'body',
] as const satisfies readonly (keyof IdempotencyKeyEntity)[];
