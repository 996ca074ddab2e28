import Taro from '@tarojs/taro';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { z } from 'zod';
import { checkInput, type CheckResult } from '../../types/field-messages';
import { getLocale, t } from '../i18n';
import { ApiError } from '../services/http-client';
import { describeError } from './StateViews';
import { DRAFT_PREFIX } from '../services/session';

export type FormValues = Record<string, string>;

/** Checks input with a shared schema, its problems worded in the person's language, as the server words them. */
export const checkForm = <S extends z.ZodType>(schema: S, value: unknown): CheckResult<z.output<S>> => checkInput(schema, value, getLocale());

/** A failed check's problems by field path, for showing each under its field (the first said of a field). */
export const problemsByField = (result: CheckResult<unknown>): Record<string, string> =>
  result.success ? {} : Object.fromEntries([...result.issues].reverse().map((issue) => [issue.path || 'form', issue.message]));

/**
 * Sending a form's work: `sending` while it runs; a refusal's field errors go to `showErrors` (in place) and its
 * message to `formError`. `send` resolves true on success.
 */
export function useSending(showErrors: (errors: Record<string, string>) => void) {
  const [sending, setSending] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  async function send(run: () => Promise<unknown>): Promise<boolean> {
    setFormError(null);
    setSending(true);
    try {
      await run();
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.errors.length) showErrors(error.fieldErrors());
      setFormError(describeError(error));
      return false;
    } finally {
      setSending(false);
    }
  }
  return { sending, formError, setFormError, send };
}

interface Options<S extends z.ZodType> {
  initial: FormValues;
  /** Turns the text the user typed into the request body (numbers, optional fields, nesting). */
  toBody: (values: FormValues) => unknown;
  /** The same zod schema the server validates with: most mistakes are shown before anything is sent. */
  schema: S;
  /** Keeps unsent input in storage under this key, so leaving the page or a crash loses nothing. */
  draftKey?: string;
}


/** Form state with client validation by the shared schema, server field errors, and drafts. */
export function useForm<S extends z.ZodType>({ initial, toBody, schema, draftKey }: Options<S>) {
  const [values, setValues] = useState<FormValues>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const sending = useSending(setErrors);
  const dirty = useRef(false);
  const initialKey = JSON.stringify(initial);

  const required = useMemo(() => blankRefused(schema, toBody, initial), [initialKey, schema]);

  // Restore a draft once; re-seed from `initial` when it arrives later (edit pages load the record first).
  useEffect(() => {
    const draft = draftKey ? (Taro.getStorageSync(DRAFT_PREFIX + draftKey) as FormValues | '') : '';
    if (draft) {
      setValues({ ...initial, ...draft });
      void Taro.showToast({ title: t('common.draftRestored'), icon: 'none' });
    } else if (!dirty.current) {
      setValues(initial);
    }
  }, [draftKey, initialKey]);

  function set(field: string, value: string) {
    dirty.current = true;
    setValues((current) => {
      const next = { ...current, [field]: value };
      if (draftKey) Taro.setStorageSync(DRAFT_PREFIX + draftKey, next);
      return next;
    });
    setErrors((current) => (current[field] ? { ...current, [field]: '' } : current));
  }

  /** Validates, then sends; answers the server's own field errors in place. Resolves true on success. */
  async function submit(send: (body: z.output<S>) => Promise<unknown>): Promise<boolean> {
    sending.setFormError(null);
    const parsed = checkForm(schema, toBody(values));
    if (!parsed.success) {
      setErrors(problemsByField(parsed));
      return false;
    }
    return sending.send(async () => {
      await send(parsed.data);
      if (draftKey) Taro.removeStorageSync(DRAFT_PREFIX + draftKey);
      dirty.current = false;
    });
  }

  return { values, set, errors, submit, submitting: sending.sending, formError: sending.formError, required };
}

/**
 * The fields the schema refuses when left blank, each tried alone on the form's starting values. A rule that only
 * holds with other fields (one of two, per kind) is not marked: it depends on what else is typed. A field's name
 * is its path in the body, or that path's last part (`province` for `region.province`).
 */
function blankRefused(schema: z.ZodType, toBody: (values: FormValues) => unknown, values: FormValues): ReadonlySet<string> {
  const required = new Set<string>();
  for (const name of Object.keys(values)) {
    let body: unknown;
    try {
      body = toBody({ ...values, [name]: '' });
    } catch {
      continue; // A choice that is never blank (toBody reads it as a key): nothing to mark.
    }
    const result = checkForm(schema, body);
    if (!result.success && result.issues.some((issue) => issue.path === name || issue.path.endsWith(`.${name}`))) required.add(name);
  }
  return required;
}

/** Text fields to body values: blank becomes absent, digits become numbers. */
export const optionalText = (value: string | undefined) => (value && value.trim() ? value.trim() : undefined);
export const optionalNumber = (value: string | undefined) => (value && value.trim() !== '' ? Number(value) : undefined);
