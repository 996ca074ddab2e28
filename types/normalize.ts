/**
 * The forms in which duplicate checks compare what people type: the same company or phone written two ways must
 * meet. Leads and accounts store these beside the text as entered.
 */

/** Chinese legal-form suffixes, longest first so 股份有限公司 is not cut as 有限公司 + 股份. */
export const LEGAL_FORMS = ['股份有限公司', '有限责任公司', '集团有限公司', '有限公司', '股份公司', '合伙企业', '个体工商户', '分公司', '集团', '公司', '厂'];

/**
 * Region words a registered name may open with or carry in brackets: provinces, autonomous regions, municipalities
 * and the larger cities. Longer forms first (北京市 before 北京).
 */
const REGION_WORDS = [
  '北京', '天津', '上海', '重庆', '河北', '山西', '辽宁', '吉林', '黑龙江', '江苏', '浙江', '安徽', '福建', '江西', '山东', '河南', '湖北',
  '湖南', '广东', '海南', '四川', '贵州', '云南', '陕西', '甘肃', '青海', '台湾', '内蒙古', '广西', '西藏', '宁夏', '新疆', '香港', '澳门',
  '石家庄', '太原', '沈阳', '大连', '长春', '哈尔滨', '南京', '苏州', '无锡', '杭州', '宁波', '温州', '合肥', '福州', '厦门', '南昌', '济南',
  '青岛', '郑州', '武汉', '长沙', '广州', '深圳', '东莞', '佛山', '珠海', '海口', '成都', '贵阳', '昆明', '西安', '兰州', '西宁', '呼和浩特',
  '南宁', '拉萨', '银川', '乌鲁木齐',
]
  .flatMap((name) => [`${name}省`, `${name}市`, `${name}自治区`, name])
  .sort((a, b) => b.length - a.length);

/** Full-width forms to half-width, Latin to lower case, and everything that is not a letter or digit removed. */
function fold(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}()]/gu, '');
}

/**
 * A company name for comparison: 字节跳动（北京）科技有限公司 and 北京字节跳动科技有限公司 both become 字节跳动科技.
 * Bracketed parts are dropped (they hold a region or a branch), then one leading region word, then the legal form.
 * Never answers an empty string for a non-empty name: a name that is nothing but those words stays as folded.
 */
export function normalizeCompanyName(name: string): string {
  const folded = fold(name);
  let core = folded.replace(/\([^()]*\)/g, '').replace(/[()]/g, '');
  const region = REGION_WORDS.find((word) => core.startsWith(word) && core.length > word.length);
  if (region) core = core.slice(region.length);
  const form = LEGAL_FORMS.find((suffix) => core.endsWith(suffix));
  if (form && core.length > form.length) core = core.slice(0, -form.length);
  return core || folded.replace(/[()]/g, '');
}

/**
 * A phone number for comparison: digits only, in the national form, so +86 138-0013-8000, 0086 13800138000 and
 * (138)00138000 meet, and so do 010-8888 8888 and +86 10 8888 8888 (a landline keeps its trunk 0 and area code).
 * Answers '' when there are no digits.
 */
export function normalizePhone(phone: string): string {
  const digits = phone.normalize('NFKC').replace(/\D/g, '');
  const mainland = /^(?:0086|86)?(1[3-9]\d{9})$/.exec(digits);
  if (mainland) return mainland[1];
  return digits.replace(/^(?:0086|86)(?=[1-9]\d{8,10}$)/, '0');
}

/** A normalised phone that can be dialled in mainland China: a mobile, or a landline with its trunk 0 and area code. */
export function isDiallablePhone(normalized: string): boolean {
  return /^1[3-9]\d{9}$/.test(normalized) || /^0[1-9]\d{8,10}$/.test(normalized);
}
