import path from 'node:path';
import { z } from 'zod';
import { INDICATOR_TYPES, readWholeNumber, wholeNumberRangeMessage, type IndicatorType } from '@gpos/contracts';

/**
 * A whole number written as digits only. Not Number(): it reads `1e3` as 1000, `0x50` as 80 and ` ` as 0,
 * so a typo would start the platform on a port or pool size nobody asked for. Read and refused in the API's
 * and the CLI's words (`must be a whole number from 1,000 to 1,000,000`); spaces around it are forgiven, as
 * an env file often leaves them.
 */
function wholeNumber(min: number, max: number, fallback: number) {
  return z
    .string()
    .transform((text, ctx) => {
      const value = readWholeNumber(text.trim());
      if (value === undefined || value < min || value > max) {
        ctx.addIssue({ code: 'custom', message: `${wholeNumberRangeMessage(min, max)} (got ${JSON.stringify(text.slice(0, 40))})` });
        return z.NEVER;
      }
      return value;
    })
    .default(fallback);
}

/**
 * How many synthetic reports the demo may add (DEMO_REPORTS), and its seeds (DEMO_SEED): the same bounds
 * for `gpos demo --reports` and `--seed`, so the command takes what the variable takes.
 */
export const DEMO_REPORTS_RANGE = { min: 0, max: 10_000_000 } as const;
export const DEMO_SEED_RANGE = { min: 0, max: 2 ** 31 } as const;

/**
 * The whole environment in one schema. Every problem is reported at once, so an operator fixes a bad
 * deployment in one round instead of one variable per restart.
 */
const envSchema = z.object({
  PORT: wholeNumber(0, 65535, 8080),
  HOST: z.string().min(1).max(255).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).max(4096).default('./data'),
  DATABASE_URL: z
    .string()
    .max(4096)
    .refine((v) => /^postgres(ql)?:\/\//.test(v), { message: 'must be a postgres:// URL (leave unset for SQLite)' })
    .optional(),
  DEMO_PASSWORD: z.string().min(12, { message: 'must be at least 12 characters' }).max(256).optional(),
  /** Set to `false` to start with an empty platform instead of the demo world. */
  DEMO: z.enum(['true', 'false']).default('true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Trust X-Forwarded-* from a reverse proxy (needed for Secure cookies and client IPs behind TLS). */
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  SESSION_TTL_HOURS: wholeNumber(1, 24 * 30, 12),
  /** A sign-in session ends after this many minutes without a request (SESSION_TTL_HOURS still bounds it). */
  SESSION_IDLE_MINUTES: wholeNumber(1, 24 * 60, 30),
  /** When set, /metrics also answers non-loopback clients that send `Authorization: Bearer <token>`. */
  METRICS_TOKEN: z.string().min(16).max(256).optional(),
  /** Sign-in attempts per client address per minute (the per-account lockout is separate). */
  LOGIN_RATE_LIMIT: wholeNumber(1, 100_000, 20),
  /** Per-type decay in days as JSON, e.g. {"url":60,"ip":14}; see README. */
  DECAY_DAYS: z
    .string()
    .max(2000)
    .transform((text, ctx) => {
      try {
        return z.partialRecord(z.enum(INDICATOR_TYPES), z.number().int().min(1).max(36500)).parse(JSON.parse(text));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON like {"url":60,"ip":14}: indicator types and whole days' });
        return z.NEVER;
      }
    })
    .optional(),
  /** Allow webhooks to loopback and private addresses (tests, single-host set-ups). */
  WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false'),
  /** Synthetic scam reports created with the demo world on first start. */
  DEMO_REPORTS: wholeNumber(DEMO_REPORTS_RANGE.min, DEMO_REPORTS_RANGE.max, 2000),
  DEMO_SEED: wholeNumber(DEMO_SEED_RANGE.min, DEMO_SEED_RANGE.max, 2025),
  DB_POOL_SIZE: wholeNumber(1, 200, 10),
  SQLITE_CACHE_MB: wholeNumber(2, 4096, 16),
  NORMALISE_WORKERS: wholeNumber(0, 16, 0),
  INGEST_WORKERS: wholeNumber(0, 16, 1),
  /** Seconds a request's body may stay silent before it is refused 408 (stalled-bodies.ts); 0: no deadline. */
  BODY_IDLE_TIMEOUT_SECONDS: wholeNumber(0, 86_400, 120),
  WEB_DIST_DIR: z.string().max(4096).optional(),
  /** Encrypts federation peers' API keys at rest (AES-256-GCM, key = SHA-256 of this); needed to add peers. */
  FEDERATION_KEY: z.string().min(16, { message: 'must be at least 16 characters' }).max(512).optional(),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  demoPassword: string | null;
  demo: boolean;
  demoReports: number;
  demoSeed: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  trustProxy: boolean;
  sessionTtlHours: number;
  /** Minutes without a request after which a session ends (session-activity.ts). */
  sessionIdleMinutes: number;
  metricsToken: string | null;
  dbPoolSize: number;
  /** SQLite's page cache per connection, in MB (SQLite's own default is 2 MB). */
  sqliteCacheMb: number;
  /** Worker threads normalising large lookup batches (normalise-pool.ts); 0, the default: none. */
  normaliseWorkers: number;
  /** Worker threads normalising bulk ingest batches (uploads, imports); 1, the default; 0: in-thread. */
  ingestWorkers: number;
  loginRateLimit: number;
  /** Seconds without a byte on a connection whose request body is still due before it is refused 408; 0: none. */
  bodyIdleTimeoutSeconds: number;
  webhookAllowPrivate: boolean;
  decayDays: Partial<Record<IndicatorType, number>>;
  webDistDir: string | null;
  federationKey: string | null;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL ?? null,
    demoPassword: e.DEMO_PASSWORD ?? null,
    demo: e.DEMO === 'true',
    demoReports: e.DEMO_REPORTS,
    demoSeed: e.DEMO_SEED,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY === 'true',
    sessionTtlHours: e.SESSION_TTL_HOURS,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    metricsToken: e.METRICS_TOKEN ?? null,
    dbPoolSize: e.DB_POOL_SIZE,
    sqliteCacheMb: e.SQLITE_CACHE_MB,
    normaliseWorkers: e.NORMALISE_WORKERS,
    ingestWorkers: e.INGEST_WORKERS,
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    bodyIdleTimeoutSeconds: e.BODY_IDLE_TIMEOUT_SECONDS,
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE === 'true',
    decayDays: e.DECAY_DAYS ?? {},
    webDistDir: e.WEB_DIST_DIR ?? null,
    federationKey: e.FEDERATION_KEY ?? null,
  };
}
