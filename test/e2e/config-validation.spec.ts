import { serviceCatalogue } from '@yiwang/contracts';
import { ServiceProcess } from '@yiwang/testing';

describe('configuration is validated at boot', () => {
  it.each(serviceCatalogue.map((s) => s.name))(
    '%s exits non-zero naming a missing DATABASE_URL',
    async (name) => {
      const service = ServiceProcess.start(name, { NATS_URL: 'nats://127.0.0.1:4222' });
      const code = await service.exited();
      expect(code).not.toBe(0);
      expect(service.stderr.join('')).toMatch(/DATABASE_URL: is required but not set/);
    },
  );

  it('names every bad variable at once', async () => {
    const service = ServiceProcess.start('case', {
      DATABASE_URL: 'mysql://nope',
      NATS_URL: 'nats://127.0.0.1:4222',
      GRPC_PORT: 'seventy',
    });
    expect(await service.exited()).toBe(78);
    const output = service.stderr.join('');
    expect(output).toMatch(/DATABASE_URL: must be a URL with scheme postgres or postgresql/);
    expect(output).toMatch(/GRPC_PORT:/);
  });

  it('the migrate command also refuses to run without DATABASE_URL', async () => {
    const migrate = ServiceProcess.start('grid', {}, 'migrate.js');
    expect(await migrate.exited()).not.toBe(0);
    expect(migrate.stderr.join('')).toMatch(/DATABASE_URL/);
  });
});
