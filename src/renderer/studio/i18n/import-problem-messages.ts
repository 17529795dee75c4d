import {
  IMPORT_PROBLEM_EN,
  type ImportProblemCode,
} from '../../../shared/contract/import-problems';

// Why a file or a roster row cannot be imported (`importProblem.*`): one message per code the
// engine sends (shared/contract/import-problems.ts). English is the engine's own sentence; the
// column roles in `field` and `missing` are the mapping step's field names (importWizard.fields).

// A type, not an interface: i18next's typed keys only look inside types with an index signature.
type ImportProblemMessages = {
  codes: Record<ImportProblemCode, string>;
  /** The `amount` role of a `missing` list: any one of the amount columns. */
  amountColumn: string;
};

export const importProblemEn: ImportProblemMessages = {
  codes: IMPORT_PROBLEM_EN,
  amountColumn: 'an amount (unit price, line amount or order total)',
};

export const importProblemZhCN: ImportProblemMessages = {
  codes: {
    'no-rows': '文件中没有任何行',
    'mapped-column-missing': '文件中没有“{{name}}”这一列（映射为{{field}}）',
    'preset-missing-columns': '最接近的预设（{{preset}}）找不到这些列：{{missing}}',
    'no-preset-columns': '没有与这个表头相符的预设：找不到这些列：{{missing}}',
    'roster-no-identity-column': '没有一列是邮箱、手机号或平台 ID：请在映射中选择一列',
    'roster-bad-email': '邮箱“{{value}}”不是有效的地址',
    'roster-bad-phone': '手机号“{{value}}”不是有效的号码',
    'roster-platform-id-too-long': '平台 ID“{{value}}”太长',
    'roster-no-identity': '没有邮箱、手机号或平台 ID',
    'roster-bad-follow-up-consent': '回访同意“{{value}}”不是“是”或“否”',
    'roster-bad-purchase-link-consent': '购买关联同意“{{value}}”不是“是”或“否”',
  },
  amountColumn: '金额列（单价、金额或订单总额）',
};
