import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['15s', 15],
    ['1s', 1],
    ['15m', 900],
    ['2h', 7200],
    ['7d', 604_800],
    ['30d', 2_592_000],
  ])('reads %s as %i seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it('ignores surrounding whitespace', () => {
    expect(parseDuration('  15m\n')).toBe(900);
  });

  it('refuses a bare number, which elsewhere would silently mean milliseconds', () => {
    expect(parseDuration('15')).toBeUndefined();
    expect(parseDuration('900')).toBeUndefined();
  });

  it('refuses a zero duration', () => {
    expect(parseDuration('0s')).toBeUndefined();
    expect(parseDuration('0d')).toBeUndefined();
  });

  it.each(['', ' ', '-5s', '+5s', '1.5m', '15 m', '15M', '15ms', '15sec', '1w', 'm', 'abc', '5s5m', '0x10s'])(
    'refuses the malformed duration %p',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );

  it('refuses a duration too large to count in seconds exactly', () => {
    expect(parseDuration(`${'9'.repeat(20)}d`)).toBeUndefined();
  });
});
