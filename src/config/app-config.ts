import type { AccessTokenAlgorithm } from '../auth/keys/signing-algorithm.js';
import type { Env } from './env.schema.js';

export type AppRole = 'all' | 'auth' | 'api';

/** Where a development api process finds the keys of a development auth process (`npm run start:auth`). */
export const DEV_JWKS_URL = 'http://127.0.0.1:4000/.well-known/jwks.json';

/** The typed, validated configuration every module reads. Durations are in seconds. */
export class AppConfig {
  readonly env!: Env['NODE_ENV'];
  readonly role!: AppRole;
  readonly port!: number;
  readonly host!: string;
  readonly logLevel!: Env['LOG_LEVEL'];
  readonly bodyLimitBytes!: number;
  readonly corsOrigins!: string[];
  readonly trustProxy!: boolean;

  readonly database!: {
    /** Undefined outside production means: start the embedded database. */
    url?: string;
    poolSize: number;
    migrateOnStart: boolean;
    dataDir: string;
  };

  readonly jwt!: {
    issuer: string;
    audience: string;
    refreshAudience: string;
    clockToleranceSeconds: number;
    accessAlgorithm: AccessTokenAlgorithm;
    /** Only used with ACCESS_TOKEN_ALGORITHM=HS256. */
    accessSecret: string;
    refreshSecret: string;
    privateKeys?: string;
    keysDir: string;
    publicKeys?: string;
    jwksUrl?: string;
    jwksCooldown: number;
    jwksCacheMaxAge: number;
    verifiedTokenCacheSize: number;
    accessTtl: number;
    refreshTtl: number;
  };

  readonly session!: { maxAge: number; reuseGrace: number; purgeInterval: number };
  readonly stepUp!: { window: number };
  readonly argon2!: { memoryCost: number; timeCost: number; parallelism: number };
  readonly totp!: { issuer: string; encryptionKey: string };
  readonly rateLimit!: { perMinute: number; redisUrl?: string };
  readonly lockout!: { threshold: number; duration: number };

  get isProduction(): boolean {
    return this.env === 'production';
  }

  /** Serves the routes that issue tokens (login, refresh, account). */
  get servesAuth(): boolean {
    return this.role !== 'api';
  }


  static fromEnv(env: Env): AppConfig {
    const config = Object.assign(new AppConfig(), {
      env: env.NODE_ENV,
      role: env.APP_ROLE,
      port: env.PORT ?? (env.APP_ROLE === 'auth' ? 4000 : 3000),
      host: env.HOST,
      logLevel: env.LOG_LEVEL,
      bodyLimitBytes: env.BODY_LIMIT_BYTES,
      corsOrigins: env.CORS_ORIGINS ? env.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean) : [],
      trustProxy: env.TRUST_PROXY,
      database: {
        url: env.DATABASE_URL,
        poolSize: env.DATABASE_POOL_SIZE,
        migrateOnStart: env.DATABASE_MIGRATE_ON_START,
        dataDir: env.DATA_DIR,
      },
      jwt: {
        issuer: env.JWT_ISSUER,
        audience: env.JWT_AUDIENCE,
        refreshAudience: env.JWT_REFRESH_AUDIENCE,
        clockToleranceSeconds: env.JWT_CLOCK_TOLERANCE,
        accessAlgorithm: env.ACCESS_TOKEN_ALGORITHM,
        accessSecret: env.ACCESS_TOKEN_SECRET ?? '',
        privateKeys: env.JWT_PRIVATE_KEYS,
        keysDir: env.JWT_KEYS_DIR ?? `${env.DATA_DIR}/keys`,
        publicKeys: env.JWT_PUBLIC_KEYS,
        jwksUrl: env.JWKS_URL ?? (env.NODE_ENV !== 'production' && env.APP_ROLE === 'api' ? DEV_JWKS_URL : undefined),
        jwksCooldown: env.JWKS_COOLDOWN,
        jwksCacheMaxAge: env.JWKS_CACHE_MAX_AGE,
        verifiedTokenCacheSize: env.ACCESS_TOKEN_CACHE_SIZE,
        refreshSecret: env.REFRESH_TOKEN_SECRET ?? '',
        accessTtl: env.ACCESS_TOKEN_TTL,
        refreshTtl: env.REFRESH_TOKEN_TTL,
      },
      session: {
        maxAge: env.SESSION_MAX_AGE,
        reuseGrace: env.REFRESH_REUSE_GRACE,
        purgeInterval: env.SESSION_PURGE_INTERVAL,
      },
      stepUp: { window: env.STEP_UP_WINDOW },
      argon2: {
        memoryCost: env.ARGON2_MEMORY_KIB,
        timeCost: env.ARGON2_TIME_COST,
        parallelism: env.ARGON2_PARALLELISM,
      },
      totp: { issuer: env.TOTP_ISSUER, encryptionKey: env.TOTP_ENCRYPTION_KEY ?? '' },
      rateLimit: { perMinute: env.RATE_LIMIT_PER_MINUTE, redisUrl: env.REDIS_URL },
      lockout: { threshold: env.LOCKOUT_THRESHOLD, duration: env.LOCKOUT_DURATION },
    });
    return Object.freeze(config);
  }
}
