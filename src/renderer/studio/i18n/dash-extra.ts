// Messages of the reports' and dashboards' later figures (class conversion, return rate, sales forecast), kept apart from the main catalogues (en.ts, zh-CN.ts), which are at their size
// allowance. index.ts merges them in under `dashExtra`.

export const dashExtraEn = {
  returnRate: {
    title: 'Coming back to the next class',
    ask: 'Of the learners in each class, how many came to the next class of the course, and to any later one?',
    summary:
      'Over the course, {{next}} of the learners in a class came to the next one and {{later}} to some later class ({{learners}} learner-classes counted).',
    none: 'The course needs two ended classes before a return rate can be counted.',
    class: 'Class',
    learners: 'Learners',
    next: 'Came to the next class',
    later: 'Came to any later class',
    defs: {
      next: 'Came to the next class: learners who attended class n (any time in it) and also class n + 1 of the same course, as a share of class n’s learners.',
      later:
        'Came to any later class: of class n’s learners, those who attended at least one later class of the course. The last class has no later class yet.',
      pooled:
        'The course figure adds up the counts of every class that has a next one (a learner in three classes counts in each pair), so larger classes weigh more.',
    },
  },
  classConversion: {
    text: 'Class conversion: {{buyers}} of {{viewers}} viewers bought through this class ({{share}}): from its offers, or its course within {{days}} days.',
    def: 'Class conversion: viewers who bought through the class (an order from one of its offers, or for its course within the window) ÷ everyone who watched it. The funnel’s conversion above is a share of those the offers reached instead.',
  },
  salesForecast: {
    title: 'Sales by month ahead',
    ask: 'How much will we sell, and to how many new buyers, in the coming months?',
    revenue: 'Revenue by month',
    newBuyers: 'New buyers by month',
    actual: 'Actual',
    month: 'Month',
    method: {
      sarima: 'Seasonal ARIMA {{order}}',
      seasonalNaive: 'Seasonal naive (same month last year)',
    },
    summary:
      'Forecast: {{method}}. Tested on the last {{months}} complete months, each forecast one month ahead from the months before it only — seasonal ARIMA: {{sarima}}; seasonal naive: {{naive}}.',
    error: 'mean error {{mae}} (MAPE {{mape}})',
    notFitted: 'could not be fitted',
    whySarima: 'Seasonal ARIMA is shown because its error was clearly lower (by 5 % or more).',
    whyNaive:
      'Seasonal naive is shown: seasonal ARIMA was not clearly better on this history (it must be 5 % lower), and the simpler forecast wins a tie.',
    whyNaiveNoFit: 'Seasonal naive is shown: seasonal ARIMA could not be fitted on this history.',
    tooShort:
      'No forecast yet: a seasonal forecast and its test need {{needed}} complete months (two years and a month to fit, six months to test on); this workspace has {{months}}.',
    defs: {
      sarima:
        'Seasonal ARIMA: a time-series model of the monthly totals fitted by the arima library (SARIMA(0,1,1)(0,1,1)12 with three years or more of history, SARIMA(0,1,1)(1,0,0)12 with less). It learns the trend and the yearly pattern from this workspace’s own months. The current month is not complete, so it is forecast, not used for fitting.',
      naive:
        'Seasonal naive: each month will be like the same month last year. It is the yardstick a model has to beat.',
      backtest:
        'Back-test: for each of the last 6 to 12 complete months, both methods are fitted on the months before it only and forecast it; MAE is the mean absolute error, MAPE the mean error as a share of the actual (months with an actual of 0 left out). The method with the lower MAE is shown; seasonal ARIMA must be at least 5 % better.',
      band: 'The {{level}} band: seasonal ARIMA’s from the model’s own forecast error, seasonal naive’s from how much each month differed from the same month a year before. Both are normal approximations, never below 0, and do not cover changes the history cannot show (a new course, a price change).',
    },
  },
};

export const dashExtraZhCN: typeof dashExtraEn = {
  returnRate: {
    title: '回到下一节课',
    ask: '每节课的学员中，有多少人来上了本课程的下一节课，又有多少人来上了之后的任意一节？',
    summary:
      '整个课程中，一节课的学员有 {{next}} 来上了下一节，{{later}} 来上了之后的某一节（共计 {{learners}} 人次）。',
    none: '课程至少要有两节已结束的课，才能计算回课率。',
    class: '课次',
    learners: '学员',
    next: '来上下一节',
    later: '来上之后任意一节',
    defs: {
      next: '来上下一节：参加了第 n 节课（任何时段）且也参加了同一课程第 n + 1 节课的学员，占第 n 节课学员的比例。',
      later:
        '来上之后任意一节：第 n 节课的学员中，至少参加了本课程之后一节课的人。最后一节课还没有之后的课。',
      pooled:
        '课程整体数字把每节有下一节课的课次的人数相加（一位学员上了三节课，会在每一对相邻课次中各计一次），因此人数多的课次权重更大。',
    },
  },
  classConversion: {
    text: '本课转化率：{{viewers}} 位观众中有 {{buyers}} 位通过本课购买（{{share}}）：来自本课的推荐，或在 {{days}} 天内购买了本课所属课程。',
    def: '本课转化率：通过本课购买的观众（来自本课推荐的订单，或在归因窗口内购买本课所属课程）÷ 观看本课的全部观众。上方漏斗的转化率则是占推荐触达人数的比例。',
  },
  salesForecast: {
    title: '未来各月销售',
    ask: '未来几个月能卖多少？会有多少新买家？',
    revenue: '每月收入',
    newBuyers: '每月新买家',
    actual: '实际值',
    month: '月份',
    method: {
      sarima: '季节性 ARIMA {{order}}',
      seasonalNaive: '季节性朴素预测（去年同月）',
    },
    summary:
      '预测方法：{{method}}。在最近 {{months}} 个完整月份上检验，每次只用该月之前的数据向前预测一个月——季节性 ARIMA：{{sarima}}；季节性朴素预测：{{naive}}。',
    error: '平均误差 {{mae}}（MAPE {{mape}}）',
    notFitted: '无法拟合',
    whySarima: '采用季节性 ARIMA，因为它的误差明显更低（至少低 5%）。',
    whyNaive:
      '采用季节性朴素预测：在这段历史上季节性 ARIMA 没有明显更好（需低至少 5%），两者相当时取更简单的方法。',
    whyNaiveNoFit: '采用季节性朴素预测：季节性 ARIMA 无法在这段历史上拟合。',
    tooShort:
      '暂无预测：季节性预测及其检验需要 {{needed}} 个完整月份（两年零一个月用于拟合，六个月用于检验）；本工作区目前有 {{months}} 个。',
    defs: {
      sarima:
        '季节性 ARIMA：由 arima 库拟合的月度总量时间序列模型（历史满三年用 SARIMA(0,1,1)(0,1,1)12，不足则用 SARIMA(0,1,1)(1,0,0)12）。它从本工作区自己的各月数据中学习趋势和年度规律。当月尚未结束，因此只做预测，不参与拟合。',
      naive: '季节性朴素预测：每个月都与去年同月相同。这是模型必须超越的基准。',
      backtest:
        '回测：对最近 6 至 12 个完整月份中的每一个月，两种方法都只用该月之前的数据拟合并预测该月；MAE 是平均绝对误差，MAPE 是误差占实际值的平均比例（实际值为 0 的月份不计）。显示 MAE 较低的方法；季节性 ARIMA 须至少好 5%。',
      band: '{{level}} 区间：季节性 ARIMA 的区间来自模型自身的预测误差，季节性朴素预测的区间来自各月与一年前同月的差异。两者都是正态近似，不低于 0，也不包括历史无法反映的变化（新课程、价格调整）。',
    },
  },
};
