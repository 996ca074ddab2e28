/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from 31 (digits and capitals
 * without I, O, Z, S, V). The first 17 are the registering authority, the entity type, the division code and the
 * organisation code; the 18th is a check character over them.
 */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** What people type: full-width characters and lower case folded, spaces and dashes dropped. */
export function normalizeCreditCode(text: string): string {
  return text.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');
}

/** The check character for the first 17 characters, or null when they are not 17 characters of the set. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CHARSET.indexOf(first17[i]);
    if (value < 0) return null;
    sum += value * WEIGHTS[i];
  }
  return CHARSET[(31 - (sum % 31)) % 31];
}

/** A well-formed code whose check character is right (as normalised by normalizeCreditCode). */
export function isValidCreditCode(code: string): boolean {
  return /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code) && creditCodeCheckChar(code.slice(0, 17)) === code[17];
}
