import {
  ENGAGEMENT_KINDS,
  type AttendeeValue,
  type Money,
  type SessionCustomers,
  type SessionReport,
} from '../../../../shared/contract/analytics-api';
import type { CsvValue } from '../../../common/csv';
import { majorUnits } from '../../../common/format';

// The session report's tables as CSV: one column list and one row builder per table. Column
// names are stable and machine-friendly (the files feed spreadsheets, mail merges and CRMs), so
// they are not translated; the cells carry the data as the report has it — shares as fractions
// (0.25), money in major units with its currency, times in ISO 8601 (UTC).

export type CsvTable = { columns: readonly string[]; rows: CsvValue[][] };

/** The tables of the report; each is part of the file name of its download. */
export const REPORT_TABLES = [
  'attendance-per-minute',
  'engagement-distribution',
  'engagement-weights',
  'engagement-top',
  'offers',
  'poll-results',
  'unanswered-questions',
  'attendee-values',
  'value-groups',
  'segments',
  'follow-up',
  'findings',
] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];

const FILE_TITLE_MAX = 60;

/**
 * A download's file name that says which class and which table: `class-12-open-class-predict-
 * house-prices-2026-11-18-attendee-values.csv`. Letters of any script are kept (a Chinese title
 * stays readable); everything else becomes a dash.
 */
export function csvFileName(
  session: { id: number; title: string; startedAt: number },
  table: ReportTable,
): string {
  const title = session.title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, FILE_TITLE_MAX)
    .replace(/-+$/g, '');
  const day = new Date(session.startedAt).toISOString().slice(0, 10);
  return `class-${session.id}-${title ? `${title}-` : ''}${day}-${table}.csv`;
}

const iso = (ms: number | null): string => (ms === null ? '' : new Date(ms).toISOString());
const fixed = (value: number | null, digits: number): string =>
  value === null ? '' : value.toFixed(digits);
const yesNo = (value: boolean): string => (value ? 'yes' : 'no');
const moneyList = (money: readonly Money[]): string =>
  money.map((m) => `${majorUnits(m.minor, m.currency)} ${m.currency}`).join('; ');

export function attendanceCsv(report: SessionReport): CsvTable {
  return {
    columns: [
      'minute',
      'start_time',
      'viewers_average',
      'present_at_start',
      'joined',
      'left',
      'still_here_share',
    ],
    rows: report.audience.perMinute.map((row) => [
      row.index,
      iso(row.startAt),
      fixed(row.averageConcurrency, 2),
      row.present,
      row.joined,
      row.left,
      fixed(row.shareOfArrived, 4),
    ]),
  };
}

export function engagementDistributionCsv(report: SessionReport): CsvTable {
  return {
    columns: ['score_from', 'score_to', 'viewers'],
    rows: report.engagement.distribution.map((band) => [
      fixed(band.from, 4),
      fixed(band.to, 4),
      band.viewers,
    ]),
  };
}

export function engagementWeightsCsv(report: SessionReport): CsvTable {
  return {
    columns: ['counts', 'points_each', 'counted_at_most'],
    rows: report.engagement.formula.terms.map((term) => [term.term, term.weight, term.cap ?? '']),
  };
}

export function engagementTopCsv(report: SessionReport): CsvTable {
  return {
    columns: ['learner_id', 'learner', 'score', 'watched_minutes', ...ENGAGEMENT_KINDS],
    rows: report.engagement.topContributors.map((viewer) => [
      viewer.learnerId,
      viewer.displayName,
      fixed(viewer.score, 3),
      fixed(viewer.watchedMs / 60_000, 1),
      ...ENGAGEMENT_KINDS.map((kind) => viewer.interactions[kind]?.count ?? 0),
    ]),
  };
}

export function offersCsv(report: SessionReport): CsvTable {
  const { funnel } = report;
  const counts = (c: SessionReport['funnel']['total']): CsvValue[] => [
    c.audience,
    c.reached,
    c.clicks,
    c.clickers,
    c.orders,
    c.directOrders,
    c.matchedOrders,
    c.buyers,
    moneyList(c.revenue),
    fixed(c.clickRate, 4),
    fixed(c.conversionRate, 4),
  ];
  return {
    columns: [
      'offer_id',
      'offer',
      'course_id',
      'pushed_at',
      'price',
      'currency',
      'attribution_window_days',
      'audience',
      'saw_offer',
      'clicks',
      'clickers',
      'orders',
      'orders_through_offer',
      'orders_matched_by_course',
      'buyers',
      'revenue',
      'click_rate',
      'conversion_rate',
    ],
    rows: [
      ...funnel.offers.map((offer) => [
        offer.offerId,
        offer.title,
        offer.courseId ?? '',
        iso(offer.pushedAt),
        majorUnits(offer.priceMinor, offer.currency),
        offer.currency,
        funnel.attributionWindowDays,
        ...counts(offer),
      ]),
      // The total is its own row: offers share viewers, so their rows do not add up to it.
      ['', 'all offers', '', '', '', '', funnel.attributionWindowDays, ...counts(funnel.total)],
    ],
  };
}

export function pollResultsCsv(report: SessionReport): CsvTable {
  return {
    columns: [
      'run_id',
      'kind',
      'question',
      'voters',
      'eligible',
      'participation',
      'option_index',
      'option',
      'votes',
      'share',
      'correct',
    ],
    rows: report.polls.flatMap((run) =>
      run.options.map((option) => [
        run.runId,
        run.kind,
        run.question,
        run.voters,
        run.eligible,
        fixed(run.participation, 4),
        option.index,
        option.text,
        option.votes,
        fixed(option.share, 4),
        option.correct === null ? '' : yesNo(option.correct),
      ]),
    ),
  };
}

export function unansweredCsv(report: SessionReport): CsvTable {
  return {
    columns: ['question_id', 'question', 'upvotes'],
    rows: report.questions.unanswered.map((q) => [q.id, q.text, q.upvotes]),
  };
}

export const ATTENDEE_CSV_COLUMNS = [
  'learner_id',
  'learner',
  'orders_before_class',
  'bought_through_class',
  'probability_active',
  'expected_purchases_90d',
  'predicted_value_90d',
  'predicted_value_12m',
  'currency',
  'next_course_id',
  'next_course_probability',
  'owns_next_course',
  'segment',
] as const;

export function attendeeCsvRow(row: AttendeeValue, customers: SessionCustomers): CsvValue[] {
  const currency = customers.currency;
  const money = (minor: number | null): CsvValue =>
    minor === null || currency === null ? '' : majorUnits(minor, currency);
  return [
    row.learnerId,
    row.displayName,
    row.ordersBefore,
    yesNo(row.boughtNow),
    fixed(row.probabilityAlive, 4),
    fixed(row.expectedPurchases, 3),
    money(row.value),
    money(row.value12Months),
    row.value === null ? '' : (currency ?? ''),
    customers.nextCourse?.courseId ?? '',
    fixed(row.nextCourseProbability, 4),
    customers.nextCourse ? yesNo(row.ownsNextCourse) : '',
    row.segment === null ? '' : row.segment + 1,
  ];
}

export function valueGroupsCsv(customers: SessionCustomers): CsvTable {
  const currency = customers.currency;
  const money = (minor: number | null): CsvValue =>
    minor === null || currency === null ? '' : majorUnits(minor, currency);
  return {
    columns: [
      'group',
      'attendees',
      'with_prediction',
      'mean_value_90d',
      'mean_value_12m',
      'currency',
    ],
    rows: (customers.values?.groups ?? []).map((g) => [
      g.group,
      g.attendees,
      g.withPrediction,
      money(g.meanValue),
      money(g.meanValue12Months),
      currency ?? '',
    ]),
  };
}

export function segmentsCsv(customers: SessionCustomers): CsvTable {
  return {
    columns: [
      'segment',
      'description',
      'attendees',
      'attendee_share',
      'workspace_learners',
      'workspace_share',
      'traits',
    ],
    rows: (customers.segments?.segments ?? []).map((s) => [
      s.index + 1,
      s.text,
      s.attendees,
      fixed(s.attendeeShare, 4),
      s.size,
      fixed(s.share, 4),
      s.traits.map((t) => `${t.feature} ${t.direction} (z=${t.z.toFixed(2)})`).join('; '),
    ]),
  };
}

export function findingsCsv(customers: SessionCustomers): CsvTable {
  return {
    columns: [
      'finding',
      'behaviour',
      'outcome',
      'with',
      'with_outcome',
      'rate_with',
      'without',
      'without_outcome',
      'rate_without',
      'difference_points',
      'p_value',
    ],
    rows: customers.insights.findings.map((f) => [
      f.text,
      f.behaviour,
      f.outcome,
      f.support.with,
      f.support.withOutcome,
      fixed(f.numbers.rateWith, 4),
      f.support.without,
      f.support.withoutOutcome,
      fixed(f.numbers.rateWithout, 4),
      fixed(f.numbers.differencePoints, 2),
      f.numbers.pValue.toPrecision(3),
    ]),
  };
}
