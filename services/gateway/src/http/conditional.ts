import { DomainError } from '@yiwang/platform';
import type { Request } from 'express';
import { createHash } from 'node:crypto';

/**
 * Entity tags: a strong tag over the bytes of the JSON answer. Installed as express's `etag` function, so
 * every answer with a body (GET of a single resource included) carries one and `If-None-Match` gets 304;
 * `etagOf(value)` gives the same tag for the value a handler would return.
 */
export function etagOfBytes(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

export function etagOf(representation: unknown): string {
  return etagOfBytes(JSON.stringify(representation));
}

/**
 * For updates that can race, on routes that opt in: `If-Match` must name the current representation's
 * tag (412 when it does not), and is required when `required` (428 when missing). `*` matches anything
 * that exists. Weak tags never match (RFC 9110 strong comparison).
 */
export function checkIfMatch(request: Request, current: unknown, options: { required: boolean }): void {
  const header = request.get('if-match');
  if (header === undefined || header.trim() === '') {
    if (!options.required) return;
    throw new DomainError(
      'precondition_required',
      'request.precondition_required',
      'This update needs an If-Match header with the ETag of the resource as last read',
      [{ field: 'header.If-Match', message: 'required' }],
    );
  }
  if (header.trim() === '*') return;
  const tag = etagOf(current);
  const listed = header.split(',').map((t) => t.trim());
  if (!listed.includes(tag)) {
    throw new DomainError(
      'precondition_failed',
      'request.precondition_failed',
      'The resource has changed since it was read: read it again and retry',
      [{ field: 'header.If-Match', message: `the current ETag is ${tag}` }],
    );
  }
}
