/**
 * Plain-language findings about what learners did and what followed, each with its numbers:
 * "learners who asked a question bought the follow-up course at 2.4× the rate of those who did
 * not (38% vs 16%)".
 *
 * How a finding is made, in words an educator can check:
 * - For every behaviour (asked a question, voted, clicked an offer, watched most of a session…)
 *   and every outcome (bought course X within N days…), the learners are split in two groups:
 *   those who showed the behaviour and those who did not. The outcome rate of each group is the
 *   share of its learners with the outcome.
 * - A comparison becomes a finding only if both groups have at least `minSupport` learners (20
 *   by default) and the difference is unlikely to be chance: a two-proportion z-test (pooled
 *   standard error, two-sided) must give p < 0.05. Optionally (`bonferroni`) that threshold is
 *   divided by the number of comparisons tested, which guards against the few "findings" that
 *   many comparisons produce by luck alone.
 * - Findings are sorted by effect: the largest difference in rates (percentage points) first.
 * - A finding shows an association in past data, not that the behaviour causes the outcome.
 *
 * The findings are data (template key + numbers); renderInsightEn / renderInsightZh turn them
 * into sentences from the one template table below.
 *
 * Pure: no I/O, no Node built-ins.
 */
import { errorFunction } from 'simple-statistics';
import { describeValue, numberOption, optionsObject, wholeOption } from './feature-table';

/** One learner: which behaviours they showed and which outcomes followed. */
export interface LearnerOutcomeRow {
  readonly learnerId: string;
  readonly behaviours: Readonly<Record<string, boolean>>;
  readonly outcomes: Readonly<Record<string, boolean>>;
}

export interface InsightOptions {
  /** Behaviours compared (default: the behaviours of the first row). */
  readonly behaviours?: readonly string[];
  /** Outcomes compared (default: the outcomes of the first row). */
  readonly outcomes?: readonly string[];
  /** Fewest learners each group needs for a comparison to count (default 20). */
  readonly minSupport?: number;
  /** Largest two-sided p-value of a finding (default 0.05). */
  readonly maxPValue?: number;
  /** Divide maxPValue by the number of comparisons tested (default false). */
  readonly bonferroni?: boolean;
}

/**
 * - `higher-rate`: learners with the behaviour reach the outcome more often, `ratio` times the
 *   rate of the others.
 * - `only-with`: learners with the behaviour reach the outcome, and none of the others does.
 * - `lower-rate`: learners with the behaviour reach the outcome less often.
 */
export type InsightTemplateKey = 'higher-rate' | 'only-with' | 'lower-rate';

export interface Insight {
  /** `<behaviour>→<outcome>`: stable across runs. */
  readonly id: string;
  readonly kind: 'behaviour-outcome';
  readonly template: InsightTemplateKey;
  readonly behaviour: string;
  readonly outcome: string;
  readonly numbers: {
    /** Share of learners with the behaviour who reached the outcome (0 to 1). */
    readonly rateWith: number;
    /** Share of learners without the behaviour who reached the outcome (0 to 1). */
    readonly rateWithout: number;
    /** rateWith / rateWithout; null when rateWithout is 0. */
    readonly ratio: number | null;
    /** (rateWith − rateWithout) × 100: the difference in percentage points. */
    readonly differencePoints: number;
    /** The two-proportion z statistic and its two-sided p-value. */
    readonly z: number;
    readonly pValue: number;
  };
  readonly support: {
    /** Learners with the behaviour, and how many of them reached the outcome. */
    readonly with: number;
    readonly withOutcome: number;
    /** Learners without the behaviour, and how many of them reached the outcome. */
    readonly without: number;
    readonly withoutOutcome: number;
  };
}

export type InsightLocale = 'en' | 'zh-CN';

/** What a behaviour or outcome key reads as inside a sentence, per language. */
export type InsightLabels = Readonly<Record<string, Readonly<Record<InsightLocale, string>>>>;

/**
 * The sentence templates, one per key and language. Placeholders: {behaviour}, {outcome},
 * {ratio}, {rateWith}, {rateWithout} (whole percentages), {with}, {without} (group sizes).
 */
export const INSIGHT_TEMPLATES: Readonly<
  Record<InsightTemplateKey, Readonly<Record<InsightLocale, string>>>
> = {
  'higher-rate': {
    en: 'Learners who {behaviour} {outcome} at {ratio}× the rate of those who did not ({rateWith}% vs {rateWithout}%).',
    'zh-CN':
      '{behaviour}的学员{outcome}的比例是其他学员的 {ratio} 倍（{rateWith}% 对 {rateWithout}%）。',
  },
  'only-with': {
    en: '{rateWith}% of the learners who {behaviour} {outcome}, and none of the {without} who did not.',
    'zh-CN': '{behaviour}的学员中有 {rateWith}% {outcome}，其他 {without} 位学员中无人如此。',
  },
  'lower-rate': {
    en: 'Learners who {behaviour} {outcome} less often than those who did not ({rateWith}% vs {rateWithout}%).',
    'zh-CN': '{behaviour}的学员{outcome}的比例低于其他学员（{rateWith}% 对 {rateWithout}%）。',
  },
};

/** Labels of the usual live-class behaviours; callers add their own (and their outcomes). */
export const BEHAVIOUR_LABELS: InsightLabels = {
  askedQuestion: { en: 'asked a question', 'zh-CN': '提过问题' },
  voted: { en: 'voted in a poll', 'zh-CN': '参与过投票' },
  clickedOffer: { en: 'clicked an offer', 'zh-CN': '点击过优惠' },
  chatted: { en: 'chatted', 'zh-CN': '发过聊天消息' },
  reacted: { en: 'sent a reaction', 'zh-CN': '发过互动表情' },
  attendedLive: { en: 'attended live', 'zh-CN': '参加过直播' },
  watchedHalf: { en: 'watched at least half of a session', 'zh-CN': '观看过半场以上' },
  watchedMost: { en: 'watched at least 80% of a session', 'zh-CN': '观看过八成以上' },
};

function readKeys(
  value: unknown,
  name: string,
  fallback: Readonly<Record<string, unknown>> | undefined,
  firstRowField: string,
): string[] {
  if (value === undefined) {
    const keys = Object.keys(fallback ?? {});
    if (keys.length === 0)
      throw new RangeError(`rows[0].${firstRowField} must name at least one key`);
    return keys;
  }
  if (!Array.isArray(value) || value.length === 0) {
    throw new TypeError(`options.${name} must be a non-empty array of keys`);
  }
  value.forEach((v: unknown, i) => {
    if (typeof v !== 'string' || v.length === 0) {
      throw new TypeError(
        `options.${name}[${i}] must be a non-empty string (got ${describeValue(v)})`,
      );
    }
  });
  return [...new Set(value as string[])];
}

function readFlags(record: unknown, keys: readonly string[], label: string): boolean[] {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new TypeError(
      `${label} must be an object of true/false values (got ${describeValue(record)})`,
    );
  }
  return keys.map((key) => {
    const v = (record as Record<string, unknown>)[key];
    if (typeof v !== 'boolean') {
      throw new TypeError(`${label}.${key} must be true or false (got ${describeValue(v)})`);
    }
    return v;
  });
}

/**
 * Two-sided p-value of the pooled two-proportion z-test, via the error function:
 * p = 1 − erf(|z| / √2). null when the pooled rate is 0 or 1 (no variation to test).
 */
export function twoProportionZTest(
  successesA: number,
  totalA: number,
  successesB: number,
  totalB: number,
): { z: number; pValue: number } | null {
  const pooled = (successesA + successesB) / (totalA + totalB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / totalA + 1 / totalB));
  if (!(se > 0)) return null;
  const z = (successesA / totalA - successesB / totalB) / se;
  return { z, pValue: Math.max(0, 1 - errorFunction(Math.abs(z) / Math.SQRT2)) };
}

/**
 * Findings about behaviours and outcomes (see the file comment for the rules), largest
 * difference first.
 * @throws TypeError/RangeError for malformed rows (a missing behaviour or outcome, a value that is
 *   not true/false) or bad options
 */
export function findInsights(
  rows: readonly LearnerOutcomeRow[],
  options?: InsightOptions,
): Insight[] {
  if (!Array.isArray(rows)) {
    throw new TypeError(
      `rows must be an array of { learnerId, behaviours, outcomes } rows (got ${describeValue(rows)})`,
    );
  }
  const o = optionsObject(options);
  const minSupport = wholeOption('minSupport', o.minSupport ?? 20, 1, Number.MAX_SAFE_INTEGER);
  const maxPValue = numberOption('maxPValue', o.maxPValue ?? 0.05, 0, 1);
  const bonferroni = o.bonferroni ?? false;
  if (typeof bonferroni !== 'boolean') {
    throw new TypeError(
      `options.bonferroni must be true or false (got ${describeValue(bonferroni)})`,
    );
  }
  if (rows.length === 0) return [];
  const first: unknown = rows[0];
  const firstRecord = (key: string): Readonly<Record<string, unknown>> | undefined => {
    const v =
      typeof first === 'object' && first !== null
        ? (first as Record<string, unknown>)[key]
        : undefined;
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  };
  const behaviours = readKeys(o.behaviours, 'behaviours', firstRecord('behaviours'), 'behaviours');
  const outcomes = readKeys(o.outcomes, 'outcomes', firstRecord('outcomes'), 'outcomes');

  // counts[b][o] = [with, withOutcome, without, withoutOutcome]
  const counts = behaviours.map(() => outcomes.map(() => [0, 0, 0, 0]));
  rows.forEach((row: unknown, i) => {
    if (typeof row !== 'object' || row === null) {
      throw new TypeError(`rows[${i}] must be an object (got ${describeValue(row)})`);
    }
    const r = row as Record<string, unknown>;
    if (typeof r.learnerId !== 'string' || r.learnerId.length === 0) {
      throw new TypeError(
        `rows[${i}].learnerId must be a non-empty string (got ${describeValue(r.learnerId)})`,
      );
    }
    const did = readFlags(r.behaviours, behaviours, `rows[${i}].behaviours`);
    const got = readFlags(r.outcomes, outcomes, `rows[${i}].outcomes`);
    did.forEach((d, b) => {
      got.forEach((g, k) => {
        const c = counts[b]?.[k];
        if (!c) return;
        const offset = d ? 0 : 2;
        c[offset] = (c[offset] ?? 0) + 1;
        if (g) c[offset + 1] = (c[offset + 1] ?? 0) + 1;
      });
    });
  });

  const candidates: Omit<Insight, 'template'>[] = [];
  let tests = 0;
  behaviours.forEach((behaviour, b) => {
    outcomes.forEach((outcome, k) => {
      const [nWith = 0, xWith = 0, nWithout = 0, xWithout = 0] = counts[b]?.[k] ?? [];
      if (nWith < minSupport || nWithout < minSupport) return;
      tests++;
      const test = twoProportionZTest(xWith, nWith, xWithout, nWithout);
      if (!test) return;
      const rateWith = xWith / nWith;
      const rateWithout = xWithout / nWithout;
      candidates.push({
        id: `${behaviour}→${outcome}`,
        kind: 'behaviour-outcome',
        behaviour,
        outcome,
        numbers: {
          rateWith,
          rateWithout,
          ratio: rateWithout > 0 ? rateWith / rateWithout : null,
          differencePoints: (rateWith - rateWithout) * 100,
          z: test.z,
          pValue: test.pValue,
        },
        support: { with: nWith, withOutcome: xWith, without: nWithout, withoutOutcome: xWithout },
      });
    });
  });
  const threshold = bonferroni && tests > 0 ? maxPValue / tests : maxPValue;
  return candidates
    .filter((c) => c.numbers.pValue < threshold)
    .map((c): Insight => {
      const { rateWith, rateWithout } = c.numbers;
      const template: InsightTemplateKey =
        rateWith < rateWithout ? 'lower-rate' : rateWithout === 0 ? 'only-with' : 'higher-rate';
      return { ...c, template };
    })
    .sort(
      (p, q) =>
        Math.abs(q.numbers.differencePoints) - Math.abs(p.numbers.differencePoints) ||
        p.numbers.pValue - q.numbers.pValue ||
        (p.id < q.id ? -1 : p.id > q.id ? 1 : 0),
    );
}

function labelOf(
  key: string,
  locale: InsightLocale,
  labels: InsightLabels | undefined,
  builtIn: InsightLabels,
  fallback: (key: string) => string,
): string {
  return labels?.[key]?.[locale] ?? builtIn[key]?.[locale] ?? fallback(key);
}

/** Percentages are whole numbers; below 10% one decimal is kept so small rates do not read 0%. */
function percent(rate: number): string {
  const p = rate * 100;
  return p < 10 && p !== 0 ? p.toFixed(1).replace(/\.0$/, '') : String(Math.round(p));
}

/**
 * A finding as a sentence in the given language. `labels` names behaviours and outcomes
 * (e.g. { 'bought:follow-up:30d': { en: 'bought the follow-up course', 'zh-CN': '购买了后续课程' } });
 * behaviours default to BEHAVIOUR_LABELS, and unknown keys are shown as they are.
 */
export function renderInsight(
  insight: Insight,
  locale: InsightLocale,
  labels?: { readonly behaviours?: InsightLabels; readonly outcomes?: InsightLabels },
): string {
  const template = INSIGHT_TEMPLATES[insight.template][locale];
  const values: Record<string, string> = {
    behaviour: labelOf(insight.behaviour, locale, labels?.behaviours, BEHAVIOUR_LABELS, (k) =>
      locale === 'en' ? `showed “${k}”` : `有“${k}”行为`,
    ),
    outcome: labelOf(insight.outcome, locale, labels?.outcomes, {}, (k) =>
      locale === 'en' ? `reached “${k}”` : `达成“${k}”`,
    ),
    ratio: insight.numbers.ratio === null ? '' : insight.numbers.ratio.toFixed(1),
    rateWith: percent(insight.numbers.rateWith),
    rateWithout: percent(insight.numbers.rateWithout),
    with: String(insight.support.with),
    without: String(insight.support.without),
  };
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** renderInsight in English. */
export function renderInsightEn(
  insight: Insight,
  labels?: { readonly behaviours?: InsightLabels; readonly outcomes?: InsightLabels },
): string {
  return renderInsight(insight, 'en', labels);
}

/** renderInsight in Simplified Chinese. */
export function renderInsightZh(
  insight: Insight,
  labels?: { readonly behaviours?: InsightLabels; readonly outcomes?: InsightLabels },
): string {
  return renderInsight(insight, 'zh-CN', labels);
}
