import { Injectable } from '@nestjs/common';
import { RateLimitRepository } from './rate-limit.repository.js';

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
  constructor(private readonly buckets: RateLimitRepository) {}

  async take(key: string, ratePerSecond: number, burst: number): Promise<RateLimitResult> {
    const interval = 1 / ratePerSecond;
    const window = burst * interval;
    // Seconds the bucket is ahead of now once this request is counted; null when it does not fit.
    const advanced = await this.buckets.advance(key, interval, window);
    if (advanced !== null) {
      return {
        allowed: true,
        limit: burst,
        remaining: Math.max(0, Math.floor((window - advanced) / interval + 1e-9)),
        resetSeconds: Math.max(0, Math.ceil(advanced)),
        retryAfterSeconds: 0,
        windowSeconds: window,
      };
    }
    const ahead = await this.buckets.ahead(key);
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
