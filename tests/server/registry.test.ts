import { readFileSync } from 'node:fs';
import { generateRegistry, REGISTRY_FILE, REGISTRY_SIZE } from '../../tools/generate-registry';
import { createLocalRegistry } from '../../server/modules/accounts/registry/local-registry';
import { isValidCreditCode } from '../../types/credit-code';

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
