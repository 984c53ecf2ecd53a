import { generateKeyPairSync, type KeyObject } from 'node:crypto';

/** Algorithms an access token may be signed with. One is configured; only that one is ever accepted. */
export const ACCESS_TOKEN_ALGORITHMS = ['EdDSA', 'ES256', 'RS256', 'HS256'] as const;
export type AccessTokenAlgorithm = (typeof ACCESS_TOKEN_ALGORITHMS)[number];
export type AsymmetricAlgorithm = Exclude<AccessTokenAlgorithm, 'HS256'>;

export function generatePrivateKey(algorithm: AsymmetricAlgorithm): KeyObject {
  switch (algorithm) {
    case 'EdDSA':
      return generateKeyPairSync('ed25519').privateKey;
    case 'ES256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    case 'RS256':
      return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  }
}

/** True when a key can sign (or verify) the given algorithm; a mismatch must never reach the verifier. */
export function keyFitsAlgorithm(key: KeyObject, algorithm: AsymmetricAlgorithm): boolean {
  switch (algorithm) {
    case 'EdDSA':
      return key.asymmetricKeyType === 'ed25519';
    case 'ES256':
      return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
    case 'RS256':
      return key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048;
  }
}
