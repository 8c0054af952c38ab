import type { Identity } from '@yiwang/platform';
import type { Request, Response } from 'express';

/** What the layers of a request learn for its audit record, filled in as the request goes through. */
export interface AuditState {
  identity: Identity | null;
  action: string | null;
  params: Record<string, string> | null;
  /** Unit path of the affected resource, from the answer. */
  unitPath: string | null;
  /** Unit path named by the request (path or body); believed only when the request succeeded. */
  inputUnitPath: string | null;
  /** A read of personal data (e.g. an unmasked resident): audited although it is a GET. */
  personalData: boolean;
  errorCode: string | null;
}

export function auditStateOf(response: Response): AuditState | undefined {
  return (response.locals as { audit?: AuditState }).audit;
}

export function attachAuditState(response: Response): AuditState {
  const state: AuditState = {
    identity: null,
    action: null,
    params: null,
    unitPath: null,
    inputUnitPath: null,
    personalData: false,
    errorCode: null,
  };
  (response.locals as { audit?: AuditState }).audit = state;
  return state;
}

/** Writes are every method but GET, HEAD and OPTIONS (CORS preflights). */
export function isWrite(request: Request): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
}
