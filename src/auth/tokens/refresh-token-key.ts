import { Injectable } from '@nestjs/common';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { AppConfig } from '../../config/app-config.js';

/**
 * The refresh-token key, prepared once as a KeyObject: jsonwebtoken re-parses a string secret on every
 * verification (~350 us each), a KeyObject costs ~8 us. Only the auth role has it.
 */
@Injectable()
export class RefreshTokenKey {
  readonly key: KeyObject;

  constructor(config: AppConfig) {
    this.key = createSecretKey(Buffer.from(config.jwt.refreshSecret, 'utf8'));
  }
}
