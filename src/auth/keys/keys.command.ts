// Two-step key rotation for the access-token signing keys in JWT_KEYS_DIR:
//   npm run keys:generate   adds a *next* key: published in the JWKS at once, not yet signing;
//   npm run keys:rotate     makes it (or a fresh key) the signing key and retires the previous ones,
//                           which keep verifying until their files are removed.
// Restart (or roll) the auth processes after each step; app servers pick new keys up from the JWKS.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readKeyDirectory, rotateKeys, writeNewKey } from './key-directory.js';
import { ACCESS_TOKEN_ALGORITHMS, type AsymmetricAlgorithm } from './signing-algorithm.js';

const ASYMMETRIC: readonly string[] = ACCESS_TOKEN_ALGORITHMS.filter((name) => name !== 'HS256');

if (existsSync('.env')) process.loadEnvFile('.env');
const [command] = process.argv.slice(2);
const directory = resolve(process.env.JWT_KEYS_DIR ?? `${process.env.DATA_DIR ?? '.data'}/keys`);
const algorithm = process.env.ACCESS_TOKEN_ALGORITHM ?? 'EdDSA';

if (!ASYMMETRIC.includes(algorithm)) {
  console.error(`ACCESS_TOKEN_ALGORITHM=${algorithm} has no key pairs (use EdDSA, ES256 or RS256)`);
  process.exit(1);
}
if (command === 'generate') {
  console.log(`next ${algorithm} key (published, not signing yet): ${writeNewKey(directory, algorithm as AsymmetricAlgorithm, 'next')}`);
} else if (command === 'rotate') {
  const { activated, retired } = rotateKeys(directory, algorithm as AsymmetricAlgorithm);
  console.log(`signing key now: ${activated}`);
  for (const file of retired) console.log(`retired (still verifies): ${file}`);
} else {
  console.error('usage: keys.command.js generate|rotate');
  process.exit(1);
}
const keys = readKeyDirectory(directory);
const count = (state: string) => keys.filter((stored) => stored.state === state).length;
console.log(`${directory}: ${count('active')} active, ${count('next')} next, ${count('retired')} retired`);
