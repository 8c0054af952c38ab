import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CONFIG, logger } from '@yiwang/platform';
import type { GatewayConfig } from '../gateway.config.js';
import { WebhookDeliveryRepository, type ClaimedDelivery } from './webhook-delivery.repository.js';
import { postPinned } from './webhook-post.js';
import { WebhookSecrets } from './webhook-secrets.js';
import { SIGNATURE_HEADER, signatureHeader } from './webhook-signature.js';
import { TargetPolicy } from './webhook-target.js';

/** Extra lease beyond a delivery's timeout before another worker may take it over. */
const LEASE_SLACK_MS = 30_000;

/**
 * Posts due deliveries. Claims respect each subscription's concurrency and every request has the
 * subscription's timeout, so a slow or dead receiver ties up only its own slots; the claim loop never
 * awaits a delivery. Failures retry with exponential backoff (±20 % jitter) and are dead after N attempts.
 */
@Injectable()
export class WebhookDeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private readonly inFlight = new Set<Promise<void>>();
  private wake: (() => void) | null = null;
  private readonly targets: TargetPolicy;

  constructor(
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly secrets: WebhookSecrets,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {
    this.targets = new TargetPolicy(config.WEBHOOK_ALLOWED_HOSTS);
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    // Unfinished posts keep their lease; another replica (or this one, restarted) takes them over.
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((r) => setTimeout(r, 5000).unref()),
    ]);
  }

  /** New rows are committed just after the fan-out returns: look again shortly. */
  wakeSoon(): void {
    setTimeout(() => this.wake?.(), 25).unref();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let claimed: ClaimedDelivery[] = [];
      const free = this.config.WEBHOOK_WORKER_CONCURRENCY - this.inFlight.size;
      if (free > 0) {
        try {
          claimed = await this.deliveries.claim(free, LEASE_SLACK_MS);
        } catch (error) {
          logger().warn({ err: error }, 'webhook claim failed');
        }
      }
      for (const delivery of claimed) {
        const task = this.deliver(delivery).finally(() => {
          this.inFlight.delete(task);
          this.wake?.();
        });
        this.inFlight.add(task);
      }
      if (claimed.length === 0 || claimed.length >= free) await this.sleep(this.config.WEBHOOK_POLL_MS);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const startedAt = new Date();
    const started = performance.now();
    let responseStatus: number | null = null;
    let error: string | null = null;
    // DNS may have changed since the subscription was saved: resolve and check now, connect to what passed.
    const target = await this.targets.resolve(delivery.url);
    const refused = !target.ok && !target.unresolved;
    if (!target.ok) error = refused ? `refused: ${target.problem}` : target.problem;
    else {
      try {
        const timestamp = Math.floor(Date.now() / 1000);
        const secrets = [this.secrets.open(delivery.subscriptionId, delivery.secretEnc)];
        if (delivery.previousSecretEnc)
          secrets.push(this.secrets.open(delivery.subscriptionId, delivery.previousSecretEnc));
        const response = await postPinned(delivery.url, target.address, {
          body: delivery.body,
          timeoutMs: delivery.timeoutMs,
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Yiwang-Webhooks/1',
            'Yiwang-Event': delivery.eventType,
            'Yiwang-Delivery': delivery.id,
            'Yiwang-Attempt': String(delivery.attempts),
            [SIGNATURE_HEADER]: signatureHeader(secrets, timestamp, delivery.body),
          },
        });
        responseStatus = response.status;
        if (response.status < 200 || response.status >= 300) error = `HTTP ${response.status}`;
      } catch (caught) {
        const code = (caught as { code?: string }).code;
        error = ['AbortError', 'TimeoutError'].includes((caught as Error).name)
          ? `timed out after ${delivery.timeoutMs} ms`
          : `${(caught as Error).message}${code && !(caught as Error).message.includes(code) ? ` (${code})` : ''}`;
      }
    }
    const latencyMs = Math.round(performance.now() - started);
    const next =
      error === null
        ? ({ status: 'succeeded' } as const)
        : // A forbidden target stays forbidden: dead at once (the owner can replay after fixing the URL).
          refused || delivery.attempts >= this.config.WEBHOOK_MAX_ATTEMPTS
          ? ({ status: 'dead' } as const)
          : ({ status: 'pending', retryInMs: this.backoff(delivery.attempts) } as const);
    try {
      await this.deliveries.complete(delivery, { startedAt, latencyMs, responseStatus, error }, next);
    } catch (caught) {
      logger().error({ err: caught, delivery: delivery.id }, 'webhook attempt not recorded');
    }
    if (next.status === 'dead') {
      logger().warn(
        { delivery: delivery.id, attempts: delivery.attempts, error },
        'webhook delivery dead-lettered',
      );
    }
  }

  /** base · 2^(attempt−1), capped, with ±20 % jitter so retries of many deliveries spread out. */
  backoff(attempt: number): number {
    const raw = Math.min(
      this.config.WEBHOOK_BACKOFF_MAX_MS,
      this.config.WEBHOOK_BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1),
    );
    return Math.round(raw * (0.8 + Math.random() * 0.4));
  }
}
