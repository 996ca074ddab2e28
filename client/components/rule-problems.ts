import './sales-messages';
import { t, type MessageKey } from '../i18n';
import { ApiError } from '../services/http-client';

/** The configuration rules the server checks; a refused line's field error carries its rule as the code. */
const RULES = ['unknown_group', 'unknown_option', 'required_group', 'single_choice', 'excluded', 'bundle_missing', 'bundle_quantity'] as const;
type Rule = (typeof RULES)[number];
/** The server names what a rule is about as "sku / group / option / other", leaving out what the rule does not concern. */
const RULE_SUBJECTS: Record<Rule, ('sku' | 'group' | 'option' | 'other')[]> = {
  unknown_group: ['sku', 'group'],
  unknown_option: ['sku', 'group', 'option'],
  required_group: ['sku', 'group'],
  single_choice: ['sku', 'group'],
  excluded: ['sku', 'option', 'other'],
  bundle_missing: ['sku', 'other'],
  bundle_quantity: ['sku', 'other'],
};
const isRule = (code: string): code is Rule => (RULES as readonly string[]).includes(code);

/**
 * What a refusal says about each line, by line index, in the person's language: a message per configuration rule,
 * with groups and options by name where `nameOf` knows them; the server's own words for anything else on a line.
 */
export function lineProblems(error: unknown, nameOf: (key: string) => string = (key) => key): Record<number, string[]> {
  const problems: Record<number, string[]> = {};
  if (!(error instanceof ApiError)) return problems;
  for (const fieldError of error.errors) {
    const match = /^body\.lines\.(\d+)/.exec(fieldError.path);
    if (!match) continue;
    let message = fieldError.message;
    if (isRule(fieldError.code)) {
      const parts = fieldError.message.split(' / ');
      const params = Object.fromEntries(RULE_SUBJECTS[fieldError.code].map((subject, i) => [subject, subject === 'sku' ? parts[i] : nameOf(parts[i] ?? '')]));
      message = t(`sales.rule.${fieldError.code}` as MessageKey, params);
    }
    (problems[Number(match[1])] ??= []).push(message);
  }
  return problems;
}
