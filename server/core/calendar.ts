/** The day in China (UTC+8, no daylight saving) as YYYY-MM-DD: business days, validity dates and numbers use it. */
export const chinaDay = (date = new Date()): string => new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
