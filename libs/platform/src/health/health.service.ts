import { Injectable } from '@nestjs/common';

/**
 * `degraded`: the process serves, but something runs on a fallback (a LISTEN connection lost and being
 * re-opened, so wake-ups come from polling): ready, yet visible to whoever reads readiness.
 */
export type CheckResult = { status: 'up' | 'down' | 'degraded'; detail?: string } & Record<string, unknown>;
export type Check = () => Promise<CheckResult>;

/**
 * Readiness = no registered check is down and the process is not draining (a degraded one still counts). Liveness only says the event
 * loop answers: a lost database must not get a pod restarted, only taken out of rotation.
 */
@Injectable()
export class HealthService {
  private readonly checks = new Map<string, { check: Check; local: boolean }>();
  private draining = false;

  /**
   * A `remote` check asks another process (the gateway asks every service). It counts in /health/ready
   * but not in /health/ready/local, which is what an orchestrator should probe: one unready service must
   * not take every gateway replica out of rotation.
   */
  register(name: string, check: Check, options: { remote?: boolean } = {}): void {
    this.checks.set(name, { check, local: !options.remote });
  }

  setDraining(): void {
    this.draining = true;
  }

  isDraining(): boolean {
    return this.draining;
  }

  async readiness(
    options: { localOnly?: boolean; timeoutMs?: number } = {},
  ): Promise<{ ready: boolean; degraded: boolean; checks: Record<string, CheckResult> }> {
    const selected = [...this.checks].filter(([, entry]) => entry.local || !options.localOnly);
    const entries = await Promise.all(
      selected.map(
        async ([name, entry]) => [name, await withTimeout(entry.check(), options.timeoutMs ?? 2000)] as const,
      ),
    );
    const checks: Record<string, CheckResult> = Object.fromEntries(entries);
    checks.draining = this.draining ? { status: 'down', detail: 'shutting down' } : { status: 'up' };
    const results = Object.values(checks);
    return {
      ready: results.every((c) => c.status !== 'down'),
      degraded: results.some((c) => c.status === 'degraded'),
      checks,
    };
  }
}

async function withTimeout(check: Promise<CheckResult>, ms: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      check.catch((error: unknown) => ({
        status: 'down' as const,
        detail: String((error as Error)?.message ?? error),
      })),
      new Promise<CheckResult>((resolve) => {
        timer = setTimeout(() => resolve({ status: 'down', detail: `no answer in ${ms} ms` }), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
