import type { z } from 'zod';

/**
 * A NATS subject with its payload schema. The version lives in the name (`case.v1.created`): a breaking
 * change to a payload is a new subject (`case.v2.created`), published side by side until consumers move.
 */
export interface SubjectDefinition<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly stream: string;
  readonly schema: S;
}

export type PayloadOf<D> = D extends SubjectDefinition<infer S> ? z.infer<S> : never;

const SUBJECT_PATTERN = /^[a-z][a-z-]*\.v[1-9][0-9]*\.[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;

export function defineSubject<S extends z.ZodType>(name: string, schema: S): SubjectDefinition<S> {
  if (!SUBJECT_PATTERN.test(name)) {
    throw new Error(`Subject "${name}" must look like <domain>.v<N>.<event>`);
  }
  return { name, stream: streamOf(name), schema };
}

/** Every subject lives in the stream named after its domain: `case.v1.created` → `CASE`. */
export function streamOf(subject: string): string {
  return subject.split('.')[0].replace(/-/g, '_').toUpperCase();
}
