import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isValidCreditCode, normalizeCreditCode } from '../../../../types/credit-code';
import { normalizeCompanyName } from '../../../../types/normalize';
import type { RegistryCompany, RegistryProvider } from './registry';

const DATASET = path.join(__dirname, 'companies.json');

/**
 * The registry over the synthetic dataset the project ships (tools/generate-registry.ts), for demos and tests.
 * Held in memory with each name's normalised form, so 字节跳动科技 finds both 北京字节跳动科技有限公司 and
 * 字节跳动（北京）科技有限公司.
 */
export function createLocalRegistry(file = DATASET): RegistryProvider {
  const companies = (JSON.parse(readFileSync(file, 'utf8')) as RegistryCompany[]).map((company) => ({ company, key: normalizeCompanyName(company.legalName) }));
  const byCode = new Map(companies.map(({ company }) => [company.creditCode, company]));
  return {
    async lookup(nameOrCode, limit = 10) {
      const code = normalizeCreditCode(nameOrCode);
      if (isValidCreditCode(code)) return byCode.has(code) ? [byCode.get(code)!] : [];
      const wanted = normalizeCompanyName(nameOrCode);
      if (!wanted) return [];
      // Exact names first, then names starting with the text, then names containing it.
      const rank = (key: string) => (key === wanted ? 0 : key.startsWith(wanted) ? 1 : key.includes(wanted) ? 2 : -1);
      return companies
        .map((entry) => ({ entry, rank: rank(entry.key) }))
        .filter((hit) => hit.rank >= 0)
        .sort((a, b) => a.rank - b.rank || a.entry.key.length - b.entry.key.length)
        .slice(0, limit)
        .map((hit) => hit.entry.company);
    },
  };
}
