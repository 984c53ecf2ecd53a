import { z } from 'zod';
import { ACCESS_TOKEN_ALGORITHMS } from '../auth/keys/signing-algorithm.js';
import { parseDuration } from './duration.js';

/** Names of the secrets that sign tokens or encrypt data; generated into `.env` outside production. */
export const SECRET_NAMES = ['ACCESS_TOKEN_SECRET', 'REFRESH_TOKEN_SECRET', 'TOTP_ENCRYPTION_KEY'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/** Secrets shorter than this (in bytes) are refused in production. */
export const MIN_SECRET_BYTES = 32;

/** Values that only ever appear in `.env.example` and must never sign anything real. */
export const EXAMPLE_SECRET_MARKER = 'change-me';

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const seconds = parseDuration(text);
      if (seconds === undefined) {
        ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration like 15s, 15m, 2h or 7d` });
        return z.NEVER;
      }
      return seconds;
    });

const integer = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1');

/** Every environment variable Keystep reads, with its default. `.env.example` documents the same list. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  APP_ROLE: z.enum(['all', 'auth', 'api']).default('all'),
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  DATABASE_URL: optionalText.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  DATABASE_POOL_SIZE: integer(10, 1, 100),
  DATABASE_MIGRATE_ON_START: booleanFlag(false),
  DATA_DIR: z.string().default('.data'),

  JWT_ISSUER: z.string().min(1).default('keystep'),
  JWT_AUDIENCE: z.string().min(1).default('keystep-api'),
  JWT_REFRESH_AUDIENCE: z.string().min(1).default('keystep-refresh'),
  JWT_CLOCK_TOLERANCE: duration('5s').or(z.literal('0').transform(() => 0)),
  ACCESS_TOKEN_ALGORITHM: z.enum(ACCESS_TOKEN_ALGORITHMS).default('EdDSA'),
  /** PEM private key(s) for signing access tokens; the last one signs, earlier ones only verify. */
  JWT_PRIVATE_KEYS: optionalText,
  /** Folder of private keys (see `npm run keys:generate`); default `<DATA_DIR>/keys`. */
  JWT_KEYS_DIR: optionalText,
  /** Extra trusted public keys (PEM); on the api role, the keys to verify with when JWKS_URL is not set. */
  JWT_PUBLIC_KEYS: optionalText,
  /** The auth server's JWKS, for the api role. */
  JWKS_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  JWKS_COOLDOWN: duration('30s'),
  JWKS_CACHE_MAX_AGE: duration('10m'),
  /** Verified access tokens kept in memory (keyed by the exact token, never past its exp); 0 turns it off. */
  ACCESS_TOKEN_CACHE_SIZE: integer(10000, 0, 1_000_000),
  ACCESS_TOKEN_SECRET: optionalText,
  REFRESH_TOKEN_SECRET: optionalText,
  TOTP_ENCRYPTION_KEY: optionalText,

  ACCESS_TOKEN_TTL: duration('15m'),
  REFRESH_TOKEN_TTL: duration('7d'),
  SESSION_MAX_AGE: duration('30d'),
  STEP_UP_WINDOW: duration('5m'),
  REFRESH_REUSE_GRACE: duration('10s').or(z.literal('0').transform(() => 0)),
  SESSION_PURGE_INTERVAL: duration('1h'),

  ARGON2_MEMORY_KIB: integer(19456, 1024, 1048576),
  ARGON2_TIME_COST: integer(2, 1, 20),
  ARGON2_PARALLELISM: integer(1, 1, 16),

  TOTP_ISSUER: z.string().min(1).default('Keystep'),

  RATE_LIMIT_PER_MINUTE: integer(30, 1, 1_000_000),
  REDIS_URL: optionalText.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  TRUST_PROXY: booleanFlag(false),
  LOCKOUT_THRESHOLD: integer(10, 1, 1000),
  LOCKOUT_DURATION: duration('15m'),

  BODY_LIMIT_BYTES: integer(16384, 1024, 10 * 1024 * 1024),
  CORS_ORIGINS: optionalText,
});

export type Env = z.output<typeof envSchema>;
