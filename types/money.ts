/** Money is integer fen end to end; these convert to and from what people type and read, without floating point. */

/** "1234.5" / "1,234.50" / "¥12" → fen; null when it is not an amount with at most two decimals. */
export function yuanTextToFen(text: string): number | null {
  const match = /^\s*¥?\s*(\d{1,13}(?:,\d{3})*|\d{1,13})(?:\.(\d{0,2}))?\s*$/.exec(text);
  if (!match) return null;
  const whole = Number(match[1].replace(/,/g, ''));
  const cents = Number((match[2] ?? '').padEnd(2, '0'));
  return whole * 100 + cents;
}

/** 123456 → "1234.56" (no grouping: for form fields). */
export function fenToYuanText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** 123456 → "¥1,234.56", the same in both languages. */
export function formatFen(fen: number): string {
  const [whole, cents] = fenToYuanText(fen).split('.');
  return `¥${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}
