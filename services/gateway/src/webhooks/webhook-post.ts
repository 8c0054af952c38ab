import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Address } from './webhook-target.js';

/**
 * POSTs to the URL but connects to `address`, the one the target check approved: the socket's look-up
 * answers that address instead of asking DNS again, so a name that changes between the check and the
 * connection (DNS rebinding) cannot point the request elsewhere. TLS still verifies the certificate
 * against the URL's host name (SNI and the Host header come from the URL). Redirects are not followed.
 */
export function postPinned(
  url: string,
  address: Address,
  options: { body: string; headers: Record<string, string>; timeoutMs: number },
): Promise<{ status: number }> {
  const target = new URL(url);
  const pinned: LookupFunction = (_host, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all)
      (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [address]);
    else callback(null, address.address, address.family);
  };
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: 'POST',
        lookup: pinned,
        headers: { ...options.headers, 'content-length': String(Buffer.byteLength(options.body)) },
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      (response: IncomingMessage) => {
        // The answer's body is not used: drain it so the socket is released.
        response.resume();
        response.on('error', () => undefined);
        resolve({ status: response.statusCode ?? 0 });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
