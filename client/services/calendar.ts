/** Today plus `days` in China, as YYYY-MM-DD: the calendar of business days (valid-until, price lists, closing). */
export function chinaDayIn(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}
