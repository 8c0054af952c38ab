import { Injectable } from '@nestjs/common';
import { entityColumns, execute, queryOne, sql } from '@yiwang/platform';
import { DataSource } from 'typeorm';
import { LoginThrottleEntity } from './login-throttle.entity.js';

export interface ThrottlePolicy {
  maxFailures: number;
  windowSeconds: number;
  lockSeconds: number;
}

/** Counts failures per key in a sliding window; reaching the limit locks the key for a while. */
@Injectable()
export class LoginThrottleRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get throttle() {
    return entityColumns(this.dataSource, LoginThrottleEntity);
  }

  /** Seconds until the key may try again, or 0. */
  async lockedFor(key: string): Promise<number> {
    const row = await queryOne<{ seconds: number }>(
      this.dataSource,
      sql`SELECT ceil(extract(epoch FROM locked_until - now()))::int AS seconds
          FROM ${this.throttle.table} WHERE key = ${key} AND locked_until > now()`,
    );
    return row?.seconds ?? 0;
  }

  async recordFailure(key: string, policy: ThrottlePolicy): Promise<void> {
    const t = this.throttle;
    // The window restarts when the last one is older than the policy's; otherwise the failure adds up.
    const stale = sql`login_throttle.window_start < now() - make_interval(secs => ${policy.windowSeconds})`;
    await execute(
      this.dataSource,
      sql`INSERT INTO ${t.table} (${t.names(['key', 'failures', 'windowStart'])}) VALUES (${key}, 1, now())
          ON CONFLICT (${t.names(['key'])}) DO UPDATE SET
            failures = CASE WHEN ${stale} THEN 1 ELSE login_throttle.failures + 1 END,
            window_start = CASE WHEN ${stale} THEN now() ELSE login_throttle.window_start END`,
    );
    await execute(
      this.dataSource,
      sql`UPDATE ${t.table}
          SET locked_until = now() + make_interval(secs => ${policy.lockSeconds}), failures = 0,
              window_start = now()
          WHERE key = ${key} AND failures >= ${policy.maxFailures}`,
    );
  }

  async reset(key: string): Promise<void> {
    await execute(this.dataSource, sql`DELETE FROM ${this.throttle.table} WHERE key = ${key}`);
  }
}
