import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface ThrottlePolicy {
  maxFailures: number;
  windowSeconds: number;
  lockSeconds: number;
}

/** Counts failures per key in a sliding window; reaching the limit locks the key for a while. */
@Injectable()
export class LoginThrottleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Seconds until the key may try again, or 0. */
  async lockedFor(key: string): Promise<number> {
    const [row] = await this.dataSource.query(
      `SELECT ceil(extract(epoch FROM locked_until - now()))::int AS seconds
       FROM login_throttle WHERE key = $1 AND locked_until > now()`,
      [key],
    );
    return row?.seconds ?? 0;
  }

  async recordFailure(key: string, policy: ThrottlePolicy): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO login_throttle (key, failures, window_start) VALUES ($1, 1, now())
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN login_throttle.window_start < now() - make_interval(secs => $2)
                         THEN 1 ELSE login_throttle.failures + 1 END,
         window_start = CASE WHEN login_throttle.window_start < now() - make_interval(secs => $2)
                             THEN now() ELSE login_throttle.window_start END`,
      [key, policy.windowSeconds],
    );
    await this.dataSource.query(
      `UPDATE login_throttle SET locked_until = now() + make_interval(secs => $3), failures = 0, window_start = now()
       WHERE key = $1 AND failures >= $2`,
      [key, policy.maxFailures, policy.lockSeconds],
    );
  }

  async reset(key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_throttle WHERE key = $1`, [key]);
  }
}
