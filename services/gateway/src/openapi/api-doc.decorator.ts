import { SetMetadata } from '@nestjs/common';
import type { z } from 'zod';

export const API_DOC = 'yiwang:api-doc';

/** What OpenAPI says about a route: the same zod schemas the handler validates with. */
export interface ApiDocMeta {
  summary: string;
  tag: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Request body media type when it is not JSON (e.g. text/csv). */
  bodyType?: string;
  response?: z.ZodType;
  /** Response media type when it is not JSON (e.g. text/csv for a download). */
  responseType?: string;
  status?: number;
  /** Problem codes this route may answer besides the generic ones. */
  errors?: number[];
  public?: boolean;
}

export const ApiDoc = (meta: ApiDocMeta) => SetMetadata(API_DOC, meta);
