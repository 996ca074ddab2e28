import { creditCodeCheckChar, isValidCreditCode, normalizeCreditCode } from '../../types/credit-code';

describe('unified social credit codes (GB 32100-2015)', () => {
  it.each(['91350100M000100Y43', '91110000802100433B', '914403001922038216'])('accepts the published code %s', (code) => {
    expect(isValidCreditCode(code)).toBe(true);
  });

  it.each([
    ['91350100M000100Y44', 'a wrong check character'],
    ['91350100M000100Y4', '17 characters'],
    ['91350100M000100Y433', '19 characters'],
    ['91350100I000100Y43', 'the letter I, which the set leaves out'],
    ['9135010OM000100Y43', 'a letter in the division code'],
    ['', 'nothing'],
  ])('refuses %s (%s)', (code) => {
    expect(isValidCreditCode(code)).toBe(false);
  });

  it('computes the check character, and every other one fails', () => {
    const first17 = '91350100M000100Y4';
    expect(creditCodeCheckChar(first17)).toBe('3');
    const others = '0123456789ABCDEFGHJKLMNPQRTUWXY'.split('').filter((c) => c !== '3');
    expect(others.filter((c) => isValidCreditCode(first17 + c))).toEqual([]);
    expect(creditCodeCheckChar('91350100M000100Y')).toBeNull();
  });

  it('reads codes as people type them', () => {
    expect(normalizeCreditCode(' ９１３５０１００ｍ０００１００ｙ４３ ')).toBe('91350100M000100Y43');
    expect(normalizeCreditCode('9135-0100-M000-100Y-43')).toBe('91350100M000100Y43');
  });
});
