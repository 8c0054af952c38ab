/**
 * Login through an external OpenID Connect provider: authorization code with PKCE from the browser (a
 * public client), the provider's endpoints from its discovery document. The gateway verifies the tokens
 * against the provider's JWKS (OIDC_ISSUER, OIDC_JWKS_URL, OIDC_AUDIENCE).
 */
import { session, type TokenResponse } from './session';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  scope: string;
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

const PENDING = 'yiwang.oidc';
export const CALLBACK_PATH = '/auth/callback';

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export async function pkcePair(): Promise<{ verifier: string; challenge: string }> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return { verifier, challenge: base64url(new Uint8Array(digest)) };
}

async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`OIDC discovery failed (${response.status})`);
  return (await response.json()) as Discovery;
}

/** Sends the browser to the provider's login page. */
export async function startOidcLogin(settings: OidcSettings, returnTo: string): Promise<void> {
  const discovery = await discover(settings.issuer);
  const { verifier, challenge } = await pkcePair();
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem(
    PENDING,
    JSON.stringify({ verifier, state, returnTo, tokenEndpoint: discovery.token_endpoint, ...settings }),
  );
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: `${location.origin}${CALLBACK_PATH}`,
    scope: settings.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/** On the callback page: trades the code for tokens; returns where the user was going. */
export async function finishOidcLogin(search: string): Promise<string> {
  const params = new URLSearchParams(search);
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as
    (OidcSettings & { verifier: string; state: string; returnTo: string; tokenEndpoint: string }) | null;
  sessionStorage.removeItem(PENDING);
  if (!pending || params.get('state') !== pending.state) throw new Error('state mismatch');
  const code = params.get('code');
  if (!code) throw new Error(params.get('error_description') ?? params.get('error') ?? 'no code');
  const response = await fetch(pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: `${location.origin}${CALLBACK_PATH}`,
      client_id: pending.clientId,
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new Error(`token exchange failed (${response.status})`);
  session.store((await response.json()) as TokenResponse, pending.tokenEndpoint);
  return pending.returnTo || '/';
}
