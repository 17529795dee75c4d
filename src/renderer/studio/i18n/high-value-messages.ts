// The workspace overview's high-value learners (src/main/analytics/high-value.ts), apart from the
// main message files.

export const highValueEn = {
  title: 'High-value learners without their next course',
  ask: 'Who is predicted to spend the most over the next year, and which course of their series should they hear about next?',
  count_one: '{{count}} learner',
  count_other: '{{count}} learners',
  shown: 'The first {{shown}} of {{total}}.',
  learner: 'Learner',
  value: 'Predicted 12-month value',
  next: 'Next course',
  why: 'Why',
  contact: 'Contact',
  agreed: 'agreed',
  noConsent: 'no consent',
  export: 'Export CSV',
  exporting: 'Exporting…',
  exported:
    'Saved {{count}} rows; {{withoutConsent}} without contact details (no consent to follow-ups).',
  none: 'No learner qualifies yet: every high-value learner already owns the next course of their series, or none is in a series.',
  notFitted:
    'The repeat-purchase models could not be fitted yet (too few buyers or repeat purchases), so no value is predicted.',
  defs: {
    value:
      'Predicted 12-month value: expected purchases over the next 365 days (BG/NBD) × expected spend per purchase (Gamma-Gamma), in the workspace’s main currency.',
    next: 'Next course: in the catalogue’s series order, the first course after the highest one the learner owns that they do not own and that is not archived; with several series, the one bought into most recently.',
    export:
      'The CSV has email and phone only for learners who agreed to follow-ups (as stored now); the others are in it without contact details.',
  },
};

export const highValueZhCN: typeof highValueEn = {
  title: '尚未购买下一门课的高价值学员',
  ask: '哪些学员预计在未来一年消费最多？应该向他们推荐所在系列的哪一门课？',
  count_one: '{{count}} 位学员',
  count_other: '{{count}} 位学员',
  shown: '显示 {{total}} 位中的前 {{shown}} 位。',
  learner: '学员',
  value: '预计 12 个月价值',
  next: '下一门课',
  why: '原因',
  contact: '联系方式',
  agreed: '已同意',
  noConsent: '未同意',
  export: '导出 CSV',
  exporting: '正在导出…',
  exported: '已保存 {{count}} 行；其中 {{withoutConsent}} 行没有联系方式（未同意回访）。',
  none: '暂无符合条件的学员：高价值学员都已购买所在系列的下一门课，或不在任何系列中。',
  notFitted: '复购模型尚无法拟合（购买者或复购次数太少），因此还没有预测价值。',
  defs: {
    value:
      '预计 12 个月价值：未来 365 天的预期购买次数（BG/NBD）× 每次购买的预期金额（Gamma-Gamma），以工作区的主要货币计。',
    next: '下一门课：按课程目录中的系列顺序，学员已拥有的最高一门之后、尚未拥有且未归档的第一门课；学员在多个系列中时，取最近购买的系列。',
    export:
      'CSV 中只有同意回访的学员（以当前记录为准）才有邮箱和电话；其他学员也在文件中，但没有联系方式。',
  },
};
