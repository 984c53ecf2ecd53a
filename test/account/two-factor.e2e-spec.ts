import { PrismaService } from '../../src/prisma/prisma.service.js';
import {
  bearer,
  decodeJwt,
  enableTwoFactor,
  login,
  registerAndLogin,
  registerUser,
  totpCode,
  totpStep,
} from '../support/factories.js';
import { useTestApp } from '../support/test-app.js';

describe('Two-factor authentication (e2e)', () => {
  const t = useTestApp();
  let prisma: PrismaService;

  beforeAll(async () => {
    prisma = t.app.get(PrismaService);
  });

  const post = (path: string, accessToken: string, body?: Record<string, unknown>) => {
    const request = t.http().post(path).set(...bearer(accessToken));
    return body === undefined ? request : request.send(body);
  };

  const twoFactorOn = async (accessToken: string): Promise<boolean> =>
    (await t.http().get('/account').set(...bearer(accessToken)).expect(200)).body.twoFactorEnabled;

  const eventTypes = async (accessToken: string): Promise<string[]> =>
    (await t.http().get('/account/security-events').set(...bearer(accessToken)).expect(200)).body.items.map((event: { type: string }) => event.type);

  /** A 6-digit code that is certainly not the right one for `step`. */
  const wrongCode = async (secret: string, step: number): Promise<string> =>
    String((Number(await totpCode(secret, step)) + 500_000) % 1_000_000).padStart(6, '0');

  it('goes through the whole life cycle: setup, enable, login with a code, replay refused, disable with a recovery code', async () => {
    const { user, tokens } = await registerAndLogin(t.http);
    const step = totpStep();

    const setup = await post('/account/2fa/setup', tokens.accessToken).expect(200);
    expect(setup.body).toEqual({ secret: expect.stringMatching(/^[A-Z2-7]+=*$/), otpauthUrl: expect.stringMatching(/^otpauth:\/\/totp\//) });
    expect(setup.body.otpauthUrl).toContain(`secret=${setup.body.secret}`);
    expect(await twoFactorOn(tokens.accessToken)).toBe(false);

    const enabled = await post('/account/2fa/enable', tokens.accessToken, { otp: await totpCode(setup.body.secret, step) }).expect(200);
    expect(enabled.body.recoveryCodes).toHaveLength(10);
    expect(new Set(enabled.body.recoveryCodes).size).toBe(10);
    expect(await twoFactorOn(tokens.accessToken)).toBe(true);

    const withoutCode = await t.http().post('/auth/login').send({ email: user.email, password: user.password }).expect(401);
    expect(withoutCode.body.error).toBe('mfa_required');

    const code = await totpCode(setup.body.secret, step + 1);
    const withCode = await login(t.http, user, code);
    expect(decodeJwt(withCode.accessToken).amr).toEqual(['pwd', 'otp']);
    const me = await t.http().get('/auth/me').set(...bearer(withCode.accessToken)).expect(200);
    expect(me.body.amr).toEqual(['pwd', 'otp']);

    const replay = await t.http().post('/auth/login').send({ email: user.email, password: user.password, otp: code }).expect(401);
    expect(replay.body.error).toBe('invalid_credentials');

    const recoveryCode = enabled.body.recoveryCodes[3];
    await post('/account/2fa/disable', withCode.accessToken, { recoveryCode }).expect(204);
    expect(await twoFactorOn(withCode.accessToken)).toBe(false);

    const again = await login(t.http, user);
    expect(decodeJwt(again.accessToken).amr).toEqual(['pwd']);
    // Written in one transaction, the two events may share a timestamp: their order is not defined.
    expect((await eventTypes(again.accessToken)).slice(1, 3).sort()).toEqual(['recovery_code_used', 'two_factor_disabled']);
  });

  it('never stores the TOTP secret in clear', async () => {
    const { user, tokens } = await registerAndLogin(t.http);
    const setup = await post('/account/2fa/setup', tokens.accessToken).expect(200);
    const pending = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(pending.totpSecretEnc).toEqual(expect.any(String));
    expect(pending.totpSecretEnc).not.toContain(setup.body.secret);
    expect(pending.totpSecretEnc).not.toContain(Buffer.from(setup.body.secret).toString('base64url'));
    expect(pending.twoFactorEnabled).toBe(false);

    await post('/account/2fa/enable', tokens.accessToken, { otp: await totpCode(setup.body.secret, totpStep()) }).expect(200);
    const enabled = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(enabled.twoFactorEnabled).toBe(true);
    expect(enabled.totpSecretEnc).toBe(pending.totpSecretEnc);
  });

  it('stores only hashes of the recovery codes', async () => {
    const { user, tokens } = await registerAndLogin(t.http);
    const { recoveryCodes } = await enableTwoFactor(t.http, tokens.accessToken);
    const rows = await prisma.recoveryCode.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(10);
    const stored = JSON.stringify(rows);
    for (const code of recoveryCodes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace('-', ''));
    }
  });

  it('writes the two_factor_enabled event', async () => {
    const { tokens } = await registerAndLogin(t.http);
    await enableTwoFactor(t.http, tokens.accessToken);
    expect((await eventTypes(tokens.accessToken))[0]).toBe('two_factor_enabled');
  });

  describe('setup', () => {
    it('replaces the pending secret when called again: only the newest one can be enabled', async () => {
      const { tokens } = await registerAndLogin(t.http);
      const first = await post('/account/2fa/setup', tokens.accessToken).expect(200);
      const second = await post('/account/2fa/setup', tokens.accessToken).expect(200);
      expect(second.body.secret).not.toBe(first.body.secret);
      const step = totpStep();

      const stale = await post('/account/2fa/enable', tokens.accessToken, { otp: await totpCode(first.body.secret, step) }).expect(400);
      expect(stale.body.error).toBe('invalid_otp');
      await post('/account/2fa/enable', tokens.accessToken, { otp: await totpCode(second.body.secret, step) }).expect(200);
    });

    it('answers 409 two_factor_already_enabled when 2FA is on, and keeps the secret', async () => {
      const { user, tokens } = await registerAndLogin(t.http);
      await enableTwoFactor(t.http, tokens.accessToken);
      const before = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
      const response = await post('/account/2fa/setup', tokens.accessToken).expect(409);
      expect(response.body).toEqual({ statusCode: 409, error: 'two_factor_already_enabled', message: expect.any(String) });
      const after = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
      expect(after.totpSecretEnc).toBe(before.totpSecretEnc);
    });

    it('sends the secret with Cache-Control: no-store', async () => {
      const { tokens } = await registerAndLogin(t.http);
      const response = await post('/account/2fa/setup', tokens.accessToken).expect(200);
      expect(response.headers['cache-control']).toBe('no-store');
    });
  });

  describe('enable', () => {
    it('refuses a wrong code with 400 invalid_otp and leaves 2FA off', async () => {
      const { tokens } = await registerAndLogin(t.http);
      const setup = await post('/account/2fa/setup', tokens.accessToken).expect(200);
      const response = await post('/account/2fa/enable', tokens.accessToken, { otp: await wrongCode(setup.body.secret, totpStep()) }).expect(400);
      expect(response.body).toEqual({ statusCode: 400, error: 'invalid_otp', message: expect.any(String) });
      expect(await twoFactorOn(tokens.accessToken)).toBe(false);
    });

    it('answers 409 two_factor_setup_required without a pending secret', async () => {
      const { tokens } = await registerAndLogin(t.http);
      const response = await post('/account/2fa/enable', tokens.accessToken, { otp: '123456' }).expect(409);
      expect(response.body.error).toBe('two_factor_setup_required');
    });

    it('answers 409 two_factor_already_enabled when 2FA is already on, issuing no new codes', async () => {
      const { user, tokens } = await registerAndLogin(t.http);
      const { secret, usedStep } = await enableTwoFactor(t.http, tokens.accessToken);
      const before = await prisma.recoveryCode.findMany({ where: { userId: user.id }, orderBy: { id: 'asc' } });
      const response = await post('/account/2fa/enable', tokens.accessToken, { otp: await totpCode(secret, usedStep + 1) }).expect(409);
      expect(response.body.error).toBe('two_factor_already_enabled');
      expect(await prisma.recoveryCode.findMany({ where: { userId: user.id }, orderBy: { id: 'asc' } })).toEqual(before);
    });

    it.each([
      ['five digits', { otp: '12345' }],
      ['letters', { otp: '12a456' }],
      ['a number instead of a string', { otp: 123456 }],
      ['no otp', {}],
      ['an unknown field', { otp: '123456', twoFactorEnabled: true }],
    ])('refuses a body with %s with 400 validation_failed', async (_label, body) => {
      const { tokens } = await registerAndLogin(t.http);
      await post('/account/2fa/setup', tokens.accessToken).expect(200);
      const response = await post('/account/2fa/enable', tokens.accessToken, body).expect(400);
      expect(response.body.error).toBe('validation_failed');
    });
  });

  describe('disable', () => {
    it('turns 2FA off with a current code and clears the secret, the codes and the last step', async () => {
      const { user, tokens } = await registerAndLogin(t.http);
      const { secret, usedStep } = await enableTwoFactor(t.http, tokens.accessToken);
      await post('/account/2fa/disable', tokens.accessToken, { otp: await totpCode(secret, usedStep + 1) }).expect(204);

      const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
      expect(row).toMatchObject({ twoFactorEnabled: false, totpSecretEnc: null, totpLastStep: null });
      expect(await prisma.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
      const types = await eventTypes(tokens.accessToken);
      expect(types[0]).toBe('two_factor_disabled');
      expect(types).not.toContain('recovery_code_used');
    });

    it('refuses a wrong code with 400 invalid_otp and leaves 2FA on', async () => {
      const { tokens } = await registerAndLogin(t.http);
      const { secret, usedStep } = await enableTwoFactor(t.http, tokens.accessToken);
      const response = await post('/account/2fa/disable', tokens.accessToken, { otp: await wrongCode(secret, usedStep + 1) }).expect(400);
      expect(response.body.error).toBe('invalid_otp');
      expect(await twoFactorOn(tokens.accessToken)).toBe(true);
    });

    it('refuses the code that enabled 2FA (already used) with 400 invalid_otp', async () => {
      const { tokens } = await registerAndLogin(t.http);
      const { secret, usedStep } = await enableTwoFactor(t.http, tokens.accessToken);
      const response = await post('/account/2fa/disable', tokens.accessToken, { otp: await totpCode(secret, usedStep) }).expect(400);
      expect(response.body.error).toBe('invalid_otp');
    });

    it('refuses an unknown recovery code with 400 invalid_recovery_code and spends no code', async () => {
      const { user, tokens } = await registerAndLogin(t.http);
      await enableTwoFactor(t.http, tokens.accessToken);
      const response = await post('/account/2fa/disable', tokens.accessToken, { recoveryCode: 'aaaaa-bbbbb' }).expect(400);
      expect(response.body.error).toBe('invalid_recovery_code');
      expect(await twoFactorOn(tokens.accessToken)).toBe(true);
      expect(await prisma.recoveryCode.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(0);
    });

    it('accepts a recovery code typed in upper case without the dash', async () => {
      const { tokens } = await registerAndLogin(t.http);
      const { recoveryCodes } = await enableTwoFactor(t.http, tokens.accessToken);
      const typed = recoveryCodes[0]!.replace('-', '').toUpperCase();
      await post('/account/2fa/disable', tokens.accessToken, { recoveryCode: typed }).expect(204);
      expect(await twoFactorOn(tokens.accessToken)).toBe(false);
    });

    it('never accepts the same recovery code twice', async () => {
      const { tokens } = await registerAndLogin(t.http);
      const first = await enableTwoFactor(t.http, tokens.accessToken);
      const code = first.recoveryCodes[0]!;
      await post('/account/2fa/disable', tokens.accessToken, { recoveryCode: code }).expect(204);

      // 2FA on again (a new secret, new codes): the spent code of the first round is worthless.
      await enableTwoFactor(t.http, tokens.accessToken);
      const reused = await post('/account/2fa/disable', tokens.accessToken, { recoveryCode: code }).expect(400);
      expect(reused.body.error).toBe('invalid_recovery_code');
      expect(await twoFactorOn(tokens.accessToken)).toBe(true);
    });

    it('lets only one of two concurrent disables with the same recovery code through', async () => {
      const { tokens } = await registerAndLogin(t.http);
      const { recoveryCodes } = await enableTwoFactor(t.http, tokens.accessToken);
      const responses = await Promise.all(
        [0, 1].map(() => post('/account/2fa/disable', tokens.accessToken, { recoveryCode: recoveryCodes[5]! })),
      );
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses[0]).toBe(204);
      expect([400, 409]).toContain(statuses[1]);
      const events = await eventTypes(tokens.accessToken);
      expect(events.filter((type) => type === 'recovery_code_used')).toHaveLength(1);
      expect(events.filter((type) => type === 'two_factor_disabled')).toHaveLength(1);
    });

    it('answers 409 two_factor_not_enabled when 2FA is off', async () => {
      const { tokens } = await registerAndLogin(t.http);
      const response = await post('/account/2fa/disable', tokens.accessToken, { otp: '123456' }).expect(409);
      expect(response.body.error).toBe('two_factor_not_enabled');
    });

    it.each([
      ['neither code', {}],
      ['both codes', { otp: '123456', recoveryCode: 'aaaaa-bbbbb' }],
      ['a malformed otp', { otp: '1234567' }],
      ['a recovery code with foreign characters', { recoveryCode: 'zzzzz-zzzzz' }],
      ['an over-long recovery code', { recoveryCode: 'a'.repeat(65) }],
      ['an unknown field', { otp: '123456', force: true }],
    ])('refuses a body with %s with 400 validation_failed', async (_label, body) => {
      const { tokens } = await registerAndLogin(t.http);
      await enableTwoFactor(t.http, tokens.accessToken);
      const response = await post('/account/2fa/disable', tokens.accessToken, body).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'validation_failed', details: expect.any(Array) });
      expect(await twoFactorOn(tokens.accessToken)).toBe(true);
    });
  });
});

describe('Two-factor code checks are rate-limited (e2e)', () => {
  // Local counters for this app alone, and few attempts per minute.
  const t = useTestApp({ RATE_LIMIT_PER_MINUTE: '6', REDIS_URL: '' });

  it('answers 429 with Retry-After once the attempts per minute are spent, on enable and disable alike', async () => {
    const user = await registerUser(t.http);
    const tokens = await login(t.http, user);
    await t.http().post('/account/2fa/setup').set(...bearer(tokens.accessToken)).expect(200);

    const statuses: number[] = [];
    let limited: { status: number; headers: Record<string, string>; body: { error?: string } } | undefined;
    for (let attempt = 0; attempt < 8 && !limited; attempt += 1) {
      const response = await t.http().post('/account/2fa/enable').set(...bearer(tokens.accessToken)).send({ otp: '000000' });
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(limited).toBeDefined();
    expect(limited!.headers['retry-after']).toMatch(/^\d+$/);
    expect(limited!.body.error).toBe('too_many_requests');
    // Every attempt before the limit was checked (and refused) normally.
    expect(statuses.slice(0, -1).every((status) => status === 400)).toBe(true);
    expect(statuses.length).toBeGreaterThan(1);

    const disable = await t.http().post('/account/2fa/disable').set(...bearer(tokens.accessToken)).send({ otp: '000000' });
    expect(disable.status).toBe(429);
    // Routes without a code check are not limited.
    await t.http().get('/account').set(...bearer(tokens.accessToken)).expect(200);
  });
});
