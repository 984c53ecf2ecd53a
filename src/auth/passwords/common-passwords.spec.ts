import { randomUUID } from 'node:crypto';
import { codePointLength, commonPasswordCount, isCommonPassword, PASSWORD_MIN_LENGTH } from './common-passwords.js';

describe('common passwords', () => {
  it('holds at least 10,000 entries', () => {
    expect(commonPasswordCount()).toBeGreaterThanOrEqual(10_000);
  });

  it.each(['password123', 'iloveyou1', 'qwertyuiop', 'football1'])('knows the common password %p', (password) => {
    expect(isCommonPassword(password)).toBe(true);
  });

  it('matches regardless of letter case', () => {
    expect(isCommonPassword('PASSWORD123')).toBe(true);
    expect(isCommonPassword('Password123')).toBe(true);
    expect(isCommonPassword('ILoveYou1')).toBe(true);
  });

  it('does not flag a random password', () => {
    expect(isCommonPassword(`pw-${randomUUID()}`)).toBe(false);
    expect(isCommonPassword('correct horse battery staple 7f3a')).toBe(false);
  });

  it('leaves out entries shorter than the minimum length, which the length rule already refuses', () => {
    expect('qwerty'.length).toBeLessThan(PASSWORD_MIN_LENGTH);
    expect(isCommonPassword('qwerty')).toBe(false);
    expect(isCommonPassword('password')).toBe(true);
  });

  it('counts length in code points, not UTF-16 units', () => {
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength('😀😀')).toBe(2);
    expect('😀😀'.length).toBe(4);
    expect(codePointLength('密码密码')).toBe(4);
  });
});
