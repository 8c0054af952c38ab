import { Injectable, type NestMiddleware } from '@nestjs/common';
import { IdentityContext } from '@yiwang/platform';
import type { NextFunction, Request, Response } from 'express';
import { auditStateOf } from './audit-state.js';

/**
 * Runs after authentication: notes who is calling in the request's audit state, so requests refused
 * later (by the permission guard, validation or a service) are still recorded with their caller.
 */
@Injectable()
export class AuditIdentityMiddleware implements NestMiddleware {
  use(_request: Request, response: Response, next: NextFunction): void {
    const state = auditStateOf(response);
    if (state) state.identity = IdentityContext.current();
    next();
  }
}
