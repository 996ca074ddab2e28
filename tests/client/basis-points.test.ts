import { bpToPercentText, percentTextToBp } from '../../client/services/basis-points';

describe('discounts typed as percentages', () => {
  it('become basis points exactly, without floating point', () => {
    expect(percentTextToBp('15')).toBe(1500);
    expect(percentTextToBp('12.5')).toBe(1250);
    expect(percentTextToBp('12.35')).toBe(1235);
    expect(percentTextToBp('0.29')).toBe(29); // 0.29 * 100 is 28.999999999999996 in floating point
    expect(percentTextToBp(' 7 % ')).toBe(700);
    expect(percentTextToBp('100')).toBe(10_000);
    expect(percentTextToBp('0')).toBe(0);
  });

  it('refuse what is not a percentage from 0 to 100 with at most two decimals', () => {
    for (const text of ['', 'abc', '-5', '12.345', '100.01', '101', '1e2', '12,5']) expect({ text, bp: percentTextToBp(text) }).toEqual({ text, bp: null });
  });

  it('read back as the shortest percentage', () => {
    expect(bpToPercentText(1500)).toBe('15');
    expect(bpToPercentText(1250)).toBe('12.5');
    expect(bpToPercentText(1235)).toBe('12.35');
    expect(bpToPercentText(5)).toBe('0.05');
    expect(bpToPercentText(0)).toBe('0');
    for (let bp = 0; bp <= 10_000; bp += 7) expect(percentTextToBp(bpToPercentText(bp))).toBe(bp);
  });
});
