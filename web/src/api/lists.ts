/** The list the gateway wraps a repeated field in (items), or the proto's own name. */
export function listOf<T>(body: unknown, ...names: string[]): T[] {
  const record = (body ?? {}) as Record<string, unknown>;
  for (const name of ['items', ...names]) if (Array.isArray(record[name])) return record[name] as T[];
  return Array.isArray(body) ? (body as T[]) : [];
}
