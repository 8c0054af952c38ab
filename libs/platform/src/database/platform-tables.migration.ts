import type { MigrationInterface, QueryRunner } from 'typeorm';
import { quoteIdent } from './data-source.js';

export function schemaOf(runner: QueryRunner): string {
  return String((runner.connection.options as { schema?: string }).schema ?? 'public');
}

/**
 * The outbox and inbox every service keeps in its own schema. Services list this class first among
 * their migrations. Never edit it once released: add a new migration instead.
 */
export class PlatformOutboxInbox1763769600000 implements MigrationInterface {
  name = 'PlatformOutboxInbox1763769600000';

  async up(runner: QueryRunner): Promise<void> {
    const s = quoteIdent(schemaOf(runner));
    await runner.query(`
      CREATE TABLE ${s}.outbox (
        id uuid PRIMARY KEY,
        subject text NOT NULL,
        payload jsonb NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        attempts integer NOT NULL DEFAULT 0
      )`);
    await runner.query(`CREATE INDEX outbox_created_at_idx ON ${s}.outbox (created_at)`);
    await runner.query(`
      CREATE TABLE ${s}.inbox (
        consumer text NOT NULL,
        msg_id text NOT NULL,
        subject text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, msg_id)
      )`);
    await runner.query(`CREATE INDEX inbox_processed_at_idx ON ${s}.inbox (processed_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = quoteIdent(schemaOf(runner));
    await runner.query(`DROP TABLE ${s}.inbox`);
    await runner.query(`DROP TABLE ${s}.outbox`);
  }
}
