import { ConfigError, baseServiceConfig, env, loadConfig } from '@yiwang/platform';

const valid = { DATABASE_URL: 'postgres://u@localhost:5432/db', NATS_URL: 'nats://localhost:4222' };

describe('loadConfig', () => {
  it('applies defaults and coerces types', () => {
    const config = loadConfig(baseServiceConfig, valid);
    expect(config.HTTP_PORT).toBe(3000);
    expect(config.MIGRATIONS_RUN).toBe(true);
    expect(
      loadConfig(baseServiceConfig, { ...valid, MIGRATIONS_RUN: 'false', HTTP_PORT: '8080' }),
    ).toMatchObject({
      MIGRATIONS_RUN: false,
      HTTP_PORT: 8080,
    });
  });

  it('names every missing or invalid variable', () => {
    try {
      loadConfig(baseServiceConfig.extend({ GRPC_ADDR: env.address() }), {
        NATS_URL: 'http://wrong',
        HTTP_PORT: '99999',
      });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.map((p) => p.variable).sort();
      expect(problems).toEqual(['DATABASE_URL', 'GRPC_ADDR', 'HTTP_PORT', 'NATS_URL']);
      expect((error as Error).message).toMatch(/DATABASE_URL: is required but not set/);
      expect((error as Error).message).toMatch(/NATS_URL: must be a URL with scheme nats or tls/);
    }
  });

  it('treats an empty variable as unset', () => {
    expect(() => loadConfig(baseServiceConfig, { ...valid, DATABASE_URL: '' })).toThrow(/DATABASE_URL/);
  });
});
