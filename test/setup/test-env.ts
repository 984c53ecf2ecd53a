// The environment every test file starts from. Secrets are random per run; suites that need other
// values build their own AppConfig (see test/support/test-app.ts) instead of editing process.env.
import { generateKeyPairSync, randomBytes } from 'node:crypto';

const secret = () => randomBytes(48).toString('base64url');
const defaults: Record<string, string> = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  ACCESS_TOKEN_SECRET: secret(),
  REFRESH_TOKEN_SECRET: secret(),
  TOTP_ENCRYPTION_KEY: secret(),
  RATE_LIMIT_PER_MINUTE: '100000',
  LOCKOUT_THRESHOLD: '1000',
};
for (const [name, value] of Object.entries(defaults)) process.env[name] ??= value;

// Access tokens are signed as in production (EdDSA); one key pair per run.
if (!process.env.JWT_PRIVATE_KEYS && (process.env.ACCESS_TOKEN_ALGORITHM ?? 'EdDSA') === 'EdDSA') {
  process.env.JWT_PRIVATE_KEYS = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}
