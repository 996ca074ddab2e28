import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { checkInput, FIELD_MESSAGES, fieldText } from '../../types/field-messages';

const typesDir = path.resolve(__dirname, '../../types');

describe('field messages', () => {
  it('name the same params in both languages', () => {
    const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, texts] of Object.entries(FIELD_MESSAGES)) {
      expect([key, params(texts['zh-CN'])]).toEqual([key, params(texts['en-US'])]);
    }
  });

  it('are the only messages the shared schemas give (a sentence there would reach a Chinese reader in English)', () => {
    const given: string[] = [];
    for (const file of readdirSync(typesDir).filter((name) => name.endsWith('.ts') && name !== 'field-messages.ts' && name !== 'errors.ts')) {
      const source = readFileSync(path.join(typesDir, file), 'utf8');
      // `message: '…'` / `error: "…"`, and the message argument of `.regex(/…/, '…')`, `.refine(…, '…')`, `.min(n, '…')`
      // (also when it starts a line of its own).
      for (const match of source.matchAll(/(?:message|error): ['"`]([^'"`]*)['"`]|\.(?:regex|refine|min|max|length|email|url)\((?:.*?,)?\s*['"]([^'"]*)['"]\s*\)/g)) {
        given.push(`${file}: ${match[1] ?? match[2]}`);
      }
    }
    expect(given.length).toBeGreaterThan(30);
    expect(given.filter((entry) => !Object.prototype.hasOwnProperty.call(FIELD_MESSAGES, entry.split(': ')[1]))).toEqual([]);
  });

  it('word zod\'s own checks', () => {
    const schema = z.strictObject({
      name: z.string().min(1),
      code: z.string().min(3).max(5),
      count: z.number().int().min(1).max(9),
      kind: z.enum(['a', 'b']),
      day: z.iso.date(),
      tags: z.array(z.string()).min(1),
      rule: z.discriminatedUnion('type', [z.strictObject({ type: z.literal('role') }), z.strictObject({ type: z.literal('user'), userId: z.string() })]),
      note: z.string().optional(),
    });
    const words = (value: unknown, locale: 'zh-CN' | 'en-US') => {
      const result = checkInput(schema, value, locale);
      return result.success ? {} : Object.fromEntries(result.issues.map((issue) => [issue.path, issue.message]));
    };
    const bad = { code: 'ab', count: 1.5, kind: 'c', day: '2026-13-01', tags: [], rule: { type: 'team' }, note: null, extra: 1 };
    expect(words(bad, 'zh-CN')).toEqual({
      name: '必填', code: '至少 3 个字符', count: '请输入整数', kind: '请从可选项中选择', day: '请按 YYYY-MM-DD 填写日期', tags: '请至少添加一项',
      'rule.type': '请从可选项中选择', note: '格式不正确', extra: '不接受这个字段',
    });
    expect(words({ ...bad, name: 'x', code: 'abcdef', count: 10 }, 'en-US')).toMatchObject({ code: 'At most 5 characters', count: 'At most 9' });
    expect(words({ ...bad, count: 'ten' }, 'en-US')).toMatchObject({ name: 'Required', count: 'Enter a number' });
  });

  it('fill params, and leave text that is not a key as it is', () => {
    expect(fieldText('sku_unknown', 'zh-CN', { list: 'A-1' })).toBe('没有 SKU 为 A-1 的产品');
    expect(fieldText('sku_unknown', 'en-US', { list: 'A-1' })).toBe('No product has the SKU A-1');
    expect(fieldText('AS-100 / fast', 'zh-CN')).toBe('AS-100 / fast');
    expect(fieldText('toString', 'zh-CN')).toBe('toString');
  });
});
