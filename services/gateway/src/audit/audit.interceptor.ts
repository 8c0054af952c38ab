import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { unitPathOf } from '@yiwang/contracts';
import type { Request, Response } from 'express';
import { tap, type Observable } from 'rxjs';
import { AUDIT_PERSONAL_DATA, type PersonalDataRead } from './audit.decorators.js';
import { auditStateOf } from './audit-state.js';

const PATH = /^[0-9]{2}(\.[0-9A-Z-]{2,30}){0,6}$/;
const CODE_FIELDS = ['gridCode', 'communityCode', 'unitCode', 'code'] as const;

/**
 * Fills the audit state from the matched handler: the action (`registry-people.updateResident`), the path
 * parameters, whether personal data is read, and the unit of the affected resource (from the answer, the
 * request body or a unit/grid code in the path).
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const state = auditStateOf(http.getResponse<Response>());
    if (!state) return next.handle();
    const controller = context.getClass().name.replace(/HttpController$|Controller$/, '');
    state.action = `${kebab(controller)}.${context.getHandler().name}`;
    state.params = { ...(request.params as Record<string, string>) };
    const personal = this.reflector.get<PersonalDataRead | undefined>(
      AUDIT_PERSONAL_DATA,
      context.getHandler(),
    );
    if (personal && (!personal.when || personal.when(request))) {
      state.personalData = true;
      state.action = personal.action;
    }
    state.inputUnitPath = unitPathIn(request.params) ?? unitPathIn(request.body);
    return next.handle().pipe(
      tap((result) => {
        state.unitPath = unitPathIn(result);
      }),
    );
  }
}

/** The unit path of a resource (`path`) or of a unit or grid code it names, one level deep. */
export function unitPathIn(value: unknown, depth = 0): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const o = value as Record<string, unknown>;
  if (typeof o.path === 'string' && PATH.test(o.path)) return o.path;
  for (const field of CODE_FIELDS) {
    const code = o[field];
    if (typeof code !== 'string' || code === '') continue;
    try {
      return unitPathOf(code).join('.');
    } catch {
      // not a division or grid code
    }
  }
  if (depth > 0) return null;
  for (const nested of Object.values(o)) {
    const found = unitPathIn(nested, depth + 1);
    if (found) return found;
  }
  return null;
}

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
