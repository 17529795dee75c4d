import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { englishProblem, type ImportProblem } from '../../../src/shared/contract/import-problems';
import { enTranslation, zhCNTranslation } from '../../../src/renderer/studio/i18n/resources';
import {
  problemsText,
  problemText,
} from '../../../src/renderer/studio/screens/imports/problem-text';

async function translator(lng: 'en' | 'zh-CN') {
  const i18n = i18next.createInstance();
  await i18n.init({
    resources: { en: { translation: enTranslation }, 'zh-CN': { translation: zhCNTranslation } },
    lng,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
  return i18n.t;
}

const missing: ImportProblem = {
  code: 'preset-missing-columns',
  params: { preset: 'xiaoe', missing: 'orderId,amount' },
};

describe("why a file or a roster row cannot be imported, in the studio's language", () => {
  it('says in English what the engine says', async () => {
    const t = await translator('en');
    const english = englishProblem(missing);
    expect(english).toBe(
      'the closest preset (xiaoe) found no column for order id, an amount (unit price, line amount or order total)',
    );
    expect(problemText(missing, english, t, 'en')).toBe(
      'the closest preset (xiaoe) found no column for Order number and an amount (unit price, line amount or order total)',
    );
  });

  it('names the columns as the mapping step does, in Chinese', async () => {
    const t = await translator('zh-CN');
    expect(problemText(missing, englishProblem(missing), t, 'zh-CN')).toBe(
      '最接近的预设（xiaoe）找不到这些列：订单号和金额列（单价、金额或订单总额）',
    );
    const column: ImportProblem = {
      code: 'mapped-column-missing',
      params: { name: '实付金额', field: 'orderTotal' },
    };
    expect(problemText(column, englishProblem(column), t, 'zh-CN')).toBe(
      '文件中没有“实付金额”这一列（映射为订单总额）',
    );
    expect(problemText({ code: 'no-rows', params: {} }, 'the file has no rows', t, 'zh-CN')).toBe(
      '文件中没有任何行',
    );
  });

  it("joins a roster row's problems, and shows an older core's English as it is", async () => {
    const t = await translator('zh-CN');
    const reasons: ImportProblem[] = [
      { code: 'roster-bad-email', params: { value: 'ann@' } },
      { code: 'roster-no-identity', params: {} },
    ];
    const problems = reasons.map(englishProblem);
    expect(problemsText({ problems, reasons }, t, 'zh-CN')).toBe(
      '邮箱“ann@”不是有效的地址；没有邮箱、手机号或平台 ID',
    );
    expect(problemsText({ problems }, t, 'zh-CN')).toBe(problems.join('; '));
    expect(problemText(null, 'as the engine said', t, 'zh-CN')).toBe('as the engine said');
  });
});
