import { Logger } from '@nestjs/common';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { resolve } from 'node:path';
import { AppConfig } from '../../config/app-config.js';
import { readKeyDirectory, writeNewKey } from './key-directory.js';
import { parsePrivateKeys, parsePublicKeys } from './pem.js';
import { type AccessTokenAlgorithm, type AsymmetricAlgorithm, keyFitsAlgorithm } from './signing-algorithm.js';

export interface SigningKey {
  kid: string;
  key: KeyObject;
}

/**
 * The keys of access tokens. On the auth and all roles: the signing key (the newest active private key)
 * and every trusted public key, published as JWKS. On the api role: public keys only, or none when
 * they come from JWKS_URL. A symmetric (HS256) secret is never published.
 */
export class AccessTokenKeys {
  private static readonly logger = new Logger('AccessTokenKeys');

  private constructor(
    readonly algorithm: AccessTokenAlgorithm,
    /** Undefined on the api role: it cannot mint tokens. */
    readonly signing: SigningKey | undefined,
    /** kid -> verification key (public key, or the secret for HS256). */
    readonly verification: ReadonlyMap<string, KeyObject>,
    /** Public JWKs with kid, alg and use; empty for HS256. */
    readonly jwks: readonly JWK[],
  ) {}

  static async load(config: AppConfig): Promise<AccessTokenKeys> {
    const algorithm = config.jwt.accessAlgorithm;
    if (algorithm === 'HS256') {
      const secret = createSecretKey(Buffer.from(config.jwt.accessSecret, 'utf8'));
      const kid = 'hs256';
      return new AccessTokenKeys(algorithm, config.servesAuth ? { kid, key: secret } : undefined, new Map([[kid, secret]]), []);
    }

    const privateKeys = config.servesAuth ? AccessTokenKeys.loadPrivateKeys(config, algorithm) : [];
    const publicKeys = [...privateKeys.map((key) => createPublicKey(key)), ...(config.jwt.publicKeys ? parsePublicKeys(config.jwt.publicKeys) : [])];
    const verification = new Map<string, KeyObject>();
    const jwks: JWK[] = [];
    for (const publicKey of publicKeys) {
      if (!keyFitsAlgorithm(publicKey, algorithm)) throw new Error(`A configured access-token key does not fit ${algorithm}`);
      const jwk = publicKey.export({ format: 'jwk' }) as JWK;
      const kid = await calculateJwkThumbprint(jwk);
      if (verification.has(kid)) continue;
      verification.set(kid, publicKey);
      jwks.push({ ...jwk, kid, alg: algorithm, use: 'sig' });
    }
    const newest = privateKeys.at(-1);
    const signing = newest ? { kid: await calculateJwkThumbprint(createPublicKey(newest).export({ format: 'jwk' }) as JWK), key: newest } : undefined;
    return new AccessTokenKeys(algorithm, signing, verification, jwks);
  }

  /** JWT_PRIVATE_KEYS (last signs), else the key folder (newest active signs); a development start creates one. */
  private static loadPrivateKeys(config: AppConfig, algorithm: AsymmetricAlgorithm): KeyObject[] {
    if (config.jwt.privateKeys) return parsePrivateKeys(config.jwt.privateKeys);
    const directory = resolve(config.jwt.keysDir);
    let stored = readKeyDirectory(directory);
    if (!stored.some((entry) => entry.state === 'active')) {
      if (config.isProduction) {
        throw new Error(`No access-token signing key: set JWT_PRIVATE_KEYS or run "npm run keys:generate" (JWT_KEYS_DIR=${directory})`);
      }
      const file = writeNewKey(directory, algorithm, 'active');
      AccessTokenKeys.logger.warn(`Generated a development ${algorithm} signing key: ${directory}/${file}`);
      stored = readKeyDirectory(directory);
    }
    // The newest active key goes last: it is the signing key; the others only verify.
    const order = { retired: 0, next: 1, active: 2 } as const;
    return [...stored].sort((a, b) => order[a.state] - order[b.state]).map((entry) => entry.key);
  }
}
