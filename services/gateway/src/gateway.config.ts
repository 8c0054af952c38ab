import { calleesOf, downstreamServices, type HealthUrlEnv } from '@yiwang/contracts';
import {
  KEY_RING_PATTERN,
  SecretCipher,
  baseServiceConfig,
  env,
  grpcAddressSettings,
} from '@yiwang/platform';
import { z } from 'zod';
import { allowedHostEntryProblem } from './webhooks/webhook-target.js';

const health = (port: number) => env.url(['http', 'https']).default(`http://127.0.0.1:${port}/health/ready`);

/** `<NAME>_HEALTH_URL` of every service behind the gateway (service catalogue), for its readiness. */
const healthUrls = Object.fromEntries(downstreamServices.map((s) => [s.healthEnv, health(s.http)])) as {
  [K in HealthUrlEnv]: ReturnType<typeof health>;
};

export const gatewayConfigSchema = baseServiceConfig
  .extend({
    HTTP_PORT: env.port(3000),
    /** CASE_GRPC_ADDR, GRID_GRPC_ADDR …: the services the catalogue says the gateway calls. */
    ...grpcAddressSettings(calleesOf('gateway')),
    GRPC_DEADLINE_MS: env.int(5000, 50),
    ...healthUrls,
    BODY_LIMIT: z
      .string()
      .regex(/^[0-9]+(b|kb|mb)$/, 'a size such as 1mb or 256kb')
      .default('1mb'),
    /** Largest CSV upload to POST /api/v1/registry/imports (the grid service takes at most 64 MiB). */
    IMPORT_MAX_BYTES: env.int(64 * 1024 * 1024, 1).pipe(z.number().max(64 * 1024 * 1024)),
    /** Largest attachment upload, streamed through in chunks and refused with 413 as soon as it passes this. */
    ATTACHMENTS_MAX_BYTES: env.int(10 * 1024 * 1024, 1).pipe(z.number().max(1024 * 1024 * 1024)),
    /** The built-in identity provider's issuer and audience (`iss`, `aud` of the tokens it signs). */
    AUTH_ISSUER: z.string().min(1).default('yiwang-gateway'),
    AUTH_AUDIENCE: z.string().min(1).default('yiwang'),
    AUTH_ACCESS_TTL_SECONDS: env.int(900, 60),
    AUTH_REFRESH_TTL_SECONDS: env.int(7 * 24 * 3600, 300),
    /** Failed logins per user name before it is locked, and for how long (per address: four times as many). */
    LOGIN_MAX_FAILURES: env.int(5, 1),
    LOGIN_LOCK_SECONDS: env.int(900, 1),
    /** An external OIDC provider (Keycloak …): tokens with this issuer are verified against its JWKS. */
    OIDC_ISSUER: z.string().url().optional(),
    OIDC_AUDIENCE: z.string().min(1).optional(),
    OIDC_JWKS_URL: env.url(['http', 'https']).optional(),
    /** Where roles and the unit are in OIDC tokens (dot path for nested claims, e.g. realm_access.roles). */
    OIDC_ROLES_CLAIM: z.string().default('roles'),
    OIDC_UNIT_CLAIM: z.string().default('unit'),
    /** Browser origins allowed to call the API (comma-separated, e.g. https://ops.example.gov.cn); none by default. */
    CORS_ALLOWED_ORIGINS: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'origins are scheme://host[:port]'))),
    /** Strict-Transport-Security max-age on requests that came over TLS (0 turns HSTS off). */
    HSTS_MAX_AGE_SECONDS: env.int(15_552_000, 0),
    /** Idempotency-Key responses are kept this long. */
    IDEMPOTENCY_TTL_HOURS: env.int(24, 1),
    /**
     * A key still "in progress" after this long is taken over by the next request with it: its first
     * request's gateway died, or could not record the outcome. Longer than any request may take.
     */
    IDEMPOTENCY_LEASE_SECONDS: env.int(120, 1),
    /** Proxies whose X-Forwarded-For is believed (Express "trust proxy"), e.g. loopback,10.0.0.0/8. */
    TRUST_PROXY: z.string().default('loopback'),
    /** API clients: default token bucket (per client, shared by all replicas) and rotation grace period. */
    CLIENT_RATE_PER_SECOND: env.int(10, 1),
    CLIENT_RATE_BURST: env.int(20, 1),
    CLIENT_ROTATION_GRACE_SECONDS: env.int(24 * 3600, 0),
    /** Webhook deliveries: attempts before dead-lettering, exponential backoff bounds, default timeout. */
    WEBHOOK_MAX_ATTEMPTS: env.int(8, 1),
    WEBHOOK_BACKOFF_BASE_MS: env.int(5000, 10),
    WEBHOOK_BACKOFF_MAX_MS: env.int(3600_000, 10),
    WEBHOOK_TIMEOUT_MS: env.int(5000, 100),
    /** How often the delivery worker looks for due deliveries, and how many it runs at once in total. */
    WEBHOOK_POLL_MS: env.int(500, 10),
    WEBHOOK_WORKER_CONCURRENCY: env.int(64, 1),
    /**
     * Receivers allowed although they are internal (comma list): a host name or IP literal allows URLs naming
     * it; a CIDR (10.20.0.0/16) allows any name resolving inside it. Everything else must resolve only to
     * public addresses, checked when a subscription is saved and again before every delivery.
     */
    WEBHOOK_ALLOWED_HOSTS: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim().toLowerCase())
          .filter(Boolean),
      )
      .superRefine((entries, ctx) => {
        for (const entry of entries) {
          const problem = allowedHostEntryProblem(entry);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }
      }),
    /** Gone: refused with a pointer to its replacement, so an old setting cannot silently stop deliveries. */
    WEBHOOK_ALLOW_PRIVATE_TARGETS: z
      .string()
      .optional()
      .refine(
        (v) => v === undefined,
        'replaced by WEBHOOK_ALLOWED_HOSTS (host names or CIDRs, e.g. 10.0.0.0/8)',
      ),
    /**
     * Keys that encrypt webhook signing secrets at rest, `id:base64(32 bytes)` comma-separated (older ids stay
     * while rows are written under them), and the id new secrets are written under.
     */
    WEBHOOK_SECRET_KEYS: z.string().regex(KEY_RING_PATTERN, 'id:base64key[,id:base64key…]'),
    WEBHOOK_SECRET_ACTIVE_KEY: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'a key id from WEBHOOK_SECRET_KEYS'),
    /** After a signing secret is rotated, deliveries carry the old signature too for this long. */
    WEBHOOK_SECRET_OVERLAP_SECONDS: env.int(24 * 3600, 0),
    /**
     * Anchoring the audit chain outside the database: the head (seq, hash, time) is appended as a JSON line
     * to AUDIT_ANCHOR_FILE and/or POSTed to AUDIT_ANCHOR_URL every AUDIT_ANCHOR_INTERVAL (e.g. 3600, 15m,
     * 1h; 0 = only by `npm run gateway -- audit-anchor`).
     */
    AUDIT_ANCHOR_FILE: z.string().min(1).optional(),
    AUDIT_ANCHOR_URL: env.url(['http', 'https']).optional(),
    AUDIT_ANCHOR_INTERVAL: z
      .string()
      .regex(/^[0-9]+(s|m|h)?$/, 'seconds, or a number with s, m or h')
      .default('0')
      .transform((v) => Number.parseInt(v, 10) * ({ s: 1, m: 60, h: 3600 }[v.slice(-1)] ?? 1) * 1000),
    /**
     * Every JSON answer is compared with the response schema its route documents: `log` writes a mismatch to
     * the log, `enforce` answers 500 instead (the test harness runs this way, so an undocumented field such as
     * an internal artefact fails the tests), `off` skips the check.
     */
    API_RESPONSE_CHECK: z.enum(['off', 'log', 'enforce']).default('log'),
    /**
     * Open311 GeoReport v2: GET requests, tokens and media answer anonymous callers (public fields only, as the
     * specification has it); false requires an api_key or token for them too.
     */
    OPEN311_PUBLIC_READS: env.boolean(true),
    /** The jurisdiction_id this endpoint serves; a request naming another answers 400. Unset: none may be named. */
    OPEN311_JURISDICTION_ID: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,80}$/, 'letters, digits, dot, dash or underscore')
      .optional(),
    /** Absolute URLs in Open311 answers (discovery, media_url) start here; default: the request's own origin. */
    OPEN311_BASE_URL: env.url(['http', 'https']).optional(),
    /** Discovery document: whom to contact, and where to ask for an api_key. */
    OPEN311_CONTACT: z.string().min(1).max(300).optional(),
    OPEN311_KEY_SERVICE: z.string().min(1).max(300).optional(),
    /** Server-sent events: heartbeat comment interval. */
    STREAM_HEARTBEAT_MS: env.int(15_000, 100),
    /** The built admin UI served at `/` (default: web/dist of this checkout); WEB_UI=false serves none. */
    WEB_UI: env.boolean(true),
    WEB_DIST_DIR: z.string().min(1).optional(),
    /** The UI's OIDC client (public, authorization code + PKCE); with OIDC_ISSUER the login page redirects. */
    WEB_OIDC_CLIENT_ID: z.string().min(1).optional(),
    WEB_OIDC_SCOPE: z.string().min(1).default('openid profile'),
    /** A raster tile URL template ({z}/{x}/{y}) drawn under the platform's own GeoJSON; none by default. */
    WEB_MAP_TILE_URL: z
      .string()
      .regex(/^https?:\/\/.*\{z\}.*\{x\}.*\{y\}/, 'an http(s) URL template with {z}, {x} and {y}')
      .optional(),
  })
  .superRefine((c, ctx) => {
    try {
      SecretCipher.fromConfig(c.WEBHOOK_SECRET_KEYS, c.WEBHOOK_SECRET_ACTIVE_KEY);
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['WEBHOOK_SECRET_KEYS'], message: (error as Error).message });
    }
  })
  .refine((c) => !c.OIDC_ISSUER || (c.OIDC_JWKS_URL && c.OIDC_AUDIENCE), {
    message: 'OIDC_ISSUER needs OIDC_JWKS_URL and OIDC_AUDIENCE',
    path: ['OIDC_JWKS_URL'],
  });

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
