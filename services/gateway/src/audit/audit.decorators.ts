import { SetMetadata } from '@nestjs/common';
import type { Request } from 'express';

export const AUDIT_PERSONAL_DATA = 'yiwang:audit-personal-data';

export interface PersonalDataRead {
  action: string;
  /** Whether this request reads personal data (e.g. only with `reveal=true`); always when omitted. */
  when?: (request: Request) => boolean;
}

/** Marks a read route whose answer carries personal data: each such read is audited like a write. */
export const AuditPersonalData = (action: string, when?: PersonalDataRead['when']) =>
  SetMetadata(AUDIT_PERSONAL_DATA, { action, when } satisfies PersonalDataRead);
