import { Injectable } from '@nestjs/common';
import { entityColumns, queryOne, sql } from '@yiwang/platform';
import { DataSource } from 'typeorm';
import { RateLimitBucketEntity } from './api-client.entity.js';

/** The only code that touches rate_limit_buckets. The database clock is the only clock. */
@Injectable()
export class RateLimitRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get buckets() {
    return entityColumns(this.dataSource, RateLimitBucketEntity);
  }

  /**
   * Moves the key's theoretical arrival time on by `interval` seconds when that stays within `window` of
   * now, in one upsert; the seconds it is then ahead of now, or null when the request does not fit.
   */
  async advance(key: string, interval: number, window: number): Promise<number | null> {
    const b = this.buckets;
    const step = sql`make_interval(secs => ${interval})`;
    const row = await queryOne<{ ahead: number }>(
      this.dataSource,
      sql`INSERT INTO ${b.table} AS b (${b.names(['key', 'tat'])})
          VALUES (${key}, statement_timestamp() + ${step})
          ON CONFLICT (${b.names(['key'])}) DO UPDATE
            SET tat = GREATEST(b.tat, statement_timestamp()) + ${step}
            WHERE GREATEST(b.tat, statement_timestamp()) + ${step} - make_interval(secs => ${window})
                  <= statement_timestamp()
          RETURNING EXTRACT(EPOCH FROM (tat - statement_timestamp()))::float8 AS ahead`,
    );
    return row ? Number(row.ahead) : null;
  }

  /** Seconds the key's bucket is ahead of now (0 when it has none). */
  async ahead(key: string): Promise<number> {
    const b = this.buckets;
    const row = await queryOne<{ ahead: number }>(
      this.dataSource,
      sql`SELECT EXTRACT(EPOCH FROM (tat - statement_timestamp()))::float8 AS ahead FROM ${b.table}
          WHERE key = ${key}`,
    );
    return Number(row?.ahead ?? 0);
  }
}
