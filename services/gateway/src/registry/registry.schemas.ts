import { isCalendarDay } from '@yiwang/platform';
import { z } from 'zod';

/** Shared request pieces of the registry routes. */
export const unitCode = z.string().regex(/^[0-9]{2,12}$/, 'must be a 2–12 digit division code');
export const gridCode = z
  .string()
  .regex(/^[0-9]{12}(-[A-Z0-9]{1,8}){1,2}$/, 'must be a grid code such as 440106001002-G03');
export const uuid = z.string().uuid();
export const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
  .refine(isCalendarDay, 'must be a day that exists on the calendar');
export const limit = (max: number, fallback: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback);
export const bool = z
  .enum(['true', 'false'])
  .default('false')
  .transform((v) => v === 'true');
export const cursor = z.string().max(500).optional();

export const codeParams = z.object({ code: unitCode });
export const gridParams = z.object({ code: gridCode });
export const idParams = z.object({ id: uuid });
