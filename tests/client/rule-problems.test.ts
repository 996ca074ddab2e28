import { lineProblems } from '../../client/components/rule-problems';
import { setLocale } from '../../client/i18n';
import { ApiError, createHttpClient, type Transport } from '../../client/services/http-client';
import type { TokenPair } from '../../types/auth';
import type { LineInput } from '../../types/catalog';
import { useWorld } from '../helpers/world';

const t = useWorld();

/** A sorter whose scanners rule each other out, that needs its installation; and the installation. */
const PRODUCTS = [
  {
    sku: 'SORT-1', name: '分拣机', category: '分拣设备', unit: '台', basePrice: 100_000_00,
    optionGroups: [
      { key: 'speed', name: '分拣速度', required: true, options: [{ key: 'std', name: '标准' }, { key: 'fast', name: '高速' }] },
      { key: 'scanner', name: '扫码系统', multiple: true, options: [{ key: 'top', name: '顶部扫码' }, { key: 'six', name: '六面扫码', excludes: ['top'] }] },
    ],
    bundle: [{ sku: 'SVC-1', minPerUnit: 1, maxPerUnit: 2 }],
  },
  { sku: 'SVC-1', name: '安装服务', category: '服务', unit: '次', basePrice: 5_000_00 },
];
const NAMES: Record<string, string> = { speed: '分拣速度', scanner: '扫码系统', top: '顶部扫码', six: '六面扫码', std: '标准', fast: '高速' };

/** The server's refusal of these lines, as the request wrapper hands it to a page. */
async function refusal(lines: LineInput[]): Promise<ApiError> {
  const transport: Transport = async ({ url, method, headers, body }) => {
    const response = await fetch(url, { method, headers, body });
    return { status: response.status, body: await response.json() };
  };
  const token = await t.world.token('a', 'p1member');
  const tokens = { get: () => ({ accessToken: token }) as TokenPair, set: () => undefined };
  const client = createHttpClient({ baseUrl: `${t.app.baseUrl}/api/v1`, transport, tokens, locale: () => 'zh-CN', onSessionLost: () => undefined });
  return client.call('POST', '/pricing', { body: { lines } }).then(
    () => Promise.reject(new Error('priced')),
    (error: unknown) => error as ApiError,
  );
}

beforeAll(async () => {
  const admin = await t.world.token('a', 'admin');
  for (const product of [...PRODUCTS].reverse()) expect((await t.app.request('POST', '/api/v1/products', { token: admin, body: product })).status).toBe(201);
});
afterEach(() => setLocale('zh-CN'));

describe("the server's configuration refusals, as each line shows them", () => {
  it('name the rule, the group and the options in the reader\'s language', async () => {
    const error = await refusal([
      { sku: 'SORT-1', quantity: 1, options: { speed: ['std', 'fast'], scanner: ['top', 'six'] } },
      { sku: 'SVC-1', quantity: 1 },
    ]);
    expect(error.status).toBe(400);
    const named = (key: string) => NAMES[key] ?? key;
    expect(lineProblems(error, named)).toEqual({ 0: ['「分拣速度」只能选择一项', '「六面扫码」与「顶部扫码」不能同时选择'] });
    await setLocale('en-US');
    expect(lineProblems(error, named)).toEqual({ 0: ['Choose only one "分拣速度"', '"六面扫码" cannot be chosen with "顶部扫码"'] });
  });

  it('say which group is missing and which bundled product is needed, on the line concerned', async () => {
    const error = await refusal([{ sku: 'SVC-1', quantity: 1 }, { sku: 'SORT-1', quantity: 1 }]);
    expect(lineProblems(error)).toEqual({ 1: ['「speed」为必选项，请选择'] });
    const missing = await refusal([{ sku: 'SORT-1', quantity: 2, options: { speed: ['std'] } }]);
    expect(lineProblems(missing)).toEqual({ 0: ['需同时订购配套产品 SVC-1'] });
    const tooMany = await refusal([{ sku: 'SORT-1', quantity: 1, options: { speed: ['std'] } }, { sku: 'SVC-1', quantity: 3 }]);
    expect(lineProblems(tooMany)).toEqual({ 0: ['配套产品 SVC-1 的数量不在所需范围内'] });
  });

  it('leave anything that is not about the lines to the page', async () => {
    expect(lineProblems(new Error('offline'))).toEqual({});
    const error = await refusal([{ sku: 'SORT-1', quantity: 0 }]);
    expect(Object.keys(lineProblems(error))).toEqual(['0']);
  });
});
