import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n } from 'i18next';
import { describe, expect, it } from 'vitest';
import { importOrders } from '../../src/main/imports/import-orders';
import { openDatabase } from '../../src/main/storage/connection';
import {
  IMPORT_ISSUE_CODES,
  englishIssueReason,
} from '../../src/shared/contract/import-issue-reasons';
import { importWizardMethods } from '../../src/shared/contract/import-wizard-api';
import {
  importIssueEn,
  importIssueZhCN,
} from '../../src/renderer/studio/i18n/import-issue-messages';
import { issueText, type Translate } from '../../src/renderer/studio/screens/imports/issue-text';
import { gb18030 } from '../helpers/e2e-steps';
import { useTempDirs } from '../helpers/temp-dir';

// The reasons the import gives for a refused or changed row reach the studio as codes with
// parameters, so that the zh-CN studio shows them in Chinese (they were English sentences). The
// English messages are the engine's own sentences; a run stored before codes shows its English.

const tempDir = useTempDirs();

async function translators(): Promise<Record<'en' | 'zh-CN', Translate>> {
  const instance: i18n = i18next.createInstance();
  await instance.init({
    resources: {
      en: { translation: { importIssue: importIssueEn } },
      'zh-CN': { translation: { importIssue: importIssueZhCN } },
    },
    lng: 'en',
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
  return {
    en: (key, params) => instance.getFixedT('en')(key, params ?? {}),
    'zh-CN': (key, params) => instance.getFixedT('zh-CN')(key, params ?? {}),
  };
}

const CSV = [
  '订单号,商品名称,用户昵称,用户ID,手机号,实付金额(元),退款金额,订单状态,支付时间,优惠码',
  'XE1,Python 入门,王小明,u1,13800138001,199.00,0,已支付,2024-03-01 20:15:00,',
  'XE2,Python 入门,赵敏,u2,13800138002,199.00,0,已支付,2024-02-30 10:00:00,',
  'XE3,Python 入门,"钱多多,u3,13800138003,199.00,0,已支付,2024-03-03 10:00:00,',
  'XE4,Python 入门,孙丽,u4,12,九十九,0,已支付,2024-03-04 11:00:00,',
  'XE5,Python 入门,周杰,u5,13800138005,99.00,0,待付款,2024-03-05 12:00:00,',
].join('\r\n');

describe('import issue reasons as codes', () => {
  it('gives every issue codes whose English is the engine sentence and whose zh-CN is Chinese', async () => {
    const dir = tempDir();
    const file = join(dir, 'xiaoe.csv');
    writeFileSync(file, gb18030(CSV));
    const db = openDatabase(join(dir, 'codes.db'));
    const summary = await importOrders(db, { source: 'xiaoe', file, options: {} });
    db.close();
    const t = await translators();

    const byLine = new Map(summary.issues.map((issue) => [issue.line, issue]));
    expect([...byLine.keys()]).toEqual([1, 3, 4, 5, 6]);
    // Through the contract, as the studio receives them from `imports.issues`.
    const stored = importWizardMethods['imports.issues'].output.parse({
      fileName: 'xiaoe.csv',
      issues: JSON.parse(JSON.stringify(summary.issues)) as unknown,
    }).issues;
    for (const issue of stored) {
      expect(issue.reasons?.length).toBeGreaterThan(0);
      // The studio's English is the engine's English, word for word.
      expect(issueText(issue, t.en)).toBe(issue.reason);
      expect(issue.reason).toBe((issue.reasons ?? []).map(englishIssueReason).join('; '));
    }
    const zh = (line: number): string => {
      const issue = stored.find((i) => i.line === line);
      if (!issue) throw new Error(`no issue on line ${String(line)}`);
      return issueText(issue, t['zh-CN']);
    };
    expect(zh(1)).toContain('已按 GB18030（GBK）读取');
    expect(zh(3)).toBe('无法识别的日期“2024-02-30 10:00:00”');
    expect(zh(4)).toBe(
      '第 4 行的引号没有闭合，文件其余部分会被读成一个单元格。请补上引号（引号内的引号写作 ""）。',
    );
    expect(zh(5)).toBe('商品金额：无法识别的金额“九十九”');
    expect(zh(6)).toBe('订单状态“待付款”不是已完成的付款');
    expect(stored.find((i) => i.line === 5)?.reason).toBe(
      "line amount: unparseable amount '九十九'",
    );
  });

  it('has a Chinese message for every code, and shows a run stored without codes as it was', async () => {
    const t = await translators();
    for (const code of IMPORT_ISSUE_CODES) {
      const text = t['zh-CN'](`importIssue.codes.${code}`);
      expect(text, code).toMatch(/[\u4e00-\u9fff]/);
      expect(text).not.toBe(t.en(`importIssue.codes.${code}`));
    }
    expect(issueText({ reason: 'zero order total' }, t['zh-CN'])).toBe('zero order total');
  });
});
