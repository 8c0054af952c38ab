import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SecretCipher } from '@yiwang/platform';

const TABLE = '"gateway"."webhook_subscriptions"';

/**
 * Webhook signing secrets leave the clear: existing rows are encrypted under WEBHOOK_SECRET_KEYS (down
 * decrypts them back). Migrations get no configuration object, so the key comes from the environment the
 * gateway (or its migration job) runs with; it is only needed when there are rows to convert.
 * Keep the context string in step with webhook-secrets.ts: a migration must not change with later code.
 */
export class WebhookSecretsEncrypted1796321753723 implements MigrationInterface {
  name = 'WebhookSecretsEncrypted1796321753723';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE ${TABLE} ADD "secret_enc" character varying(300)`);
    await runner.query(`ALTER TABLE ${TABLE} ADD "previous_secret_enc" character varying(300)`);
    await runner.query(`ALTER TABLE ${TABLE} ADD "previous_secret_expires_at" TIMESTAMP WITH TIME ZONE`);
    const rows: { id: string; secret: string }[] = await runner.query(`SELECT id, secret FROM ${TABLE}`);
    if (rows.length > 0) {
      const cipher = cipherFromEnvironment();
      for (const row of rows)
        await runner.query(`UPDATE ${TABLE} SET secret_enc = $2 WHERE id = $1`, [
          row.id,
          cipher.encrypt(row.secret, context(row.id)),
        ]);
    }
    await runner.query(`ALTER TABLE ${TABLE} ALTER COLUMN "secret_enc" SET NOT NULL`);
    await runner.query(`ALTER TABLE ${TABLE} DROP COLUMN "secret"`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE ${TABLE} ADD "secret" character varying(100)`);
    const rows: { id: string; secret_enc: string }[] = await runner.query(
      `SELECT id, secret_enc FROM ${TABLE}`,
    );
    if (rows.length > 0) {
      const cipher = cipherFromEnvironment();
      for (const row of rows)
        await runner.query(`UPDATE ${TABLE} SET secret = $2 WHERE id = $1`, [
          row.id,
          cipher.decrypt(row.secret_enc, context(row.id)),
        ]);
    }
    await runner.query(`ALTER TABLE ${TABLE} ALTER COLUMN "secret" SET NOT NULL`);
    await runner.query(`ALTER TABLE ${TABLE} DROP COLUMN "previous_secret_expires_at"`);
    await runner.query(`ALTER TABLE ${TABLE} DROP COLUMN "previous_secret_enc"`);
    await runner.query(`ALTER TABLE ${TABLE} DROP COLUMN "secret_enc"`);
  }
}

function context(id: string): string {
  return `webhook-secret:${id}`;
}

function cipherFromEnvironment(): SecretCipher {
  const keys = process.env.WEBHOOK_SECRET_KEYS;
  const active = process.env.WEBHOOK_SECRET_ACTIVE_KEY;
  if (!keys || !active)
    throw new Error(
      'WEBHOOK_SECRET_KEYS and WEBHOOK_SECRET_ACTIVE_KEY must be set to convert the existing webhook secrets',
    );
  return SecretCipher.fromConfig(keys, active);
}
