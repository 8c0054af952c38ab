import { z } from 'zod';

/** National statistical division code (GB/T 2260 + 统计用区划代码): 2 to 12 digits, or a grid code below it. */
export const unitCode = z.string().regex(/^[0-9]{2,12}(-[A-Za-z0-9]{1,16})*$/, 'a division or grid code');
