import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postPinned } from '../src/webhooks/webhook-post.js';
import {
  TargetPolicy,
  allowedHostEntryProblem,
  forbiddenReason,
  type Resolver,
} from '../src/webhooks/webhook-target.js';

/** Which webhook receivers may be called (SSRF), and that a delivery connects where the check looked. */
describe('webhook targets', () => {
  const strict = new TargetPolicy([]);
  const answers =
    (table: Record<string, string[]>): Resolver =>
    async (host) => {
      const list = table[host];
      if (!list) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.1.2', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['169.254.1.1', 'link-local (cloud metadata)'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved or broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fd00::1', 'unique-local'],
    ['fc12:3456::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local (cloud metadata)'],
    ['::ffff:a9fe:a9fe', 'link-local (cloud metadata)'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:7f00:1::1', 'loopback'],
  ])('refuses %s (%s)', async (ip, reason) => {
    expect(forbiddenReason(ip)).toBe(reason);
    const host = ip.includes(':') ? `[${ip}]` : ip;
    const literal = await strict.resolve(`http://${host}:8080/hook`);
    expect(literal).toMatchObject({ ok: false });
    expect((literal as { problem: string }).problem).toContain(reason);
    // The same address behind a name.
    const named = await strict.resolve('https://hooks.example.org/x', answers({ 'hooks.example.org': [ip] }));
    expect(named).toMatchObject({ ok: false });
  });

  it.each(['93.184.216.34', '8.8.8.8', '100.128.0.1', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    'accepts the public address %s',
    async (ip) => {
      expect(forbiddenReason(ip)).toBeNull();
      const result = await strict.resolve(
        'https://cg.example.gov.cn/hook',
        answers({ 'cg.example.gov.cn': [ip] }),
      );
      expect(result).toEqual({ ok: true, address: { address: ip, family: ip.includes(':') ? 6 : 4 } });
    },
  );

  it('refuses a name when any one of its addresses is forbidden', async () => {
    const resolver = answers({ 'mixed.example.org': ['93.184.216.34', '10.0.0.5'] });
    const result = await strict.resolve('https://mixed.example.org/hook', resolver);
    expect(result).toEqual({
      ok: false,
      problem: 'mixed.example.org resolves to 10.0.0.5 (private), which is not allowed',
    });
  });

  it('refuses localhost through the real resolver, and says when a name does not resolve', async () => {
    expect(await strict.resolve('http://localhost:9/hook')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('localhost resolves to 127.0.0.1 (loopback)'),
    });
    expect(await strict.resolve('https://nowhere.invalid/hook', answers({}))).toMatchObject({
      ok: false,
      unresolved: true,
    });
    expect(await strict.resolve('ftp://example.org/x')).toEqual({
      ok: false,
      problem: 'must be http or https',
    });
    expect(await strict.resolve('https://u:p@example.org/x')).toEqual({
      ok: false,
      problem: 'must not carry credentials',
    });
  });

  it('allows a listed host by name, and a listed CIDR by address', async () => {
    const policy = new TargetPolicy(['hooks.city.internal', '127.0.0.1', '10.20.0.0/16', 'fd00:1::/32']);
    const resolver = answers({
      'hooks.city.internal': ['10.99.0.1'],
      'other.city.internal': ['10.20.3.4'],
      'outside.city.internal': ['10.21.0.1'],
      'v6.city.internal': ['fd00:1::5'],
    });
    expect(await policy.resolve('http://hooks.city.internal/x', resolver)).toMatchObject({ ok: true });
    expect(await policy.resolve('http://HOOKS.city.internal./x', resolver)).toMatchObject({ ok: true });
    expect(await policy.resolve('http://other.city.internal/x', resolver)).toMatchObject({ ok: true });
    expect(await policy.resolve('http://v6.city.internal/x', resolver)).toMatchObject({ ok: true });
    expect(await policy.resolve('http://outside.city.internal/x', resolver)).toMatchObject({ ok: false });
    expect(await policy.resolve('http://127.0.0.1:3000/x')).toMatchObject({ ok: true });
    // The literal 127.0.0.1 is allowed, not every name that leads there.
    expect(await policy.resolve('http://localhost:3000/x')).toMatchObject({ ok: false });
    expect(await policy.resolve('http://169.254.169.254/latest')).toMatchObject({ ok: false });
  });

  it('validates allow-list entries', () => {
    for (const good of ['hooks.city.internal', 'localhost', '10.0.0.0/8', '127.0.0.1', 'fd00::/8', '::1'])
      expect(allowedHostEntryProblem(good)).toBeNull();
    for (const bad of ['10.0.0.0/33', 'http://x', 'a b', '10.0.0.0/x', '-bad.example'])
      expect(allowedHostEntryProblem(bad)).not.toBeNull();
  });

  it('connects to the address that was checked, even when the name later resolves elsewhere', async () => {
    const received: string[] = [];
    const server = createServer((req, res) => {
      received.push(String(req.headers.host));
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      // First answer: the allowed receiver; any later answer: somewhere else (DNS rebinding).
      let lookups = 0;
      const rebinding: Resolver = async () => {
        lookups += 1;
        return [{ address: lookups === 1 ? '127.0.0.1' : '192.0.2.1', family: 4 }];
      };
      const policy = new TargetPolicy(['127.0.0.0/8']);
      const url = `http://rebind.test:${port}/hook`;
      const target = await policy.resolve(url, rebinding);
      expect(target).toEqual({ ok: true, address: { address: '127.0.0.1', family: 4 } });
      const response = await postPinned(
        url,
        (target as { address: { address: string; family: 4 } }).address,
        {
          body: '{}',
          headers: { 'content-type': 'application/json' },
          timeoutMs: 2000,
        },
      );
      expect(response.status).toBe(204);
      // The request reached the checked receiver, named as in the URL, and no second lookup happened.
      expect(received).toEqual([`rebind.test:${port}`]);
      expect(lookups).toBe(1);
    } finally {
      server.close();
    }
  });
});
