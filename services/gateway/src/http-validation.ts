import { DomainError } from '@yiwang/platform';
import type { z } from 'zod';

/** Validates a request part with zod; a failure is a 400 whose `errors` name each field (`body.title`). */
export function parseRequest<S extends z.ZodType>(
  schema: S,
  value: unknown,
  part: 'body' | 'query' | 'path' | 'header',
): z.infer<S> {
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
