import type { Response } from 'express';

/**
 * GeoReport v2 output: the same documents as JSON (arrays of objects) or XML (a root element holding one
 * element per item). UTF-8 everywhere; XML starts with its declaration, as the specification asks.
 */
export type Open311Format = 'json' | 'xml';

export type Scalar = string | number | boolean | null | undefined;
export interface Node {
  [field: string]: Scalar | Scalar[] | Node | Node[];
}

/** How a list is wrapped in XML: `<services><service>…</service></services>`. */
export interface XmlShape {
  root: string;
  item: string;
  /** Element names for nested arrays, by field: `attributes` → `attribute`, `values` → `value`. */
  children?: Record<string, string>;
}

export function parseFormat(value: string | undefined): Open311Format | null {
  return value === 'json' || value === 'xml' ? value : null;
}

/** Splits `abc.json` into the name and the format; null when the suffix is not a GeoReport format. */
export function splitResource(resource: string): { name: string; format: Open311Format } | null {
  const dot = resource.lastIndexOf('.');
  if (dot <= 0) return null;
  const format = parseFormat(resource.slice(dot + 1));
  return format ? { name: resource.slice(0, dot), format } : null;
}

export function send(
  response: Response,
  format: Open311Format,
  status: number,
  items: Node[],
  shape: XmlShape,
): void {
  response.status(status);
  if (format === 'json') {
    response.type('application/json; charset=utf-8').send(JSON.stringify(items.map(jsonValue)));
    return;
  }
  response.type('text/xml; charset=utf-8').send(toXml(items, shape));
}

/**
 * One document that is a single object rather than a list (a service definition, the discovery document):
 * the object itself in JSON, and in XML the object as the root element.
 */
export function sendOne(
  response: Response,
  format: Open311Format,
  status: number,
  node: Node,
  shape: Omit<XmlShape, 'item'>,
): void {
  response.status(status);
  if (format === 'json') {
    response.type('application/json; charset=utf-8').send(JSON.stringify(jsonValue(node)));
    return;
  }
  response
    .type('text/xml; charset=utf-8')
    .send(`${XML_DECLARATION}${element(shape.root, node, shape.children ?? {})}`);
}

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

/** JSON: absent values are null, so every documented field is present. */
function jsonValue(node: Node): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      Array.isArray(value)
        ? value.map((v) => (v !== null && typeof v === 'object' ? jsonValue(v) : (v ?? null)))
        : value !== null && typeof value === 'object'
          ? jsonValue(value)
          : (value ?? null),
    ]),
  );
}

export function toXml(items: Node[], shape: XmlShape): string {
  const out = [XML_DECLARATION, `<${shape.root}>`];
  for (const item of items) out.push(element(shape.item, item, shape.children ?? {}));
  out.push(`</${shape.root}>`);
  return out.join('');
}

function element(name: string, node: Node, children: Record<string, string>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (Array.isArray(value)) {
      const child = children[key] ?? key.replace(/s$/, '');
      const inner = value.map((v) =>
        v !== null && typeof v === 'object' ? element(child, v, children) : scalar(child, v),
      );
      parts.push(`<${key}>${inner.join('')}</${key}>`);
    } else if (value !== null && typeof value === 'object') {
      parts.push(element(key, value, children));
    } else {
      parts.push(scalar(key, value));
    }
  }
  return `<${name}>${parts.join('')}</${name}>`;
}

function scalar(name: string, value: Scalar): string {
  return value === null || value === undefined || value === ''
    ? `<${name}/>`
    : `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function escapeXml(text: string): string {
  return (
    text
      // Characters XML 1.0 cannot carry at all are dropped rather than producing a document no parser reads.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/** GeoReport errors: `[{code, description}]` / `<errors><error><code/><description/></error></errors>`. */
export function sendErrors(
  response: Response,
  format: Open311Format,
  status: number,
  errors: { code: number; description: string }[],
): void {
  send(response, format, status, errors, { root: 'errors', item: 'error' });
}

/** W3C date-time (ISO 8601 with a zone), as GeoReport wants, in UTC. */
export function w3cDate(value: string | Date | null | undefined): string | null {
  if (!value) return null;
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? null : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Accepts the W3C profile of ISO 8601: a date, or a date-time with a zone (Z or ±hh:mm). */
export function parseW3cDate(value: string): Date | null {
  const match =
    /^\d{4}-\d{2}-\d{2}$/.test(value) ||
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  if (!match) return null;
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? null : date;
}
