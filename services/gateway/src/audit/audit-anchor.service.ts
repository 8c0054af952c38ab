import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CONFIG, logger } from '@yiwang/platform';
import type { GatewayConfig } from '../gateway.config.js';
import { anchorLine, publishAnchor, type AuditAnchor } from './audit-anchor.js';
import { AuditRepository } from './audit.repository.js';

type AnchorConfig = Pick<GatewayConfig, 'AUDIT_ANCHOR_FILE' | 'AUDIT_ANCHOR_URL' | 'AUDIT_ANCHOR_INTERVAL'>;

/**
 * Takes the chain head and sends it out (AUDIT_ANCHOR_FILE, AUDIT_ANCHOR_URL, and always the log): once
 * from `npm run gateway -- audit-anchor`, and every AUDIT_ANCHOR_INTERVAL while the gateway runs. Each
 * replica anchors on its own schedule; extra anchors cost nothing and make a rewrite harder to hide.
 */
@Injectable()
export class AuditAnchorService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly repository: AuditRepository,
    @Inject(CONFIG) private readonly config: AnchorConfig,
  ) {}

  /** Anchors the head now, where `target` says, else where the configuration says. */
  async anchor(target: { file?: string; url?: string } = {}) {
    const head = await this.repository.head();
    const anchor: AuditAnchor = { seq: head.seq, hash: head.hash, at: new Date().toISOString() };
    const done = await publishAnchor(anchor, {
      file: target.file ?? this.config.AUDIT_ANCHOR_FILE,
      url: target.url ?? this.config.AUDIT_ANCHOR_URL,
    });
    logger().info({ auditAnchor: anchor, done }, anchorLine(anchor));
    return { anchor, done };
  }

  onApplicationBootstrap(): void {
    const interval = this.config.AUDIT_ANCHOR_INTERVAL;
    if (interval <= 0) return;
    this.timer = setInterval(() => {
      this.running = this.anchor().catch((error) =>
        // A missed anchor is a gap in the record, not an outage: warn and try at the next tick.
        logger().warn({ err: error }, 'audit anchor not published'),
      );
    }, interval);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
