import { DomainError, applyTextPolicy } from '@yiwang/platform';
import type { z } from 'zod';

export type RequestPart = 'body' | 'query' | 'path' | 'header';

/**
 * The one place request input is validated (the route decorators' `ValidBody`, `ValidQuery`, `ValidParams` and
 * `ValidHeaders` come here, and so do the few handlers that parse by hand): a failure is a 400 whose `errors`
 * name each field (`body.title`). Text goes through the platform's text policy before the schema sees it (the
 * platform's global pipe covers handlers that take plain `@Body` / `@Query` / `@Param` as well).
 */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, part: RequestPart): z.infer<S> {
  // The platform's text policy first (ADR 0008): refused characters answer validation.text, text is NFC.
  const checked = part === 'header' ? value : applyTextPolicy(value, part);
  const result = schema.safeParse(checked);
  if (result.success) return result.data;
  throw DomainError.invalid(
    'request.invalid',
    'The request is not valid',
    result.error.issues.map((issue) => ({
      field: [part, ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  );
}
