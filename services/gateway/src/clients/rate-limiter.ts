import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** When refused: seconds until one request is allowed. */
  retryAfterSeconds: number;
  /** The policy, for the RateLimit-Policy header: burst and the seconds it takes to refill. */
  windowSeconds: number;
}

/**
 * A token bucket (as the generic cell rate algorithm: one timestamp per key) in PostgreSQL, so every gateway
 * replica draws from the same bucket. One upsert per request decides; the database clock is the only clock.
 */
@Injectable()
export class RateLimiter {
  constructor(private readonly dataSource: DataSource) {}

  async take(key: string, ratePerSecond: number, burst: number): Promise<RateLimitResult> {
    const interval = 1 / ratePerSecond;
    const window = burst * interval;
    const rows: { ahead: number }[] = await this.dataSource.query(
      `INSERT INTO rate_limit_buckets AS b (key, tat) VALUES ($1, statement_timestamp() + make_interval(secs => $2))
       ON CONFLICT (key) DO UPDATE
         SET tat = GREATEST(b.tat, statement_timestamp()) + make_interval(secs => $2)
         WHERE GREATEST(b.tat, statement_timestamp()) + make_interval(secs => $2) - make_interval(secs => $3)
               <= statement_timestamp()
       RETURNING EXTRACT(EPOCH FROM (tat - statement_timestamp()))::float8 AS ahead`,
      [key, interval, window],
    );
    if (rows.length > 0) {
      const ahead = Number(rows[0].ahead);
      return {
        allowed: true,
        limit: burst,
        remaining: Math.max(0, Math.floor((window - ahead) / interval + 1e-9)),
        resetSeconds: Math.max(0, Math.ceil(ahead)),
        retryAfterSeconds: 0,
        windowSeconds: window,
      };
    }
    const [current]: { ahead: number }[] = await this.dataSource.query(
      `SELECT EXTRACT(EPOCH FROM (tat - statement_timestamp()))::float8 AS ahead FROM rate_limit_buckets WHERE key = $1`,
      [key],
    );
    const ahead = Number(current?.ahead ?? 0);
    return {
      allowed: false,
      limit: burst,
      remaining: 0,
      resetSeconds: Math.max(1, Math.ceil(ahead)),
      retryAfterSeconds: Math.max(1, Math.ceil(ahead + interval - window)),
      windowSeconds: window,
    };
  }
}

/** IETF draft RateLimit fields plus the widely used RateLimit-Limit/Remaining/Reset trio. */
export function rateLimitHeaders(result: RateLimitResult): Record<string, string> {
  const headers: Record<string, string> = {
    'RateLimit-Limit': String(result.limit),
    'RateLimit-Remaining': String(result.remaining),
    'RateLimit-Reset': String(result.resetSeconds),
    'RateLimit-Policy': `${result.limit};w=${Math.max(1, Math.round(result.windowSeconds))}`,
  };
  if (!result.allowed) headers['Retry-After'] = String(result.retryAfterSeconds);
  return headers;
}
