import { isIP } from 'node:net';

/**
 * Receivers must be http(s) URLs without credentials. Unless private targets are allowed, literal loopback,
 * private and link-local addresses (and `localhost`) are refused so a subscription cannot probe the
 * gateway's own network. Names that resolve to private addresses are not checked here: put the gateway's
 * egress behind a proxy or firewall for that.
 */
export function targetProblem(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be http or https';
  if (url.username || url.password) return 'must not carry credentials';
  if (allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return 'must not be a loopback address';
  if (isIP(host) && isPrivate(host)) return 'must not be a loopback, private or link-local address';
  return null;
}

function isPrivate(ip: string): boolean {
  if (isIP(ip) === 4) {
    const [a, b] = ip.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  const v6 = ip.toLowerCase();
  if (v6.startsWith('::ffff:')) {
    // IPv4-mapped; URL parsing writes it in hex (::ffff:7f00:1).
    const rest = v6.slice(7);
    const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(rest);
    if (!hex) return isIP(rest) === 4 ? isPrivate(rest) : true;
    const [high, low] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
    return isPrivate(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
  }
  return v6 === '::1' || v6 === '::' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6);
}
