/**
 * Writes the synthetic business registry the local provider reads (server/modules/accounts/registry/companies.json):
 * a few thousand made-up companies with valid unified social credit codes, some registered with a bracketed region
 * (字节跳动（北京）科技有限公司 style) so duplicate checks meet both spellings. Deterministic: the same seed gives
 * the same file, which tests/server/registry.test.ts checks against the shipped one.
 *   npx tsx tools/generate-registry.ts [count]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { creditCodeCheckChar } from '../types/credit-code';
import type { RegistryCompany } from '../server/modules/accounts/registry/registry';

export const REGISTRY_FILE = path.resolve(__dirname, '../server/modules/accounts/registry/companies.json');
export const REGISTRY_SIZE = 3000;

const PLACES = [
  { city: '北京', division: '110105', district: '朝阳区' },
  { city: '上海', division: '310115', district: '浦东新区' },
  { city: '广州', division: '440106', district: '天河区' },
  { city: '深圳', division: '440305', district: '南山区' },
  { city: '杭州', division: '330106', district: '西湖区' },
  { city: '南京', division: '320106', district: '鼓楼区' },
  { city: '苏州', division: '320505', district: '虎丘区' },
  { city: '成都', division: '510107', district: '武侯区' },
  { city: '武汉', division: '420111', district: '洪山区' },
  { city: '西安', division: '610113', district: '雁塔区' },
  { city: '宁波', division: '330212', district: '鄞州区' },
  { city: '合肥', division: '340104', district: '蜀山区' },
];
const SYLLABLES = '华腾宏远鼎新恒信瑞丰嘉诚联创智达天成博润中科金泰永安盛世卓越万通精工海纳汇通启明云帆星河康宁佳和致远'.split('');
const INDUSTRIES = ['科技', '信息技术', '电子', '机械', '自动化', '新材料', '贸易', '物流', '医疗器械', '软件', '智能装备', '环保工程', '建筑工程', '食品'];
const FORMS = ['有限公司', '有限责任公司', '股份有限公司'];
/** Organisation codes use digits and the capitals the credit code's set allows. */
const ORGANISATION_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'.split('');
const ROADS = ['人民路', '建设路', '科技路', '中山路', '解放路', '长江路', '创新大道', '高新大道'];

/** A small seeded generator (mulberry32): the same file on every machine. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The organisation code's own check character (GB 11714): its ninth character. */
function organisationCode(body: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  const sum = body.split('').reduce((total, char, i) => total + parseInt(char, 36) * weights[i], 0);
  const check = 11 - (sum % 11);
  return body + (check === 10 ? 'X' : check === 11 ? '0' : String(check));
}

export function generateRegistry(count = REGISTRY_SIZE, seed = 20261129): RegistryCompany[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const companies: RegistryCompany[] = [];
  const names = new Set<string>();
  while (companies.length < count) {
    const place = pick(PLACES);
    const brand = pick(SYLLABLES) + pick(SYLLABLES);
    const industry = pick(INDUSTRIES);
    const form = pick(FORMS);
    // Most carry their city in front, some in brackets after the brand, a few none at all.
    const style = next();
    const legalName = style < 0.6 ? `${place.city}${brand}${industry}${form}` : style < 0.85 ? `${brand}（${place.city}）${industry}${form}` : `${brand}${industry}${form}`;
    if (names.has(legalName)) continue;
    names.add(legalName);
    const body = Array.from({ length: 8 }, () => pick(ORGANISATION_CHARS)).join('');
    const first17 = `91${place.division}${organisationCode(body)}`;
    const status = next() < 0.9 ? 'active' : next() < 0.5 ? 'revoked' : 'cancelled';
    companies.push({
      legalName,
      creditCode: first17 + creditCodeCheckChar(first17),
      status,
      address: `${place.city}市${place.district}${pick(ROADS)}${1 + Math.floor(next() * 999)}号`,
      division: place.division,
    });
  }
  return companies;
}

if (require.main === module) {
  const count = Number(process.argv[2] ?? REGISTRY_SIZE);
  writeFileSync(REGISTRY_FILE, `${JSON.stringify(generateRegistry(count), null, 0)}\n`);
  console.log(`wrote ${count} companies to ${REGISTRY_FILE}`);
}
