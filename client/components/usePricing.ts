import './sales-messages';
import { useEffect, useRef, useState } from 'react';
import type { CustomerLevel } from '../../types/accounts';
import type { LineInput } from '../../types/catalog';
import type { QuoteLine } from '../../types/quotes';
import { http } from '../services/api';
import { ApiError } from '../services/http-client';
import { lineProblems } from './rule-problems';
import { toLineInput, type LineDraft } from './sales-drafts';
import { describeError } from './StateViews';

/** A line as POST /pricing answers it: a quote line before any discount. */
export type PricedLine = Omit<QuoteLine, 'discountBp' | 'netTotal'>;

/** A pricing failure as one sentence; a product the caller may not sell is named. */
export function pricingErrorText(error: unknown): string {
  const text = describeError(error);
  return error instanceof ApiError && error.code === 'catalog.not_salable' && error.detail ? `${text}（${error.detail}）` : text;
}

export const priceLines = (customerLevel: CustomerLevel, lines: LineInput[]) =>
  http.call<{ lines: PricedLine[] }>('POST', '/pricing', { body: { customerLevel, lines } });

/**
 * The server's price of lines as they are being configured, asked again 300 ms after they stop changing (only the
 * latest answer counts). `lines` null: not priceable as typed (nothing is asked; the page says why).
 */
export function usePricing(customerLevel: CustomerLevel, lines: LineInput[] | null) {
  const [priced, setPriced] = useState<PricedLine[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pricing, setPricing] = useState(false);
  const generation = useRef(0);
  // Asked again only when what would be sent changes, not on every render's new array.
  const request = lines && lines.length ? JSON.stringify({ customerLevel, lines }) : '';

  useEffect(() => {
    const mine = ++generation.current;
    setError(null);
    if (!request) {
      setPriced(null);
      setPricing(false);
      return;
    }
    setPricing(true);
    const timer = setTimeout(async () => {
      try {
        const answer = await priceLines(customerLevel, lines!);
        if (mine === generation.current) setPriced(answer.lines);
      } catch (e) {
        if (mine !== generation.current) return;
        setPriced(null);
        setError(e);
      } finally {
        if (mine === generation.current) setPricing(false);
      }
    }, 300);
    return () => clearTimeout(timer);
  }, [request]);

  return { priced, error, pricing };
}

/**
 * Live pricing of lines being edited (the quote builder, the order form): the lines as the server takes them (null
 * while a quantity is not a number, and nothing is asked), its answer, what it refused on each line with the
 * options by name, and any other failure as one sentence.
 */
export function useLinesPricing(customerLevel: CustomerLevel, drafts: LineDraft[]) {
  const inputs = drafts.map(toLineInput);
  const lines = inputs.every((line): line is LineInput => line !== null) ? (inputs as LineInput[]) : null;
  const { priced, error, pricing } = usePricing(customerLevel, lines);
  const names = new Map(drafts.flatMap((line) => line.options.map((o) => [o.option, o.name] as const)));
  const nameOf = (key: string) => names.get(key) ?? key;
  const problems = lineProblems(error, nameOf);
  const failure = error !== null && !Object.keys(problems).length ? pricingErrorText(error) : null;
  return { lines, priced, pricing, problems, failure, nameOf };
}
