import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { SecretCipher, createDataSource, runMigrations } from '@yiwang/platform';
import { dropDatabaseWhenIdle, testDatabaseUrl } from '@yiwang/testing';
import { gatewayMigrations } from '../src/database/migrations/index.js';
import { WebhookSecretsEncrypted1796321753723 } from '../src/database/migrations/1796321753723-webhook-secrets-encrypted.js';
import { secretContext } from '../src/webhooks/webhook-secrets.js';

/** The migration that took webhook secrets out of the clear: existing rows are encrypted, and down undoes it. */
describe('migration WebhookSecretsEncrypted', () => {
  const name = `whsec_mig_${randomBytes(4).toString('hex')}`;
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  const admin = new pg.Pool({ connectionString: testDatabaseUrl(), max: 1 });
  const db = new pg.Pool({ connectionString: url.toString(), max: 2 });
  const saved = { keys: process.env.WEBHOOK_SECRET_KEYS, active: process.env.WEBHOOK_SECRET_ACTIVE_KEY };
  const key = `mig:${randomBytes(32).toString('base64')}`;
  const dataSource = (upTo: number) =>
    createDataSource({
      url: url.toString(),
      schema: 'gateway',
      entities: [],
      migrations: gatewayMigrations.slice(0, upTo),
      poolSize: 2,
    });
  const before = gatewayMigrations.indexOf(WebhookSecretsEncrypted1796321753723);

  beforeAll(async () => {
    expect(before).toBeGreaterThan(0);
    await admin.query(`CREATE DATABASE "${name}"`);
  });

  afterAll(async () => {
    process.env.WEBHOOK_SECRET_KEYS = saved.keys;
    process.env.WEBHOOK_SECRET_ACTIVE_KEY = saved.active;
    if (saved.keys === undefined) delete process.env.WEBHOOK_SECRET_KEYS;
    if (saved.active === undefined) delete process.env.WEBHOOK_SECRET_ACTIVE_KEY;
    await db.end();
    await dropDatabaseWhenIdle(admin, name);
    await admin.end();
  });

  it('encrypts the secrets already stored, and down decrypts them back', async () => {
    const old = dataSource(before);
    await old.initialize();
    await runMigrations(old, 'gateway');
    await old.destroy();
    const rows = [randomUUID(), randomUUID()].map((id) => ({
      id,
      secret: `whsec_${randomBytes(32).toString('base64url')}`,
    }));
    for (const row of rows)
      await db.query(
        `INSERT INTO gateway.webhook_subscriptions (id, owner_subject, url, event_types, secret)
         VALUES ($1, 'someone', 'https://cg.example.gov.cn/hook', ARRAY['case.v1.*'], $2)`,
        [row.id, row.secret],
      );

    const current = dataSource(before + 1);
    await current.initialize();
    try {
      // Without the key the rows cannot be converted: the migration stops (and its transaction rolls back).
      delete process.env.WEBHOOK_SECRET_KEYS;
      await expect(runMigrations(current, 'gateway')).rejects.toThrow(/WEBHOOK_SECRET_KEYS/);
      expect((await db.query(`SELECT secret FROM gateway.webhook_subscriptions`)).rows).toHaveLength(2);

      process.env.WEBHOOK_SECRET_KEYS = key;
      process.env.WEBHOOK_SECRET_ACTIVE_KEY = 'mig';
      expect(await runMigrations(current, 'gateway')).toEqual([WebhookSecretsEncrypted1796321753723.name]);
      const cipher = SecretCipher.fromConfig(key, 'mig');
      const { rows: stored } = await db.query(`SELECT * FROM gateway.webhook_subscriptions ORDER BY id`);
      expect(stored).toHaveLength(2);
      for (const row of stored) {
        const original = rows.find((r) => r.id === row.id)!;
        expect(row).not.toHaveProperty('secret');
        expect(row.secret_enc).toMatch(/^v1\.mig\./);
        expect(JSON.stringify(row)).not.toContain(original.secret.slice('whsec_'.length));
        expect(cipher.decrypt(row.secret_enc, secretContext(row.id))).toBe(original.secret);
        expect(row.previous_secret_enc).toBeNull();
      }

      await current.undoLastMigration({ transaction: 'each' });
      const { rows: restored } = await db.query(`SELECT id, secret FROM gateway.webhook_subscriptions`);
      expect(Object.fromEntries(restored.map((r) => [r.id, r.secret]))).toEqual(
        Object.fromEntries(rows.map((r) => [r.id, r.secret])),
      );
    } finally {
      await current.destroy();
    }
  });
});
