import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { logger } from '@yiwang/platform';
import type { AuditRecord } from './audit-record.js';
import { AuditRepository } from './audit.repository.js';

/** Records waiting for the database at most; beyond that, requests wait for room (never dropped). */
export const AUDIT_QUEUE_LIMIT = 10_000;
/** Records per append transaction (one chain-head lock, one INSERT). */
const BATCH = 500;

/**
 * Writes audit records after the response, in the background: records queue in memory (bounded), one
 * flusher appends them in batches, each batch one transaction under the chain-head lock (group commit).
 * A failed append keeps its records and retries with backoff. When the queue is full, `room()` makes
 * new requests wait until there is room, so nothing is dropped and a slow database slows the gateway down
 * rather than losing entries. Shutdown drains the queue. See docs/adr/0005-audit-chain.md.
 */
@Injectable()
export class AuditWriter implements BeforeApplicationShutdown {
  private queue: AuditRecord[] = [];
  private flushing: Promise<void> | null = null;
  private waiters: (() => void)[] = [];
  private failures = 0;
  private stopped = false;

  constructor(private readonly repository: AuditRepository) {}

  /**
   * Queues a finished request's record. Never refuses: the limit is enforced where requests come in
   * (`room()`), so at most the requests already admitted can push the queue past it.
   */
  enqueue(record: AuditRecord): void {
    this.queue.push(record);
    this.kick();
  }

  get full(): boolean {
    return this.queue.length >= AUDIT_QUEUE_LIMIT && !this.stopped;
  }

  /** Resolves when the queue has room for another request's record. */
  room(): Promise<void> {
    if (!this.full) return Promise.resolve();
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Resolves once everything queued before the call is in the database. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.flushing) {
      this.kick();
      await this.flushing;
      if (this.queue.length > 0 && this.failures > 0) await delay(Math.min(2000, 50 * 2 ** this.failures));
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.drain();
    this.stopped = true;
    for (const wake of this.waiters.splice(0)) wake();
  }

  private kick(): void {
    if (this.flushing || this.queue.length === 0) return;
    this.flushing = this.flush().finally(() => {
      this.flushing = null;
      if (this.queue.length > 0) {
        if (this.failures === 0) this.kick();
        else setTimeout(() => this.kick(), Math.min(5000, 50 * 2 ** this.failures)).unref();
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue.slice(0, BATCH);
    try {
      await this.repository.append(batch);
      this.queue.splice(0, batch.length);
      this.failures = 0;
      for (const wake of this.waiters.splice(0, batch.length)) wake();
    } catch (error) {
      this.failures += 1;
      logger().error(
        { err: error, pending: this.queue.length, attempt: this.failures },
        'audit append failed; will retry',
      );
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
