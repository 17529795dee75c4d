import { describe, expect, it } from 'vitest';
import {
  formatMoney,
  formatMoneyCompact,
  formatMoneyWhole,
  majorUnits,
  minorUnitDigits,
} from '../../../src/renderer/common/format';

describe('money in minor units, as the studio shows it', () => {
  it('knows how many minor digits a currency has', () => {
    expect(minorUnitDigits('CNY')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(majorUnits(12345, 'CNY')).toBe(123.45);
    expect(majorUnits(12345, 'JPY')).toBe(12345);
  });

  it('writes compact amounts with three significant digits, in the locale’s own units', () => {
    expect(formatMoneyCompact(1_834_500, 'CNY', 'zh-CN')).toBe('¥1.83万');
    expect(formatMoneyCompact(1_834_500, 'CNY', 'en')).toBe('CN¥18.3K');
    expect(formatMoneyCompact(18_345, 'JPY', 'en')).toBe('¥18.3K');
  });

  it('rounds to whole major units, and keeps minor units where asked', () => {
    expect(formatMoneyWhole(123_456, 'CNY', 'en')).toBe('CN¥1,235');
    expect(formatMoney(123_456, 'CNY', 'en')).toBe('CN¥1,234.56');
  });
});
