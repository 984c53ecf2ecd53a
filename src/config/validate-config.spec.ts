import { randomBytes } from 'node:crypto';
import { ConfigValidationError, validateConfig } from './validate-config.js';

const secret = () => randomBytes(48).toString('base64url');
const goodSecrets = () => ({
  ACCESS_TOKEN_SECRET: secret(),
  REFRESH_TOKEN_SECRET: secret(),
  TOTP_ENCRYPTION_KEY: secret(),
});
const production = (overrides: Record<string, string | undefined> = {}) => ({
  NODE_ENV: 'production',
  DATABASE_URL: 'postgresql://keystep@db.internal:5432/keystep',
  ...goodSecrets(),
  ...overrides,
});

/** The error validateConfig throws for `env`; fails the test when it does not throw. */
function validationError(env: Record<string, unknown>): ConfigValidationError {
  try {
    validateConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError);
    return error as ConfigValidationError;
  }
  throw new Error('validateConfig accepted an invalid environment');
}

describe('validateConfig', () => {
  it('accepts a complete production environment', () => {
    const config = validateConfig(production());
    expect(config.isProduction).toBe(true);
    expect(config.database.url).toBe('postgresql://keystep@db.internal:5432/keystep');
  });

  it('applies the documented defaults', () => {
    const config = validateConfig({ NODE_ENV: 'test', ...goodSecrets() });
    expect(config.jwt.accessTtl).toBe(15 * 60);
    expect(config.jwt.refreshTtl).toBe(7 * 86400);
    expect(config.session.maxAge).toBe(30 * 86400);
    expect(config.session.reuseGrace).toBe(10);
    expect(config.stepUp.window).toBe(5 * 60);
    expect(config.rateLimit.perMinute).toBe(30);
    expect(config.lockout).toEqual({ threshold: 10, duration: 15 * 60 });
    expect(config.role).toBe('all');
  });

  it('reads durations such as a 15 s access lifetime', () => {
    const config = validateConfig({ NODE_ENV: 'test', ...goodSecrets(), ACCESS_TOKEN_TTL: '15s', REFRESH_REUSE_GRACE: '0' });
    expect(config.jwt.accessTtl).toBe(15);
    expect(config.session.reuseGrace).toBe(0);
  });

  it('names every bad variable in one error', () => {
    const error = validationError({
      NODE_ENV: 'production',
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      ACCESS_TOKEN_TTL: '15',
      REFRESH_REUSE_GRACE: 'soon',
      ACCESS_TOKEN_ALGORITHM: 'HS256',
      ACCESS_TOKEN_SECRET: 'too-short',
      REFRESH_TOKEN_SECRET: `change-me-${secret()}`,
      // TOTP_ENCRYPTION_KEY and DATABASE_URL missing
    });
    const named = ['PORT', 'LOG_LEVEL', 'ACCESS_TOKEN_TTL', 'REFRESH_REUSE_GRACE', 'ACCESS_TOKEN_SECRET', 'REFRESH_TOKEN_SECRET', 'TOTP_ENCRYPTION_KEY', 'DATABASE_URL'];
    for (const name of named) expect(error.message).toContain(name);
    expect(error.problems).toHaveLength(named.length);
  });

  it('never repeats a secret value in its message', () => {
    const shortSecret = 'short-but-still-secret';
    const databaseUrl = 'mysql://keystep:hunter2-db-password@db/keystep';
    const error = validationError(production({ REFRESH_TOKEN_SECRET: shortSecret, DATABASE_URL: databaseUrl }));
    expect(error.message).toContain('REFRESH_TOKEN_SECRET');
    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).not.toContain(shortSecret);
    expect(error.message).not.toContain('hunter2-db-password');
  });

  describe('in production', () => {
    it.each(['REFRESH_TOKEN_SECRET', 'TOTP_ENCRYPTION_KEY'])('refuses a missing %s', (name) => {
      const error = validationError(production({ [name]: undefined }));
      expect(error.problems).toEqual([expect.stringMatching(new RegExp(`^${name}: missing`))]);
    });

    it('refuses a missing ACCESS_TOKEN_SECRET when access tokens are signed with HS256', () => {
      const error = validationError(production({ ACCESS_TOKEN_ALGORITHM: 'HS256', ACCESS_TOKEN_SECRET: undefined }));
      expect(error.problems).toEqual([expect.stringMatching(/^ACCESS_TOKEN_SECRET: missing/)]);
    });

    it('refuses a short ACCESS_TOKEN_SECRET when access tokens are signed with HS256', () => {
      const error = validationError(production({ ACCESS_TOKEN_ALGORITHM: 'HS256', ACCESS_TOKEN_SECRET: 'x'.repeat(31) }));
      expect(error.problems).toEqual([expect.stringMatching(/^ACCESS_TOKEN_SECRET: too short/)]);
    });

    it('refuses a secret that is only whitespace', () => {
      const error = validationError(production({ TOTP_ENCRYPTION_KEY: '   ' }));
      expect(error.problems).toEqual([expect.stringMatching(/^TOTP_ENCRYPTION_KEY: missing/)]);
    });

    it('refuses a secret shorter than 32 bytes', () => {
      const error = validationError(production({ REFRESH_TOKEN_SECRET: 'x'.repeat(31) }));
      expect(error.problems).toEqual([expect.stringMatching(/^REFRESH_TOKEN_SECRET: too short/)]);
    });

    it('accepts a secret of exactly 32 bytes', () => {
      expect(() => validateConfig(production({ REFRESH_TOKEN_SECRET: randomBytes(16).toString('hex') }))).not.toThrow();
    });

    it('measures secret length in bytes, not characters', () => {
      // 16 characters, 32 bytes in UTF-8.
      expect(() => validateConfig(production({ REFRESH_TOKEN_SECRET: 'ñ'.repeat(16) }))).not.toThrow();
      const error = validationError(production({ REFRESH_TOKEN_SECRET: 'ñ'.repeat(15) }));
      expect(error.problems).toEqual([expect.stringMatching(/^REFRESH_TOKEN_SECRET: too short \(30 bytes/)]);
    });

    it('refuses the example secret from .env.example, however long', () => {
      const error = validationError(production({ TOTP_ENCRYPTION_KEY: `change-me-${'a'.repeat(64)}` }));
      expect(error.problems).toEqual([expect.stringMatching(/^TOTP_ENCRYPTION_KEY: still the example value/)]);
    });

    it('refuses a missing DATABASE_URL instead of starting the embedded database', () => {
      for (const missing of [undefined, '', '  ']) {
        const error = validationError(production({ DATABASE_URL: missing }));
        expect(error.problems).toEqual([expect.stringMatching(/^DATABASE_URL: missing/)]);
      }
    });

    it('refuses a DATABASE_URL that is not a postgres URL', () => {
      const error = validationError(production({ DATABASE_URL: 'mysql://db/keystep' }));
      expect(error.problems).toEqual([expect.stringMatching(/^DATABASE_URL:/)]);
    });
  });

  describe('outside production', () => {
    it.each(['development', 'test'])('uses the embedded database when DATABASE_URL is missing (%s)', (nodeEnv) => {
      const config = validateConfig({ NODE_ENV: nodeEnv, ...goodSecrets() });
      expect(config.isProduction).toBe(false);
      expect(config.database.url).toBeUndefined();
      expect(config.database.dataDir).toBe('.data');
    });

    it('treats an empty DATABASE_URL as missing', () => {
      expect(validateConfig({ NODE_ENV: 'development', ...goodSecrets(), DATABASE_URL: ' ' }).database.url).toBeUndefined();
    });

    it('accepts a short secret', () => {
      expect(() => validateConfig({ NODE_ENV: 'development', ...goodSecrets(), REFRESH_TOKEN_SECRET: 'dev' })).not.toThrow();
    });

    it('still refuses the example secret', () => {
      const error = validationError({ NODE_ENV: 'development', ...goodSecrets(), REFRESH_TOKEN_SECRET: 'change-me' });
      expect(error.problems).toEqual([expect.stringMatching(/^REFRESH_TOKEN_SECRET: still the example value/)]);
    });

    it('defaults to development', () => {
      expect(validateConfig({ ...goodSecrets() }).env).toBe('development');
    });
  });
});
