import { normalizeCompanyName, normalizePhone } from '../../types/normalize';

describe('company names for duplicate checks', () => {
  it.each([
    ['字节跳动（北京）科技有限公司', '北京字节跳动科技有限公司'],
    ['上海浦江科技有限公司', '浦江科技股份有限公司'],
    ['杭州西湖贸易有限责任公司', '西湖贸易（杭州）有限公司'],
    ['ＡＢＣ　Ｔｅｃｈ（深圳）有限公司', 'abc tech有限公司'],
    ['华为技术有限公司', '华为技术有限公司 '],
    ['成都·锦江电子有限公司', '成都锦江电子公司'],
  ])('%s and %s meet', (a, b) => {
    expect(normalizeCompanyName(a)).toBe(normalizeCompanyName(b));
  });

  it.each([
    ['北京字节跳动科技有限公司', '字节跳动科技'],
    ['ＡＢＣ　Ｔｅｃｈ（深圳）有限公司', 'abctech'],
    ['中国石油化工股份有限公司', '中国石油化工'],
  ])('%s → %s', (name, expected) => {
    expect(normalizeCompanyName(name)).toBe(expected);
  });

  it('keeps different companies apart, and never empties a name', () => {
    expect(normalizeCompanyName('北京字节跳动科技有限公司')).not.toBe(normalizeCompanyName('北京字节跳动网络技术有限公司'));
    expect(normalizeCompanyName('上海浦江科技有限公司')).not.toBe(normalizeCompanyName('上海浦东科技有限公司'));
    expect(normalizeCompanyName('有限公司')).toBe('有限公司');
    expect(normalizeCompanyName('北京')).toBe('北京');
  });
});

describe('phones for duplicate checks', () => {
  it.each([
    ['+86 138-0013-8000', '13800138000'],
    ['0086 13800138000', '13800138000'],
    ['86 13800138000', '13800138000'],
    ['（138）00138000', '13800138000'],
    ['１３８００１３８０００', '13800138000'],
    ['010-8888 8888', '01088888888'],
    ['+86 10 8888 8888', '01088888888'],
    ['0086-755-2345 6789', '075523456789'],
    ['', ''],
  ])('%s → %s', (phone, expected) => {
    expect(normalizePhone(phone)).toBe(expected);
  });
});
