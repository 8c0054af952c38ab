import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** A resolved address: what the delivery connects to. */
export interface Address {
  address: string;
  family: 4 | 6;
}

export type Resolver = (host: string) => Promise<Address[]>;

/** Longest wait for DNS: a hanging resolver must not hold a request or a delivery slot for long. */
const LOOKUP_TIMEOUT_MS = 5000;

export const systemResolver: Resolver = async (host) => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error('DNS timed out'), { code: 'ETIMEOUT' })),
      LOOKUP_TIMEOUT_MS,
    );
  });
  try {
    const answers = await Promise.race([dnsLookup(host, { all: true, verbatim: true }), timeout]);
    return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
  } finally {
    clearTimeout(timer);
  }
};

/** Ranges no receiver may sit in unless allowed: the gateway's own machine and the networks behind it. */
const FORBIDDEN: [string, number, 'ipv4' | 'ipv6', string][] = [
  ['0.0.0.0', 8, 'ipv4', 'unspecified'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.0.0.0', 24, 'ipv4', 'IETF protocol assignments'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['198.18.0.0', 15, 'ipv4', 'benchmarking'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved or broadcast'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['100::', 64, 'ipv6', 'discard'],
  ['fc00::', 7, 'ipv6', 'unique-local'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['fec0::', 10, 'ipv6', 'site-local'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];
const forbidden = FORBIDDEN.map(([net, prefix, type, label]) => {
  const list = new BlockList();
  list.addSubnet(net, prefix, type);
  return { list, type, label };
});

/**
 * The IPv4 address inside an IPv6 one that carries it (IPv4-mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96,
 * 6to4 2002::/16): such an address reaches the IPv4 host, so it is judged as that host.
 */
function embeddedIPv4(ip: string): string | null {
  const words = expandIPv6(ip);
  if (!words) return null;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zero = (from: number, to: number) => words.slice(from, to).every((w) => w === 0);
  if (zero(0, 5) && words[5] === 0xffff) return v4(words[6], words[7]);
  if (words[0] === 0x64 && words[1] === 0xff9b && zero(2, 6)) return v4(words[6], words[7]);
  if (words[0] === 0x2002) return v4(words[1], words[2]);
  return null;
}

function expandIPv6(ip: string): number[] | null {
  let text = ip.toLowerCase().split('%')[0];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return null;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((w) => parseInt(w, 16));
}

/** Why an address may not be a receiver, or null when it may. */
export function forbiddenReason(ip: string): string | null {
  const family = isIP(ip);
  if (family === 0) return 'not an IP address';
  if (family === 6) {
    const inner = embeddedIPv4(ip);
    if (inner) return forbiddenReason(inner);
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return forbidden.find((f) => f.type === type && f.list.check(ip, type))?.label ?? null;
}

/**
 * Which receivers may be called (WEBHOOK_ALLOWED_HOSTS): a host name or literal entry allows URLs naming
 * that host, whatever it resolves to; a CIDR entry allows addresses inside it, whichever name led there.
 * Everything else must resolve only to public addresses.
 */
export class TargetPolicy {
  private readonly hosts: Set<string>;
  private readonly networks = new BlockList();

  constructor(allowed: readonly string[]) {
    this.hosts = new Set();
    for (const entry of allowed) {
      const slash = entry.indexOf('/');
      if (slash < 0) {
        this.hosts.add(normalizeHost(entry));
        continue;
      }
      const net = entry.slice(0, slash);
      this.networks.addSubnet(net, Number(entry.slice(slash + 1)), isIP(net) === 6 ? 'ipv6' : 'ipv4');
    }
  }

  /** The URL's own problems (scheme, credentials): no DNS needed. */
  static shapeProblem(raw: string): string | null {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return 'must be an absolute URL';
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be http or https';
    if (url.username || url.password) return 'must not carry credentials';
    return null;
  }

  hostAllowed(host: string): boolean {
    return this.hosts.has(normalizeHost(host));
  }

  /** Why this address (reached through `host`) may not be called, or null. */
  addressProblem(host: string, ip: string): string | null {
    if (this.hostAllowed(host)) return null;
    const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
    if (this.networks.check(ip, family)) return null;
    const inner = family === 'ipv6' ? embeddedIPv4(ip) : null;
    if (inner && this.networks.check(inner, 'ipv4')) return null;
    const reason = forbiddenReason(ip);
    return reason ? `${host} resolves to ${ip} (${reason}), which is not allowed` : null;
  }

  /**
   * Resolves the URL's host and checks every address: one forbidden address refuses the target (a name
   * with a public and a private address could be steered to the private one). Answers the address to
   * connect to, so the connection goes where the check looked and a second lookup cannot move it.
   */
  async resolve(
    raw: string,
    resolver: Resolver = systemResolver,
  ): Promise<{ ok: true; address: Address } | { ok: false; problem: string; unresolved?: boolean }> {
    const shape = TargetPolicy.shapeProblem(raw);
    if (shape) return { ok: false, problem: shape };
    const host = normalizeHost(new URL(raw).hostname);
    let addresses: Address[];
    if (isIP(host)) addresses = [{ address: host, family: isIP(host) === 6 ? 6 : 4 }];
    else {
      try {
        addresses = await resolver(host);
      } catch (error) {
        const code = (error as { code?: string }).code ?? (error as Error).message;
        return { ok: false, problem: `${host} does not resolve (${code})`, unresolved: true };
      }
      if (addresses.length === 0) return { ok: false, problem: `${host} does not resolve`, unresolved: true };
    }
    for (const a of addresses) {
      const problem = this.addressProblem(host, a.address);
      if (problem) return { ok: false, problem };
    }
    return { ok: true, address: addresses[0] };
  }
}

function normalizeHost(host: string): string {
  return host
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
}

/** WEBHOOK_ALLOWED_HOSTS entries: a host name, an IP literal, or a CIDR. */
export function allowedHostEntryProblem(entry: string): string | null {
  const slash = entry.indexOf('/');
  if (/^[0-9a-f:.]+\/[0-9]+$/i.test(entry)) {
    const net = entry.slice(0, slash);
    const prefix = Number(entry.slice(slash + 1));
    const family = isIP(net);
    if (!family || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128))
      return `"${entry}" is not a CIDR such as 10.20.0.0/16`;
    return null;
  }
  if (isIP(normalizeHost(entry))) return null;
  return /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/i.test(
    entry,
  )
    ? null
    : `"${entry}" is neither a host name nor a CIDR`;
}
