/** Outcome of parsing untrusted input. `reason` describes the problem and never contains the input. */
export type ParseResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };
