import { ApiError, NetworkError } from './http-client';

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * A new key for one submission: 24 random characters of [A-Za-z0-9_-] (144 bits). The platform's random source where
 * there is one; the mini-program's engine may lack it, and a key has to be unique, not secret.
 */
export function newSubmissionKey(): string {
  const bytes = new Uint8Array(24);
  if (typeof crypto !== 'undefined' && crypto.getRandomValues) crypto.getRandomValues(bytes);
  else bytes.forEach((_, i) => (bytes[i] = Math.floor(Math.random() * 256)));
  return Array.from(bytes, (byte) => KEY_ALPHABET[byte & 63]).join('');
}

/** A try whose outcome is unknown (the answer never came, or the server failed midway): it may be sent again as it was. */
export function isRetryable(error: unknown): boolean {
  return error instanceof NetworkError || (error instanceof ApiError && error.status >= 500);
}

export interface RetryOptions {
  /** Tries in all, the first included. */
  attempts?: number;
  /** The wait before the second try; it doubles before each later one. */
  firstDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A submission whose outcome is not known yet: its key and exactly what was sent under it. */
export interface PendingSubmission<B> {
  key: string;
  body: B;
}

/** Where a page keeps the submission in progress (its draft, so a reload keeps it too). */
export interface SubmissionHolder<B> {
  current(): PendingSubmission<B> | undefined;
  keep(pending: PendingSubmission<B> | undefined): void;
}

/**
 * Sends one submission under one idempotency key, trying again with the same key while the outcome is unknown
 * (waiting 0.5 s, 1 s, 2 s): the server makes one record per key and answers a repeat with that record, so a lost
 * answer never becomes a second order. The key and the body stay in `holder` until the server answers: while they
 * are there, a retry sends that very body again (the page shows it instead of the form), so an edit made while the
 * first try may have succeeded can never become a second order. A refusal (4xx) forgets them: nothing was made,
 * and the corrected submission is a new one.
 */
export async function submitOnce<B, T>(holder: SubmissionHolder<B>, body: B, send: (body: B, key: string) => Promise<T>, { attempts = 4, firstDelayMs = 500, sleep = wait }: RetryOptions = {}): Promise<T> {
  const pending = holder.current() ?? { key: newSubmissionKey(), body };
  holder.keep(pending);
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await send(pending.body, pending.key);
      holder.keep(undefined);
      return result;
    } catch (error) {
      if (!isRetryable(error)) holder.keep(undefined);
      if (attempt >= attempts || !isRetryable(error)) throw error;
      await sleep(firstDelayMs * 2 ** (attempt - 1));
    }
  }
}
