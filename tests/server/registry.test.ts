import { readFileSync } from 'node:fs';
import { generateRegistry, REGISTRY_FILE, REGISTRY_SIZE } from '../../tools/generate-registry';
import { createLocalRegistry } from '../../server/modules/accounts/registry/local-registry';
import { isValidCreditCode } from '../../types/credit-code';
import { createHttpRegistry, RegistryUnavailable } from '../../server/modules/accounts/registry/http-registry';
import { startFakeRegistry } from '../fakes/registry/server';

describe('the shipped synthetic registry', () => {
  const shipped = JSON.parse(readFileSync(REGISTRY_FILE, 'utf8')) as ReturnType<typeof generateRegistry>;

  it('is what the generator makes: a few thousand companies with valid, unique credit codes', () => {
    expect(shipped).toEqual(generateRegistry());
    expect(shipped).toHaveLength(REGISTRY_SIZE);
    expect(shipped.every((c) => isValidCreditCode(c.creditCode))).toBe(true);
    expect(new Set(shipped.map((c) => c.creditCode)).size).toBe(REGISTRY_SIZE);
    expect(new Set(shipped.map((c) => c.legalName)).size).toBe(REGISTRY_SIZE);
    expect(shipped.some((c) => /（.+）/.test(c.legalName))).toBe(true);
    expect(new Set(shipped.map((c) => c.status))).toEqual(new Set(['active', 'revoked', 'cancelled']));
  });

  it('looks a company up by credit code, typed any way', async () => {
    const registry = createLocalRegistry();
    const company = shipped[42];
    expect(await registry.lookup(company.creditCode.toLowerCase())).toEqual([company]);
    expect(await registry.lookup(`${company.creditCode.slice(0, 17)}${company.creditCode[17] === '0' ? '1' : '0'}`)).toEqual([]);
  });

  it('finds a bracketed registration from the name as people write it', async () => {
    const registry = createLocalRegistry();
    const bracketed = shipped.find((c) => /（.+）/.test(c.legalName))!;
    const [, brand, city, rest] = /^(.+)（(.+)）(.+)$/.exec(bracketed.legalName)!;
    const hits = await registry.lookup(`${city}${brand}${rest}`);
    expect(hits).toContainEqual(bracketed);
    const partial = await registry.lookup(brand, 50);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.every((c) => c.legalName.includes(brand))).toBe(true);
    expect(await registry.lookup('（）')).toEqual([]);
  });
});

describe('the HTTP registry provider against a registry API', () => {
  let fake: Awaited<ReturnType<typeof startFakeRegistry>>;
  const shipped = JSON.parse(readFileSync(REGISTRY_FILE, 'utf8')) as ReturnType<typeof generateRegistry>;
  beforeAll(async () => {
    fake = await startFakeRegistry();
  });
  afterAll(() => fake.close());

  it('answers what the API answers, in the provider shape', async () => {
    const registry = createHttpRegistry({ baseUrl: fake.baseUrl, apiKey: fake.apiKey });
    const company = shipped.find((c) => c.status === 'revoked')!;
    expect(await registry.lookup(company.creditCode)).toEqual([company]);
    const byName = await registry.lookup(company.legalName, 3);
    expect(byName[0]).toEqual(company);
  });

  it('says the registry is unavailable when the key is refused, the API fails or is too slow', async () => {
    await expect(createHttpRegistry({ baseUrl: fake.baseUrl, apiKey: 'wrong' }).lookup('科技')).rejects.toBeInstanceOf(RegistryUnavailable);
    const registry = createHttpRegistry({ baseUrl: fake.baseUrl, apiKey: fake.apiKey, timeoutMs: 200 });
    fake.failNext(500);
    await expect(registry.lookup('科技')).rejects.toBeInstanceOf(RegistryUnavailable);
    fake.delayNext(1000);
    await expect(registry.lookup('科技')).rejects.toBeInstanceOf(RegistryUnavailable);
    expect((await registry.lookup('科技', 5)).length).toBe(5);
  });
});
