import { AppConfig } from './app-config.js';
import { type Env, envSchema, EXAMPLE_SECRET_MARKER, MIN_SECRET_BYTES, type SecretName } from './env.schema.js';

/** Thrown when the environment is invalid; its message names every bad variable at once. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

function secretProblem(name: string, value: string | undefined): string | undefined {
  if (!value) return `${name}: missing (a random value of at least ${MIN_SECRET_BYTES} bytes is required)`;
  if (value.includes(EXAMPLE_SECRET_MARKER)) return `${name}: still the example value from .env.example`;
  if (Buffer.byteLength(value, 'utf8') < MIN_SECRET_BYTES) {
    return `${name}: too short (${Buffer.byteLength(value, 'utf8')} bytes; at least ${MIN_SECRET_BYTES} required)`;
  }
  return undefined;
}

/** The secrets the environment's APP_ROLE and ACCESS_TOKEN_ALGORITHM call for (an api process with asymmetric keys: none). */
export function requiredSecrets(raw: Record<string, unknown>): SecretName[] {
  // Each read on its own, falling back to its default: a bad variable elsewhere must not hide which
  // secrets are missing.
  const role = envSchema.shape.APP_ROLE.catch('all').parse(raw.APP_ROLE);
  const algorithm = envSchema.shape.ACCESS_TOKEN_ALGORITHM.catch('EdDSA').parse(raw.ACCESS_TOKEN_ALGORITHM);
  const secrets: SecretName[] = [];
  if (algorithm === 'HS256') secrets.push('ACCESS_TOKEN_SECRET');
  if (role !== 'api') secrets.push('REFRESH_TOKEN_SECRET', 'TOTP_ENCRYPTION_KEY');
  return secrets;
}

/** Validates the raw environment and returns the typed configuration, or throws naming every problem. */
export function validateConfig(raw: Record<string, unknown>): AppConfig {
  const parsed = envSchema.safeParse(raw);
  const problems: string[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`);

  const env = parsed.success ? parsed.data : undefined;
  const production = (env?.NODE_ENV ?? raw.NODE_ENV) === 'production';
  for (const name of requiredSecrets(raw)) {
    const value = typeof raw[name] === 'string' ? (raw[name] as string).trim() : undefined;
    // Outside production the boot generates missing secrets before validation runs,
    // so a problem here means the generation was skipped or the value was hand-edited.
    const problem = secretProblem(name, value);
    if (problem && (production || !value || value.includes(EXAMPLE_SECRET_MARKER))) problems.push(problem);
  }
  if (production && !(typeof raw.DATABASE_URL === 'string' && raw.DATABASE_URL.trim())) {
    problems.push('DATABASE_URL: missing (production never uses the embedded database)');
  }
  if (env && production && env.APP_ROLE === 'api' && env.ACCESS_TOKEN_ALGORITHM !== 'HS256' && !env.JWKS_URL && !env.JWT_PUBLIC_KEYS) {
    problems.push('JWKS_URL: missing (the api role verifies tokens with the auth server JWKS, or with JWT_PUBLIC_KEYS)');
  }
  if (production && env?.JWT_PRIVATE_KEYS?.includes(EXAMPLE_SECRET_MARKER)) {
    problems.push('JWT_PRIVATE_KEYS: still the example value from .env.example');
  }

  if (problems.length > 0 || !env) throw new ConfigValidationError(problems);
  return AppConfig.fromEnv(env);
}
