/**
 * The unique index a failed statement collided with, or null for any other error. Lets services turn a
 * race that slipped past their pre-checks into a coded conflict instead of an internal error.
 */
export function uniqueViolation(error: unknown): string | null {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } } | null)?.driverError;
  const pgError = driverError ?? (error as { code?: string; constraint?: string } | null);
  return pgError?.code === '23505' ? (pgError.constraint ?? 'unknown') : null;
}
