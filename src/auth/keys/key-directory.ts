import { createPrivateKey, type KeyObject } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AsymmetricAlgorithm, generatePrivateKey } from './signing-algorithm.js';

/**
 * A folder of PKCS#8 private keys, one per file, named by creation time so the newest sorts last.
 * The suffix is the key's state; every state is published in the JWKS and verifies:
 * - `<stamp>-<alg>.next.pem`: published ahead of use, so app servers learn it before it signs;
 * - `<stamp>-<alg>.pem`: active; the newest active key signs;
 * - `<stamp>-<alg>.retired.pem`: no longer signs; verifies until the file is removed.
 */
export type KeyState = 'next' | 'active' | 'retired';

export interface StoredKey {
  file: string;
  key: KeyObject;
  state: KeyState;
}

const KEY_FILE = /^\d{14}-[A-Za-z0-9]+(\.next|\.retired)?\.pem$/;

const stateOf = (file: string): KeyState =>
  file.endsWith('.next.pem') ? 'next' : file.endsWith('.retired.pem') ? 'retired' : 'active';

export function readKeyDirectory(directory: string): StoredKey[] {
  let files: string[];
  try {
    files = readdirSync(directory);
  } catch {
    return [];
  }
  return files
    .filter((file) => KEY_FILE.test(file))
    .sort()
    .map((file) => ({ file, key: createPrivateKey(readFileSync(join(directory, file), 'utf8')), state: stateOf(file) }));
}

export function writeNewKey(directory: string, algorithm: AsymmetricAlgorithm, state: Exclude<KeyState, 'retired'>): string {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const file = `${stamp}-${algorithm}${state === 'next' ? '.next' : ''}.pem`;
  const pem = generatePrivateKey(algorithm).export({ type: 'pkcs8', format: 'pem' }).toString();
  writeFileSync(join(directory, file), pem, { mode: 0o600, flag: 'wx' });
  return file;
}

/**
 * Makes the newest `next` key (a new one when there is none) the signing key and retires the
 * previously active keys. Returns what changed, for the command's output.
 */
export function rotateKeys(directory: string, algorithm: AsymmetricAlgorithm): { activated: string; retired: string[] } {
  const before = readKeyDirectory(directory);
  let next = before.filter((stored) => stored.state === 'next').at(-1)?.file;
  if (!next) next = writeNewKey(directory, algorithm, 'next');
  const activated = next.replace(/\.next\.pem$/, '.pem');
  renameSync(join(directory, next), join(directory, activated));
  const retired = before.filter((stored) => stored.state === 'active').map((stored) => stored.file);
  for (const file of retired) renameSync(join(directory, file), join(directory, file.replace(/\.pem$/, '.retired.pem')));
  return { activated, retired };
}
