import type { Permission } from '@yiwang/contracts/access';
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api } from '../api/client';
import type { Identity } from '../api/types';
import { session, type TokenResponse } from './session';

interface AuthValue {
  /** null: signed out; undefined: still loading who the user is. */
  identity: Identity | null | undefined;
  displayName: string;
  /** The unit the user's data scope starts at (district, street, community or grid code). */
  scopeUnit: string | null;
  can: (permission: Permission) => boolean;
  login: (username: string, password: string) => Promise<void>;
  acceptTokens: () => Promise<void>;
  logout: () => Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

export function scopeUnitOf(identity: Identity | null | undefined): string | null {
  const path = identity?.scopePath;
  if (!path) return null;
  const parts = path.split('.');
  return parts[parts.length - 1] ?? null;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [identity, setIdentity] = useState<Identity | null | undefined>(
    session.accessToken() ? undefined : null,
  );

  const loadIdentity = useCallback(async () => {
    if (!session.accessToken()) {
      setIdentity(null);
      return;
    }
    try {
      setIdentity(await api.get<Identity>('/api/v1/auth/me'));
    } catch {
      setIdentity(null);
    }
  }, []);

  useEffect(() => {
    void loadIdentity();
    return session.subscribe(() => {
      if (!session.accessToken()) setIdentity(null);
    });
  }, [loadIdentity]);

  const login = useCallback(
    async (username: string, password: string) => {
      const tokens = await api.post<TokenResponse>('/api/v1/auth/token', { body: { username, password } });
      session.store(tokens);
      await loadIdentity();
    },
    [loadIdentity],
  );

  const claims = identity ? session.claims() : null;
  const value: AuthValue = {
    identity,
    displayName: claims?.name ?? claims?.preferred_username ?? identity?.subject ?? '',
    scopeUnit: scopeUnitOf(identity),
    can: (permission) => identity?.permissions.includes(permission) ?? false,
    login,
    acceptTokens: loadIdentity,
    logout: async () => {
      await session.logout();
      setIdentity(null);
    },
  };
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}
