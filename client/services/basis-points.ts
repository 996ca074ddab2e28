/**
 * Discounts travel in basis points (1/100 of a percent: 1500 = 15 %) and are typed as percentages. Converted with
 * string and integer arithmetic only, so "12.35" is exactly 1235 and never 1234.9999….
 */

/** "15" / "12.5" / "0.05" / " 7 % " → 1500 / 1250 / 5 / 700; null unless it is 0–100 with at most two decimals. */
export function percentTextToBp(text: string): number | null {
  const match = /^\s*(\d{1,3})(?:\.(\d{0,2}))?\s*%?\s*$/.exec(text);
  if (!match) return null;
  const bp = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return bp <= 10_000 ? bp : null;
}

/** 1500 → "15", 1250 → "12.5", 5 → "0.05": for form fields and labels (add the % sign where it is read). */
export function bpToPercentText(bp: number): string {
  const fraction = String(bp % 100).padStart(2, '0').replace(/0+$/, '');
  return fraction ? `${Math.floor(bp / 100)}.${fraction}` : String(Math.floor(bp / 100));
}
