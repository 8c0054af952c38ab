import { loadConfig, type ConfigError } from '@yiwang/platform';
import { gatewayConfigSchema } from '../src/gateway.config.js';

/** The gateway's settings for webhook targets, webhook secrets and audit anchors. */
describe('gateway configuration', () => {
  const base = {
    DATABASE_URL: 'postgres://yiwang@127.0.0.1/yiwang',
    NATS_URL: 'nats://127.0.0.1:4222',
    WEBHOOK_SECRET_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
    WEBHOOK_SECRET_ACTIVE_KEY: 'k1',
  };
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(gatewayConfigSchema, { ...base, ...env });
      return [];
    } catch (error) {
      return (error as ConfigError).problems.map((p) => `${p.variable}: ${p.message}`);
    }
  };

  it('reads the allow-list, the anchor interval and their defaults', () => {
    expect(loadConfig(gatewayConfigSchema, base)).toMatchObject({
      WEBHOOK_ALLOWED_HOSTS: [],
      WEBHOOK_SECRET_OVERLAP_SECONDS: 86_400,
      AUDIT_ANCHOR_INTERVAL: 0,
    });
    const config = loadConfig(gatewayConfigSchema, {
      ...base,
      WEBHOOK_ALLOWED_HOSTS: ' Hooks.City.internal, 10.0.0.0/8,fd00::/8 ',
      AUDIT_ANCHOR_INTERVAL: '15m',
    });
    expect(config.WEBHOOK_ALLOWED_HOSTS).toEqual(['hooks.city.internal', '10.0.0.0/8', 'fd00::/8']);
    expect(config.AUDIT_ANCHOR_INTERVAL).toBe(900_000);
    expect(
      loadConfig(gatewayConfigSchema, { ...base, AUDIT_ANCHOR_INTERVAL: '3600' }).AUDIT_ANCHOR_INTERVAL,
    ).toBe(3_600_000);
  });

  it('names bad settings', () => {
    expect(problems({ WEBHOOK_ALLOWED_HOSTS: '10.0.0.0/40,http://x' })).toEqual([
      'WEBHOOK_ALLOWED_HOSTS: "10.0.0.0/40" is not a CIDR such as 10.20.0.0/16',
      'WEBHOOK_ALLOWED_HOSTS: "http://x" is neither a host name nor a CIDR',
    ]);
    expect(problems({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' })).toEqual([
      'WEBHOOK_ALLOW_PRIVATE_TARGETS: replaced by WEBHOOK_ALLOWED_HOSTS (host names or CIDRs, e.g. 10.0.0.0/8)',
    ]);
    expect(problems({ WEBHOOK_SECRET_KEYS: 'k1:AAAA' })).toEqual([
      'WEBHOOK_SECRET_KEYS: key "k1" must be 32 bytes',
    ]);
    expect(problems({ WEBHOOK_SECRET_ACTIVE_KEY: 'k2' })).toEqual([
      'WEBHOOK_SECRET_KEYS: the active key id is not in the key ring',
    ]);
    expect(problems({ AUDIT_ANCHOR_INTERVAL: 'hourly' })).toEqual([
      'AUDIT_ANCHOR_INTERVAL: seconds, or a number with s, m or h',
    ]);
  });
});
