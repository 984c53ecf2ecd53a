import jwt from 'jsonwebtoken';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { validateConfig } from '../../config/validate-config.js';
import { AccessTokenKeys } from '../keys/access-token-keys.js';
import { AccessTokenService } from './access-token.service.js';
import { RefreshTokenKey } from './refresh-token-key.js';
import { RefreshTokenService, type RefreshTokenFields } from './refresh-token.service.js';

const secret = () => randomBytes(48).toString('base64url');
const config = validateConfig({
  NODE_ENV: 'test',
  ACCESS_TOKEN_SECRET: secret(),
  REFRESH_TOKEN_SECRET: secret(),
  TOTP_ENCRYPTION_KEY: secret(),
  // Same algorithm family as refresh tokens, so only the key, type and audience tell them apart.
  ACCESS_TOKEN_ALGORITHM: 'HS256',
});
const service = new RefreshTokenService(config, new RefreshTokenKey(config));

const now = () => Math.floor(Date.now() / 1000);
const fields = (overrides: Partial<RefreshTokenFields> = {}): RefreshTokenFields => ({
  userId: randomUUID(),
  sessionId: randomUUID(),
  tokenId: randomUUID(),
  issuedAt: now(),
  expiresAt: now() + 7 * 86400,
  ...overrides,
});

/** Signs arbitrary claims with the refresh secret, for tokens the service itself would never make. */
const forge = (payload: object, header: object = { typ: 'rt+jwt' }, key: string = config.jwt.refreshSecret) =>
  jwt.sign(payload, key, { algorithm: 'HS256', header: { alg: 'HS256', ...header } });

describe('RefreshTokenService', () => {
  it('signs an HS256 JWT of type rt+jwt for the refresh audience', () => {
    const asked = fields();
    const token = service.sign(asked);
    const decoded = jwt.verify(token, config.jwt.refreshSecret, {
      algorithms: ['HS256'],
      issuer: config.jwt.issuer,
      audience: config.jwt.refreshAudience,
      complete: true,
    });
    expect(decoded.header).toEqual({ alg: 'HS256', typ: 'rt+jwt' });
    expect(decoded.payload).toEqual({
      iss: config.jwt.issuer,
      aud: config.jwt.refreshAudience,
      sub: asked.userId,
      sid: asked.sessionId,
      jti: asked.tokenId,
      iat: asked.issuedAt,
      exp: asked.expiresAt,
    });
  });

  it('signs the same fields into the same token, byte for byte', () => {
    const asked = fields();
    expect(service.sign({ ...asked })).toBe(service.sign({ ...asked }));
    expect(service.sign(asked)).not.toBe(service.sign({ ...asked, tokenId: randomUUID() }));
  });

  it('verifies its own tokens', () => {
    const asked = fields();
    expect(service.verify(service.sign(asked))).toMatchObject({ sub: asked.userId, sid: asked.sessionId, jti: asked.tokenId });
  });

  it('refuses an access token', async () => {
    const access = await new AccessTokenService(config, await AccessTokenKeys.load(config)).issue({
      userId: randomUUID(),
      sessionId: randomUUID(),
      authTime: now(),
      amr: ['pwd'],
      authType: 'credentials',
    });
    expect(service.verify(access.token)).toBeUndefined();
  });

  it('refuses a token signed with the access secret, even one shaped like a refresh token', () => {
    const claims = { iss: config.jwt.issuer, aud: config.jwt.refreshAudience, sub: 'u', sid: 's', jti: 'j', iat: now(), exp: now() + 60 };
    expect(service.verify(forge(claims, { typ: 'rt+jwt' }, config.jwt.accessSecret))).toBeUndefined();
  });

  it('refuses a token without the rt+jwt type', () => {
    const claims = { iss: config.jwt.issuer, aud: config.jwt.refreshAudience, sub: 'u', sid: 's', jti: 'j', iat: now(), exp: now() + 60 };
    expect(service.verify(forge(claims, { typ: 'JWT' }))).toBeUndefined();
    expect(service.verify(forge(claims, {}))).toBeUndefined();
  });

  it('refuses a token for another audience or issuer', () => {
    const base = { sub: 'u', sid: 's', jti: 'j', iat: now(), exp: now() + 60 };
    expect(service.verify(forge({ ...base, iss: config.jwt.issuer, aud: config.jwt.audience }))).toBeUndefined();
    expect(service.verify(forge({ ...base, iss: 'someone-else', aud: config.jwt.refreshAudience }))).toBeUndefined();
  });

  it('refuses an expired token', () => {
    const token = service.sign(fields({ issuedAt: now() - 3600, expiresAt: now() - 60 }));
    expect(service.verify(token)).toBeUndefined();
  });

  it('refuses an unsigned (alg none) token', () => {
    const claims = { iss: config.jwt.issuer, aud: config.jwt.refreshAudience, sub: 'u', sid: 's', jti: 'j', iat: now(), exp: now() + 60 };
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    expect(service.verify(`${encode({ alg: 'none', typ: 'rt+jwt' })}.${encode(claims)}.`)).toBeUndefined();
  });

  it('refuses a token with missing claims', () => {
    expect(service.verify(forge({ iss: config.jwt.issuer, aud: config.jwt.refreshAudience, sub: 'u', exp: now() + 60 }))).toBeUndefined();
  });

  it.each(['', 'garbage', 'a.b.c', '...'])('answers undefined for the malformed token %p instead of throwing', (token) => {
    expect(service.verify(token)).toBeUndefined();
  });

  it('hashes a token with SHA-256 into base64url', () => {
    const token = service.sign(fields());
    const hash = service.hash(token);
    expect(hash).toBe(createHash('sha256').update(token).digest('base64url'));
    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(service.hash(service.sign(fields()))).not.toBe(hash);
  });

  it('does not accept the stored hash as a token', () => {
    expect(service.verify(service.hash(service.sign(fields())))).toBeUndefined();
  });
});
