import { createPrivateKey, type KeyObject } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AsymmetricAlgorithm, generatePrivateKey } from './signing-algorithm.js';

/**
 * A folder of PKCS#8 private keys, one per file, named by creation time so the newest sorts last:
 * `<yyyymmddhhmmss>-<alg>.pem` signs (the newest of them) and verifies; `<...>.retired.pem` only verifies.
 */
export interface StoredKey {
  file: string;
  key: KeyObject;
  retired: boolean;
}

const KEY_FILE = /^\d{14}-[A-Za-z0-9]+(\.retired)?\.pem$/;

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
    .map((file) => ({
      file,
      key: createPrivateKey(readFileSync(join(directory, file), 'utf8')),
      retired: file.endsWith('.retired.pem'),
    }));
}

/** Writes a new key; it becomes the signing key of every auth process started (or restarted) after this. */
export function writeNewKey(directory: string, algorithm: AsymmetricAlgorithm): string {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const file = `${stamp}-${algorithm}.pem`;
  const pem = generatePrivateKey(algorithm).export({ type: 'pkcs8', format: 'pem' }).toString();
  writeFileSync(join(directory, file), pem, { mode: 0o600, flag: 'wx' });
  return file;
}

/** Marks every current key but the newest as retired: still trusted for verification, never used to sign. */
export function retireOlderKeys(directory: string): string[] {
  const active = readKeyDirectory(directory).filter((stored) => !stored.retired);
  const older = active.slice(0, -1);
  for (const stored of older) {
    renameSync(join(directory, stored.file), join(directory, stored.file.replace(/\.pem$/, '.retired.pem')));
  }
  return older.map((stored) => stored.file);
}
