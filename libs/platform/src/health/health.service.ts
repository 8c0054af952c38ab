import { Injectable } from '@nestjs/common';

export type CheckResult = { status: 'up' | 'down'; detail?: string } & Record<string, unknown>;
export type Check = () => Promise<CheckResult>;

/**
 * Readiness = every registered check is up and the process is not draining. Liveness only says the event
 * loop answers: a lost database must not get a pod restarted, only taken out of rotation.
 */
@Injectable()
export class HealthService {
  private readonly checks = new Map<string, Check>();
  private draining = false;

  register(name: string, check: Check): void {
    this.checks.set(name, check);
  }

  setDraining(): void {
    this.draining = true;
  }

  isDraining(): boolean {
    return this.draining;
  }

  async readiness(timeoutMs = 2000): Promise<{ ready: boolean; checks: Record<string, CheckResult> }> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await withTimeout(check(), timeoutMs)] as const),
    );
    const checks: Record<string, CheckResult> = Object.fromEntries(entries);
    checks.draining = this.draining ? { status: 'down', detail: 'shutting down' } : { status: 'up' };
    return { ready: Object.values(checks).every((c) => c.status === 'up'), checks };
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
