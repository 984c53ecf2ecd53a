// The built Keystep as the standalone bench scripts start it: production mode, fresh secrets and a
// fresh Ed25519 signing key, an empty working folder (so a developer's `.env` is never read), and
// limits high enough never to step in. (bench/run.mjs builds its own variants: it needs several.)
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startServer } from './processes.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Starts `node dist/src/main.js`; `vars` override or add environment variables (LOG_LEVEL, ...). */
export async function startKeystep({ databaseUrl, cwd, vars = {}, nodeFlags = [] }) {
  const port = await freePort();
  return startServer({
    name: 'keystep',
    command: process.execPath,
    args: [...nodeFlags, join(ROOT, 'dist/src/main.js')],
    cwd,
    port,
    readyPath: '/health',
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      DATABASE_URL: databaseUrl,
      RATE_LIMIT_PER_MINUTE: '1000000',
      LOCKOUT_THRESHOLD: '1000',
      JWT_PRIVATE_KEYS: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      ACCESS_TOKEN_SECRET: randomBytes(48).toString('base64url'),
      REFRESH_TOKEN_SECRET: randomBytes(48).toString('base64url'),
      TOTP_ENCRYPTION_KEY: randomBytes(48).toString('base64url'),
      ...vars,
    },
  });
}
