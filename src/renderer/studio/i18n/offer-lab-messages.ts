// Offer experiments (A/B) and personal offers ("recommended for you"): the Live card and the
// class report's section (issue #15), apart from the main message files.

export const offerLabEn = {
  card: 'Experiments and personal offers',
  experiment: 'A/B test an offer',
  variant: 'Variant {{label}}',
  label: 'Label',
  price: 'Price',
  coupon: 'Coupon',
  headline: 'Wording',
  minutes: 'Ends in (min)',
  addVariant: 'Add a variant',
  removeVariant: 'Remove',
  pushExperiment: 'Push the test',
  splitNote:
    'Each viewer sees one variant, chosen from a stored seed and their identity: the same one every time they reconnect.',
  personal: 'Recommended for you',
  personalNote:
    'Each viewer who agreed to link their purchases sees their own next course from the recommender, with its reason; the others see the class’s general offer.',
  pushPersonal: 'Push “recommended for you”',
  section: 'Offer experiments and personal offers',
  none: 'No offer experiment or personal offer in this class.',
  experimentOf: 'A/B test: {{title}}',
  seed: 'seed {{seed}}',
  colVariant: 'Variant',
  colOffer: 'Offer',
  colReached: 'Reached',
  colClicks: 'Clicks (clickers)',
  colOrders: 'Orders',
  colRevenue: 'Revenue',
  colClickRate: 'Click rate',
  colBuyRate: 'Purchase rate',
  metric_click: 'click rate',
  metric_purchase: 'purchase rate',
  compare:
    '{{b}} against {{a}}, {{metric}}: {{diff}} points (95% interval {{low}} to {{high}}), p = {{p}}.',
  compareNoTest: '{{b}} against {{a}}, {{metric}}: {{diff}} points; nothing to test yet.',
  verdict_apart: 'The data tell them apart: {{winner}} does better.',
  verdict_notYet:
    'The data cannot tell them apart yet: roughly {{formatted}} more viewers would show a difference this large (80% power, 5% level).',
  verdict_notYetSame: 'No difference seen yet: keep the test running.',
  verdict_noData: 'A variant has reached nobody yet.',
  definition:
    'Click rate = viewers who clicked ÷ viewers shown the variant; purchase rate = viewers with an attributed order ÷ viewers shown it. An order counts for a variant if it carries the offer’s id, or if the viewer bought the course within {{days}} days after seeing it. Difference: two-proportion z-test (pooled, two-sided) with the 95% Wald interval; viewers needed: the classic sample size for two proportions at the observed rates.',
  personalOf: 'Recommended for you, pushed {{time}}',
  colCourse: 'Course shown',
  general: '{{title}} (general offer)',
  personalDefinition:
    'Per course shown: viewers reached, clicks, and orders of that course within {{days}} days after (or carrying the offer’s id).',
};

export const offerLabZhCN: typeof offerLabEn = {
  card: '实验与个性化推荐',
  experiment: '优惠 A/B 测试',
  variant: '方案 {{label}}',
  label: '名称',
  price: '价格',
  coupon: '优惠码',
  headline: '文案',
  minutes: '几分钟后结束',
  addVariant: '添加方案',
  removeVariant: '删除',
  pushExperiment: '推送测试',
  splitNote: '每位观众只看到一个方案，由保存的种子和其身份决定：重连后始终相同。',
  personal: '为你推荐',
  personalNote:
    '同意关联购买记录的观众会看到推荐系统为其挑选的下一门课及理由；其他观众看到本节课的通用优惠。',
  pushPersonal: '推送“为你推荐”',
  section: '优惠实验与个性化推荐',
  none: '本节课没有优惠实验或个性化推荐。',
  experimentOf: 'A/B 测试：{{title}}',
  seed: '种子 {{seed}}',
  colVariant: '方案',
  colOffer: '优惠',
  colReached: '触达',
  colClicks: '点击（人数）',
  colOrders: '订单',
  colRevenue: '收入',
  colClickRate: '点击率',
  colBuyRate: '购买率',
  metric_click: '点击率',
  metric_purchase: '购买率',
  compare:
    '{{b}} 对比 {{a}}，{{metric}}：相差 {{diff}} 个百分点（95% 区间 {{low}} 至 {{high}}），p = {{p}}。',
  compareNoTest: '{{b}} 对比 {{a}}，{{metric}}：相差 {{diff}} 个百分点；暂无可检验的数据。',
  verdict_apart: '数据已能区分两者：{{winner}} 更好。',
  verdict_notYet:
    '数据还不能区分两者：大约还需要 {{formatted}} 位观众，才能看出这么大的差异（80% 检验功效，5% 显著性水平）。',
  verdict_notYetSame: '目前没有看到差异：请继续测试。',
  verdict_noData: '有方案还没有触达任何观众。',
  definition:
    '点击率 = 点击的观众 ÷ 看到该方案的观众；购买率 = 有归因订单的观众 ÷ 看到该方案的观众。订单带有该优惠的编号，或观众在看到后 {{days}} 天内购买了该课程，即归于该方案。差异：双比例 z 检验（合并方差，双侧）及 95% Wald 区间；所需观众数：按观察到的比率计算的两比例经典样本量。',
  personalOf: '为你推荐，推送于 {{time}}',
  colCourse: '展示的课程',
  general: '{{title}}（通用优惠）',
  personalDefinition:
    '按展示的课程统计：触达的观众、点击，以及之后 {{days}} 天内该课程的订单（或带有该优惠编号的订单）。',
};
