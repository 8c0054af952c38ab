/**
 * The signed-in session: access and refresh tokens in sessionStorage (gone with the tab), refreshed once
 * on a 401, with listeners for the UI when the session ends.
 */
export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  expires_in: number;
}

export interface Claims {
  sub: string;
  name?: string;
  preferred_username?: string;
  roles?: string[];
  unit?: string | null;
  exp?: number;
}

const KEY = 'yiwang.session';
type Stored = { access: string; refresh?: string; tokenEndpoint?: string };
const listeners = new Set<() => void>();
let refreshing: Promise<boolean> | null = null;

function read(): Stored | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Stored) : null;
  } catch {
    return null;
  }
}

function write(value: Stored | null): void {
  if (value) sessionStorage.setItem(KEY, JSON.stringify(value));
  else sessionStorage.removeItem(KEY);
  for (const listener of listeners) listener();
}

export function decodeClaims(token: string): Claims | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), (c) =>
      c.charCodeAt(0),
    );
    return JSON.parse(new TextDecoder().decode(bytes)) as Claims;
  } catch {
    return null;
  }
}

export const session = {
  accessToken: (): string | null => read()?.access ?? null,
  claims: (): Claims | null => {
    const token = read()?.access;
    return token ? decodeClaims(token) : null;
  },
  /** Stores tokens from the built-in provider or an OIDC token endpoint (then refreshes go there). */
  store(tokens: TokenResponse, tokenEndpoint?: string): void {
    write({ access: tokens.access_token, refresh: tokens.refresh_token, tokenEndpoint });
  },
  async refresh(): Promise<boolean> {
    refreshing ??= (async () => {
      const current = read();
      if (!current?.refresh) return false;
      try {
        const response = current.tokenEndpoint
          ? await fetch(current.tokenEndpoint, {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: current.refresh }),
            })
          : await fetch('/api/v1/auth/token', {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: current.refresh }),
            });
        if (!response.ok) return false;
        const tokens = (await response.json()) as TokenResponse;
        write({ ...current, access: tokens.access_token, refresh: tokens.refresh_token ?? current.refresh });
        return true;
      } catch {
        return false;
      }
    })().finally(() => (refreshing = null));
    return refreshing;
  },
  async logout(): Promise<void> {
    const current = read();
    write(null);
    if (current?.refresh && !current.tokenEndpoint)
      await fetch('/api/v1/auth/revoke', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refresh_token: current.refresh }),
      }).catch(() => undefined);
  },
  /** The gateway refused the token even after a refresh: back to the login page. */
  expired(): void {
    if (read()) write(null);
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
