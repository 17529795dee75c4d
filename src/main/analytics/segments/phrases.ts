import { type Phrases, type SegmentTrait } from './types';

// A segment described in plain words from the features its centre stands out on (en, zh-CN).

/**
 * The phrase table descriptions are built from. Features not listed here get a mechanical
 * phrase ("learners with high <feature>").
 */
export const SEGMENT_PHRASES: Readonly<Record<string, Phrases>> = {
  sessionsAttended: {
    highNoun: 'frequent attendees',
    highVerb: 'attend often',
    lowNoun: 'occasional attendees',
    lowVerb: 'seldom attend',
  },
  minutesWatched: {
    highNoun: 'long-stay viewers',
    highVerb: 'watch for long',
    lowNoun: 'brief viewers',
    lowVerb: 'leave early',
  },
  watchShare: {
    highNoun: 'whole-session viewers',
    highVerb: 'watch sessions to the end',
    lowNoun: 'brief viewers',
    lowVerb: 'watch little of each session',
  },
  chatMessages: {
    highNoun: 'active chatters',
    highVerb: 'chat a lot',
    lowNoun: 'quiet viewers',
    lowVerb: 'rarely chat',
  },
  questionsAsked: {
    highNoun: 'question askers',
    highVerb: 'ask questions',
    lowNoun: 'silent learners',
    lowVerb: 'rarely ask questions',
  },
  pollVotes: {
    highNoun: 'keen poll voters',
    highVerb: 'vote in polls',
    lowNoun: 'poll skippers',
    lowVerb: 'skip polls',
  },
  reactions: {
    highNoun: 'enthusiastic reactors',
    highVerb: 'react a lot',
    lowNoun: 'reserved viewers',
    lowVerb: 'rarely react',
  },
  offerClicks: {
    highNoun: 'offer clickers',
    highVerb: 'click offers',
    lowNoun: 'offer skippers',
    lowVerb: 'ignore offers',
  },
  purchases: {
    highNoun: 'frequent buyers',
    highVerb: 'buy often',
    lowNoun: 'rare buyers',
    lowVerb: 'rarely buy',
  },
  purchaseDays: {
    highNoun: 'frequent buyers',
    highVerb: 'buy often',
    lowNoun: 'rare buyers',
    lowVerb: 'rarely buy',
  },
  totalSpentMinor: {
    highNoun: 'big spenders',
    highVerb: 'spend a lot',
    lowNoun: 'light spenders',
    lowVerb: 'spend little',
  },
  daysSinceLastPurchase: {
    highNoun: 'lapsed buyers',
    highVerb: 'have not bought for a while',
    lowNoun: 'recent buyers',
    lowVerb: 'bought recently',
  },
  daysSinceLastSeen: {
    highNoun: 'drifting learners',
    highVerb: 'have not come back for a while',
    lowNoun: 'recently active learners',
    lowVerb: 'came recently',
  },
};

const TYPICAL_DESCRIPTION = 'typical learners, close to the average on every measure';

function phrasesFor(feature: string): Phrases {
  return (
    SEGMENT_PHRASES[feature] ?? {
      highNoun: `learners with high ${feature}`,
      highVerb: `have high ${feature}`,
      lowNoun: `learners with low ${feature}`,
      lowVerb: `have low ${feature}`,
    }
  );
}

/**
 * The Chinese phrase table: one descriptive phrase per feature and direction. Chinese puts every
 * trait before the noun (“常来上课、爱提问且经常购买的学员”), so no noun/verb split is needed.
 */
export const SEGMENT_PHRASES_ZH: Readonly<
  Record<string, { readonly high: string; readonly low: string }>
> = {
  sessionsAttended: { high: '常来上课', low: '很少来上课' },
  minutesWatched: { high: '观看时间长', low: '观看时间短' },
  watchShare: { high: '常把整场看完', low: '每场只看一小段' },
  chatMessages: { high: '爱在聊天区发言', low: '很少聊天' },
  questionsAsked: { high: '爱提问', low: '很少提问' },
  pollVotes: { high: '积极参与投票', low: '很少投票' },
  reactions: { high: '常发互动表情', low: '很少发互动表情' },
  offerClicks: { high: '常点击优惠', low: '很少点击优惠' },
  purchases: { high: '经常购买', low: '很少购买' },
  purchaseDays: { high: '经常购买', low: '很少购买' },
  totalSpentMinor: { high: '消费金额高', low: '消费金额低' },
  daysSinceLastPurchase: { high: '很久没有购买', low: '最近购买过' },
  daysSinceLastSeen: { high: '很久没有来', low: '最近来过' },
};

const TYPICAL_DESCRIPTION_ZH = '各项指标都接近平均水平的普通学员';

function describeSegmentZh(traits: readonly SegmentTrait[]): string {
  if (traits.length === 0) return TYPICAL_DESCRIPTION_ZH;
  const phrases = traits.map((t) => {
    const entry = SEGMENT_PHRASES_ZH[t.feature];
    if (entry) return t.direction === 'high' ? entry.high : entry.low;
    return `${t.feature}${t.direction === 'high' ? '偏高' : '偏低'}`;
  });
  const last = phrases.pop() ?? '';
  return `${phrases.length > 0 ? `${phrases.join('、')}且` : ''}${last}的学员`;
}

/**
 * A description from traits, largest first. English: the first trait's noun, then "who" and the
 * other traits' verbs joined by commas and "and". Chinese: every trait's phrase, then 的学员.
 */
export function describeSegment(
  traits: readonly SegmentTrait[],
  locale: 'en' | 'zh-CN' = 'en',
): string {
  if (locale === 'zh-CN') return describeSegmentZh(traits);
  const [first, ...rest] = traits;
  if (!first) return TYPICAL_DESCRIPTION;
  const head = phrasesFor(first.feature)[first.direction === 'high' ? 'highNoun' : 'lowNoun'];
  const verbs = rest.map(
    (t) => phrasesFor(t.feature)[t.direction === 'high' ? 'highVerb' : 'lowVerb'],
  );
  if (verbs.length === 0) return head;
  const last = verbs.pop() ?? '';
  return `${head} who ${verbs.length > 0 ? `${verbs.join(', ')} and ` : ''}${last}`;
}
