import { DomainError } from '@yiwang/platform';
import type { z } from 'zod';

export type RequestPart = 'body' | 'query' | 'path' | 'header';

/**
 * The one place request input is validated (the route decorators' `ValidBody`, `ValidQuery`, `ValidParams` and
 * `ValidHeaders` come here, and so do the few handlers that parse by hand): a failure is a 400 whose `errors`
 * name each field (`body.title`).
 */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, part: RequestPart): z.infer<S> {
  const result = schema.safeParse(value);
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
