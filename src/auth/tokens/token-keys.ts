import { Injectable } from '@nestjs/common';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { AppConfig } from '../../config/app-config.js';

/**
 * Signing keys, prepared once as KeyObjects: jsonwebtoken re-parses a string secret on every
 * verification (~350 us each), a KeyObject costs ~8 us.
 */
@Injectable()
export class TokenKeys {
  readonly access: KeyObject;
  readonly refresh: KeyObject;

  constructor(config: AppConfig) {
    this.access = createSecretKey(Buffer.from(config.jwt.accessSecret, 'utf8'));
    this.refresh = createSecretKey(Buffer.from(config.jwt.refreshSecret, 'utf8'));
  }
}
