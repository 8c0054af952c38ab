import { z } from 'zod';

/** A keyset page: the items and the cursor of the next page (null on the last). */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.strictObject({ items: z.array(item), nextCursor: z.string().nullable() });

/** A whole list, not paged. */
export const listOf = <T extends z.ZodType>(item: T) => z.strictObject({ items: z.array(item) });

/** An instant the service holds as a Date; the answer carries its ISO 8601 text (documented as date-time). */
export const instant = z.date();
