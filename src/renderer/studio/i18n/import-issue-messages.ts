import {
  IMPORT_ISSUE_EN,
  IMPORT_ISSUE_FIELDS_EN,
  type ImportIssueCode,
  type ImportIssueField,
} from '../../../shared/contract/import-issue-reasons';

// Why the order import refused or changed a row (`importIssue.*`): one message per code the
// engine sends (shared/contract/import-issue-reasons.ts), with its parameters. English is the
// engine's own sentence, so the studio and the CLI say the same.

// A type, not an interface: i18next's typed keys only look inside types with an index signature.
type ImportIssueMessages = {
  codes: Record<ImportIssueCode, string>;
  fields: Record<ImportIssueField, string>;
  /** Between the reasons of one row, and between a column's name and its reason. */
  separator: string;
  fieldSeparator: string;
};

export const importIssueEn: ImportIssueMessages = {
  codes: IMPORT_ISSUE_EN,
  fields: IMPORT_ISSUE_FIELDS_EN,
  separator: '; ',
  fieldSeparator: ': ',
};

export const importIssueZhCN: ImportIssueMessages = {
  codes: {
    'missing-order-id': '缺少订单号',
    'order-id-too-long': '订单号超过 {{max}} 个字符',
    'zero-quantity': '数量为 0',
    'negative-quantity': '数量为负，但这不是一笔取消订单',
    'negative-amount': '金额为负',
    'negative-price': '单价为负',
    'missing-amount': '缺少金额',
    'missing-price': '缺少价格',
    'zero-price': '价格为 0',
    'negative-order-total': '订单总额为负',
    'unknown-currency': '无法识别的币种“{{value}}”',
    'missing-order-date': '缺少下单时间',
    'no-currency': '没有币种：文件中没有币种列，也没有设置默认币种',
    'mixed-currencies': '同一订单的金额使用了多种币种（{{currency}}、{{currencies}}）',
    'unknown-status': '无法识别的订单状态“{{value}}”（请在映射的状态列表中添加）',
    'status-not-paid': '订单状态“{{value}}”不是已完成的付款',
    'amount-too-large': '金额过大',
    'zero-after-rounding': '按 {{currency}} 取整后价格为 0',
    'order-total-too-large': '订单总额过大',
    'zero-order-total': '订单总额为 0',
    'refund-capped': '退款金额大于订单总额，已按订单总额计',
    'invalid-email': '邮箱“{{value}}”无效，已忽略',
    'invalid-phone': '手机号“{{value}}”无效，已忽略',
    'unparseable-amount': '无法识别的金额“{{value}}”',
    'empty-amount': '金额为空',
    'unparseable-quantity': '无法识别的数量“{{value}}”',
    'quantity-not-whole': '数量“{{value}}”不是整数',
    'implausible-quantity': '数量“{{value}}”不合理',
    'not-a-date': '“{{value}}”不是日期',
    'invalid-date-cell': '日期单元格无效',
    'empty-date': '日期为空',
    'unparseable-date': '无法识别的日期“{{value}}”',
    'ambiguous-date': '日期“{{value}}”有歧义：请在映射中设置日期顺序（日/月/年 或 月/日/年）',
    'unclosed-quote':
      '第 {{line}} 行的引号没有闭合，文件其余部分会被读成一个单元格。请补上引号（引号内的引号写作 ""）。',
    'read-as-gb18030':
      '文件不是 UTF-8 编码：已按 GB18030（GBK）读取，这是中文 Windows 上 Excel 和国内平台导出的编码。如果姓名显示不对，请在映射中选择编码。',
    'cancellation-unmatched': '这笔取消找不到该买家之前的购买，已记为仅退款订单',
    'cancellation-larger': '这笔取消大于它对应的之前购买，多出的部分记为仅退款订单',
  },
  fields: {
    lineAmount: '商品金额',
    unitPrice: '单价',
    orderTotal: '订单总额',
    refundedAmount: '退款金额',
  },
  separator: '；',
  fieldSeparator: '：',
};
