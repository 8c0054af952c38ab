import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Permission } from '@yiwang/contracts';
import { IdentityContext } from '@yiwang/platform';
import type { Request } from 'express';
import { AuthErrors } from './auth.errors.js';
import { isPublicPath, pathOf } from './auth.middleware.js';

export const PERMISSION_METADATA = 'yiwang:permission';
const PERMISSION = PERMISSION_METADATA;
const PUBLIC_ROUTE = 'yiwang:public';

/** Any authenticated caller (e.g. "who am I"). */
export const AUTHENTICATED = 'authenticated';

/** The permission a route needs (from libs/contracts). Every /api route declares one or is marked @PublicRoute(). */
export const RequirePermission = (permission: Permission | typeof AUTHENTICATED) =>
  SetMetadata(PERMISSION, permission);
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE, true);

@Injectable()
export class PermissionGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const permission = this.reflector.getAllAndOverride<string | undefined>(PERMISSION, targets);
    if (!permission) {
      // Health and metrics come from the platform; any other route must say what it needs.
      if (isPublicPath(pathOf(request))) return true;
      throw AuthErrors.forbidden('(undeclared: this route has no permission and is closed)');
    }
    const identity = IdentityContext.current();
    if (!identity) throw AuthErrors.missingToken();
    if (permission !== AUTHENTICATED && !identity.permissions.includes(permission)) {
      throw AuthErrors.forbidden(permission);
    }
    return true;
  }
}
