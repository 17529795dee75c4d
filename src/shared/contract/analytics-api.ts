import { z } from 'zod';
import { PRESET_NAMES, importMappingSchema } from './import-mapping';
import { CurrencyCode, EpochMs, Language } from '../model/domain';
import { CourseId, LearnerId, OrderId, SessionId } from '../model/ids';
import { RfmSegmentCounts, RfmSegmentName } from './rfm-segment';

/**
 * The analytics part of the studio API: reports on one class, customers over time, one learner,
 * purchase propensity, the follow-up list, and order imports. Spread into `studioMethods` and
 * `studioEvents` (studio-api.ts).
 *
 * Long work (reports over large data, imports) reports progress and can be cancelled:
 * - `report.session`, `report.sessionCustomers` and `analytics.*` run in a worker thread with a read-only connection. A
 *   caller may name the job (`jobId`, any short id it makes up) so that it can cancel it with
 *   `analytics.cancel` before the answer arrives; `analytics.progress` events carry the id (one
 *   is made up when none is given). A cancelled call answers `{ ok: false, error: { code:
 *   'CONFLICT', message: 'cancelled: …' } }`.
 * - `imports.run` writes through the studio's one writer in batches; `import.progress` carries
 *   the import run's id, which `imports.cancel` takes. A cancelled run answers its summary with
 *   status 'cancelled' (its committed batches stay; importing the file again completes it).
 *
 * Files to import arrive one of three ways (exactly one per call):
 * - `path`: an absolute path on the studio's machine (the CLI, Electron's file dialog, the
 *   browser host on the same machine);
 * - `bytes`: the file's bytes as a Uint8Array (Electron IPC's structured clone; the browser
 *   host's binary frames, binary-wire.ts);
 * - `text`: CSV text in a JSON frame, for the browser host's text frames (capped below).
 *
 * Contact details never leave the core through these methods: a learner is shown with
 * `hasEmail`/`hasPhone` flags (and the follow-up list shows them only for learners who agreed
 * to follow-up), their own profile and an unmatched order with masked hints (`j•••@example.com`).
 * Only a learner's data export (`learner.export`, learners-api.ts) carries them whole.
 */

const Count = z.number().int().nonnegative();
const RowId = z.number().int().positive();
/** A finite number (zod 4 numbers are finite). */
const Num = z.number();
const Share = z.number().nullable();

/** Any short id the caller makes up for a job, so that it can cancel it before the answer. */
export const JobId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\w.:-]+$/, 'letters, digits, _ . : -');
export type JobId = z.infer<typeof JobId>;

export const Money = z.object({ currency: CurrencyCode, minor: z.number().int() });
export type Money = z.infer<typeof Money>;

/** The interaction kinds the engagement score weighs (session-metrics.ts INTERACTION_KINDS). */
export const ENGAGEMENT_KINDS = [
  'chat',
  'question',
  'upvote',
  'reaction',
  'poll_vote',
  'hand_raise',
  'check_in',
  'offer_click',
] as const;
export const EngagementKind = z.enum(ENGAGEMENT_KINDS);
export type EngagementKind = z.infer<typeof EngagementKind>;
export const EngagementWeights = z.partialRecord(EngagementKind, z.number().min(0).max(100));

/** Largest page of per-viewer or per-learner rows one call returns. */
export const ANALYTICS_PAGE_MAX = 500;
/** Largest CSV text `imports.preview`/`imports.run` accept inline (`text`), in UTF-16 units. */
export const IMPORT_TEXT_MAX_CHARS = 20 * 1024 * 1024;
/** Largest file `bytes` accepted inline. */
export const IMPORT_BYTES_MAX = 50 * 1024 * 1024;
/** Issues (rejected rows, warnings) an import answer lists; the run record keeps up to 1,000. */
export const IMPORT_ISSUES_SHOWN = 200;

const pageLimit = (fallback: number) =>
  z.number().int().min(1).max(ANALYTICS_PAGE_MAX).default(fallback);
const pageOffset = z.number().int().nonnegative().default(0);

// ---------------------------------------------------------------------------------------------
// report.session
// ---------------------------------------------------------------------------------------------

const Contribution = z.object({
  count: Count,
  counted: Count,
  weight: Num,
  points: Num,
  part: Num,
});

export const ViewerScore = z.object({
  learnerId: LearnerId,
  displayName: z.string(),
  score: Num,
  watchedMs: Count,
  watchPart: Num,
  interactionPart: Num,
  /** Only the kinds the viewer used. */
  interactions: z.partialRecord(EngagementKind, Contribution),
});
export type ViewerScore = z.infer<typeof ViewerScore>;

const Moment = z.object({
  at: EpochMs,
  kind: z.string(),
  subjectId: RowId,
  title: z.string(),
});

const MinuteRow = z.object({
  index: Count,
  startAt: EpochMs,
  endAt: EpochMs,
  present: Count,
  averageConcurrency: Num,
  joined: Count,
  left: Count,
  stayedToNext: Share,
  shareOfViewers: Share,
  shareOfArrived: Share,
});

const FunnelCounts = z.object({
  audience: Count,
  reached: Count,
  clicks: Count,
  clickers: Count,
  orders: Count,
  directOrders: Count,
  matchedOrders: Count,
  buyers: Count,
  revenue: z.array(Money),
  clickRate: Share,
  conversionRate: Share,
});

const MetricComparison = z.object({
  metric: z.string(),
  better: z.enum(['higher', 'lower']),
  value: Num.nullable(),
  previous: Num.nullable(),
  changeFromPrevious: Num.nullable(),
  earlierMean: Num.nullable(),
  changeFromMean: Num.nullable(),
  relativeChangeFromMean: Num.nullable(),
  rank: Count.nullable(),
  rankedAmong: Count,
});

/** The headline numbers one class is compared on (session-metrics.ts SessionHeadline). */
export const SessionHeadline = z.looseObject({
  sessionId: SessionId,
  startedAt: EpochMs,
  durationMs: Count,
  uniqueViewers: Count,
  peakConcurrency: Count,
  averageConcurrency: Num,
  averageWatchMs: Num.nullable(),
  medianWatchMs: Num.nullable(),
  averageWatchShare: Share,
  interactions: Count,
  interactionsPerViewer: Num.nullable(),
  averageEngagement: Num.nullable(),
  questions: Count,
  answeredShare: Share,
  pollParticipation: Share,
  quizCorrectShare: Share,
  offerReached: Count,
  offerClickRate: Share,
  offerBuyers: Count,
  offerConversionRate: Share,
  attributedOrders: Count,
  revenue: z.array(Money),
  /** Of the viewers who had bought before the class, the share who bought through it. */
  repurchaseRate: Share,
});

export const SessionReport = z.object({
  jobId: JobId,
  session: z.object({
    id: SessionId,
    title: z.string(),
    courseId: CourseId.nullable(),
    courseTitle: z.string().nullable(),
    startedAt: EpochMs,
    endedAt: EpochMs,
    durationMs: Count,
    /** Length of one bucket of the per-minute series. */
    bucketMs: RowId,
  }),
  headline: SessionHeadline,
  audience: z.object({
    uniqueViewers: Count,
    peakConcurrency: Count,
    peakAt: EpochMs.nullable(),
    averageConcurrency: Num,
    totalWatchMs: Count,
    averageWatchMs: Num.nullable(),
    medianWatchMs: Num.nullable(),
    averageWatchShare: Share,
    /** Concurrency and retention per minute. */
    perMinute: z.array(MinuteRow),
  }),
  /** The minutes where concurrency fell most, with what happened just before. */
  dropOffs: z.array(
    z.looseObject({
      bucket: Count,
      startAt: EpochMs,
      endAt: EpochMs,
      before: Count,
      after: Count,
      fall: Count,
      fallShare: Num,
      moments: z.array(Moment),
      interactions: z.record(z.string(), Count),
      questionsAnswered: Count,
    }),
  ),
  engagement: z.object({
    formula: z.object({
      terms: z.array(z.object({ term: z.string(), weight: Num, cap: Count.nullable() })),
      denominator: z.literal('session_minutes'),
      /** The formula in words (English). */
      text: z.string(),
    }),
    averageScore: Num.nullable(),
    medianScore: Num.nullable(),
    /** Viewers per score band, lowest band first (bands of equal width from 0). */
    distribution: z.array(z.object({ from: Num, to: Num, viewers: Count })),
    /** The highest scores. */
    topContributors: z.array(ViewerScore),
    /** Viewers with no scored interaction at all: how many, and the longest watchers of them. */
    silentViewers: z.object({ count: Count, longestWatching: z.array(ViewerScore) }),
    /** Every viewer, highest score first: the page asked for. */
    viewers: z.object({ total: Count, offset: Count, rows: z.array(ViewerScore) }),
  }),
  timeline: z.object({
    bucketMs: RowId,
    kinds: z.array(z.string()),
    series: z.record(z.string(), z.array(Count)),
    total: z.array(Count),
    inClass: Count,
    beforeClass: Count,
    afterClass: Count,
    fromNonViewers: Count,
  }),
  polls: z.array(
    z.looseObject({
      runId: RowId,
      pollId: RowId,
      kind: z.enum(['poll', 'quiz']),
      question: z.string(),
      eligible: Count,
      voters: Count,
      participation: Share,
      medianResponseMs: Num.nullable(),
      options: z.array(
        z.object({
          index: Count,
          text: z.string(),
          votes: Count,
          share: Share,
          correct: z.boolean().nullable(),
        }),
      ),
      quiz: z
        .object({ correctVoters: Count, correctShare: Share, averageScore: Num.nullable() })
        .nullable(),
    }),
  ),
  questions: z.looseObject({
    asked: Count,
    answered: Count,
    dismissed: Count,
    open: Count,
    pinned: Count,
    hidden: Count,
    answeredShare: Share,
    medianTimeToAnswerMs: Num.nullable(),
    topUpvoted: z.array(z.looseObject({ id: RowId, text: z.string(), upvotes: Count })),
    /** At most 50, most upvoted first. */
    unanswered: z.array(z.looseObject({ id: RowId, text: z.string(), upvotes: Count })),
  }),
  funnel: z.object({
    attributionWindowDays: Num,
    total: FunnelCounts,
    offers: z.array(
      FunnelCounts.extend({
        offerId: RowId,
        title: z.string(),
        courseId: CourseId.nullable(),
        pushedAt: EpochMs,
        priceMinor: Count,
        currency: CurrencyCode,
      }),
    ),
    courseBuyers: z.object({ buyers: Count, orders: Count, revenue: z.array(Money) }).nullable(),
  }),
  /**
   * What the viewers bought (session-metrics.ts AttendeePurchases): before the class (a paid
   * order placed before it started) and through it (an order attributed to one of its offers, or
   * for its course within the attribution window); the rates are shares of those groups.
   */
  purchases: z.object({
    attendees: Count,
    boughtBefore: Count.nullable(),
    boughtNow: Count,
    repeatBuyers: Count.nullable(),
    newBuyers: Count.nullable(),
    repurchaseRate: Share,
    firstPurchaseRate: Share,
  }),
  /**
   * Against the same course's earlier classes (`scope: 'course'`), or, when the course has none,
   * the workspace's earlier classes of any course (`scope: 'workspace'`).
   */
  comparison: z.object({
    scope: z.enum(['course', 'workspace']),
    earlierClasses: Count,
    previousSessionId: SessionId.nullable(),
    metrics: z.array(MetricComparison),
  }),
});
export type SessionReport = z.infer<typeof SessionReport>;

// ---------------------------------------------------------------------------------------------
// analytics.customers
// ---------------------------------------------------------------------------------------------

const Stat = z.object({ mean: Num, median: Num, min: Num, max: Num });

const RepurchaseRate = z.object({ eligible: Count, repurchased: Count, rate: Share });

export const Insight = z.object({
  id: z.string(),
  template: z.enum(['higher-rate', 'only-with', 'lower-rate']),
  behaviour: z.string(),
  outcome: z.string(),
  numbers: z.object({
    rateWith: Num,
    rateWithout: Num,
    ratio: Num.nullable(),
    differencePoints: Num,
    z: Num,
    pValue: Num,
  }),
  support: z.object({ with: Count, withOutcome: Count, without: Count, withoutOutcome: Count }),
  /** The finding as a sentence in the caller's language. */
  text: z.string(),
});

const SegmentTrait = z.object({ feature: z.string(), direction: z.enum(['high', 'low']), z: Num });

export const SegmentSummary = z.object({
  index: Count,
  size: Count,
  share: Num,
  centroid: z.record(z.string(), Num),
  traits: z.array(SegmentTrait),
  /** The traits in words (English phrase table). */
  description: z.string(),
});

export const LearnerValue = z.object({
  learnerId: LearnerId,
  displayName: z.string(),
  /** Repeat purchase days, recency and age in weeks (rfm.ts). */
  x: Count,
  tX: Num,
  T: Num,
  probabilityAlive: Num,
  /** Expected repeat purchase days within `horizonDays`. */
  expectedPurchases: Num,
  /** Predicted value within `horizonDays` and within 365 days, minor units of `currency`. */
  value: Num,
  value12Months: Num,
});

export const CustomersReport = z.object({
  jobId: JobId,
  computedAt: EpochMs,
  /** Money figures are in this currency (the one most orders use); null with no orders. */
  currency: CurrencyCode.nullable(),
  /** Why a part is missing or partial ("no repeat purchases yet", "12 orders in USD left out"). */
  notes: z.array(z.string()),
  rfm: z.object({
    customers: Count,
    calibrationEnd: EpochMs,
    timeUnitDays: RowId,
    x: Stat.nullable(),
    tX: Stat.nullable(),
    T: Stat.nullable(),
    /** Mean repeat spend in major units, over repeat customers. */
    zbar: Stat.nullable(),
    monetaryTotalMinor: Stat.nullable(),
    /** How many customers have each RFM score code ('555'…), most common first. */
    scoreCodes: z.array(z.object({ code: z.string(), customers: Count })),
  }),
  bgnbd: z
    .object({
      params: z.object({ r: Num, alpha: Num, a: Num, b: Num }),
      logLikelihood: Num,
      customers: Count,
      converged: z.boolean(),
    })
    .nullable(),
  gammaGamma: z
    .object({
      params: z.object({ p: Num, q: Num, gamma: Num }),
      logLikelihood: Num,
      customers: Count,
      converged: z.boolean(),
    })
    .nullable(),
  predictions: z
    .object({
      horizonDays: RowId,
      customers: Count,
      /** Sum of the predicted values over every customer. */
      totalValue: Num,
      totalValue12Months: Num,
      /** Highest 12-month value first. */
      top: z.array(LearnerValue),
    })
    .nullable(),
  repurchase: z
    .object({
      endDay: z.string(),
      buyers: Count,
      windows: z.array(
        z.object({
          windowDays: RowId,
          overall: RepurchaseRate,
          byFirstCourse: z.array(RepurchaseRate.extend({ courseId: CourseId, title: z.string() })),
          byFirstMonth: z.array(RepurchaseRate.extend({ month: z.string() })),
          tooRecent: Count,
        }),
      ),
      timeToSecondPurchase: z.looseObject({
        buyers: Count,
        repeatBuyers: Count,
        medianDays: Num.nullable(),
        meanDays: Num.nullable(),
      }),
    })
    .nullable(),
  cohorts: z
    .object({
      endDay: z.string(),
      endMonthComplete: z.boolean(),
      months: Count,
      cohorts: z.array(
        z.object({
          cohort: z.string(),
          size: Count,
          buyers: z.array(Count.nullable()),
          share: z.array(Share),
          revenueMinor: z.array(z.number().int().nullable()),
          revenuePerMemberMinor: z.array(Num.nullable()),
        }),
      ),
    })
    .nullable(),
  segments: z
    .object({
      learners: Count,
      k: Count,
      silhouetteByK: z.array(z.object({ k: Count, silhouette: Num.nullable() })),
      segments: z.array(SegmentSummary),
    })
    .nullable(),
  insights: z.array(Insight),
  language: Language,
});
export type CustomersReport = z.infer<typeof CustomersReport>;

// ---------------------------------------------------------------------------------------------
// analytics.learner, analytics.propensity, analytics.recommendations
// ---------------------------------------------------------------------------------------------

/** How the learner relates to the course a reason names: bought it, or attended its classes. */
const ReasonVia = z.enum(['bought', 'attended']);

/** Why a course is recommended (src/main/analytics/recommend.ts); `text` says it in words. */
export const RecommendationReason = z.discriminatedUnion('kind', [
  /** `together` of the `buyers` learners who bought `courseId` also bought it. */
  z.object({
    kind: z.literal('boughtTogether'),
    courseId: CourseId,
    together: Count,
    buyers: Count,
    via: ReasonVia,
  }),
  /** It comes after `courseId` in the series. */
  z.object({ kind: z.literal('series'), courseId: CourseId, series: z.string(), via: ReasonVia }),
  /** It shares the topic tags `tags` with `courseId`. */
  z.object({
    kind: z.literal('similar'),
    courseId: CourseId,
    tags: z.array(z.string()),
    via: ReasonVia,
  }),
  /** The learner attended its classes, clicked its offer or asked questions in its classes. */
  z.object({ kind: z.literal('live'), classes: Count, offerClicks: Count, questions: Count }),
  z.object({ kind: z.literal('neighbours'), neighboursWhoBought: Count, neighbours: Count }),
  z.object({ kind: z.literal('popular'), buyers: Count }),
]);
export type RecommendationReason = z.infer<typeof RecommendationReason>;

export const CourseRecommendation = z.object({
  courseId: CourseId,
  title: z.string(),
  score: Num,
  reason: RecommendationReason,
  /** The reason as a sentence in the caller's language. */
  text: z.string(),
});

export const LearnerProfile = z.object({
  jobId: JobId,
  learner: z.object({
    id: LearnerId,
    displayName: z.string(),
    firstSeenAt: EpochMs,
    hasEmail: z.boolean(),
    hasPhone: z.boolean(),
    /** Enough to recognise their email and phone by, never the whole: `j•••@example.com`. */
    contactHints: z.array(z.object({ kind: z.enum(['email', 'phone']), hint: z.string() })),
    consent: z.object({
      followUp: z.boolean(),
      linkPurchases: z.boolean(),
      updatedAt: EpochMs.nullable(),
    }),
  }),
  attendance: z.array(
    z.object({
      sessionId: SessionId,
      title: z.string(),
      courseId: CourseId.nullable(),
      startedAt: EpochMs,
      watchedMs: Count,
      /** This learner's engagement score in that class (default weights). */
      engagementScore: Num,
      interactions: Count,
    }),
  ),
  questions: z.array(
    z.object({
      id: RowId,
      sessionId: SessionId,
      text: z.string(),
      askedAt: EpochMs,
      status: z.enum(['open', 'answered', 'dismissed']),
    }),
  ),
  purchases: z.array(
    z.object({
      orderId: OrderId,
      source: z.string(),
      orderedAt: EpochMs,
      status: z.enum(['paid', 'partially_refunded', 'refunded', 'cancelled']),
      currency: CurrencyCode,
      totalMinor: Count,
      refundedMinor: Count,
      courses: z.array(z.object({ courseId: CourseId, title: z.string() })),
      /** Every line as sold: the course's title when linked to one, else the line's own. */
      items: z.array(z.object({ title: z.string(), courseId: CourseId.nullable() })),
    }),
  ),
  rfm: z
    .object({
      x: Count,
      tX: Num,
      T: Num,
      zbar: Num,
      monetaryTotalMinor: Count,
      score: z
        .object({ recency: Count, frequency: Count, monetary: Count, code: z.string() })
        .nullable(),
      segment: RfmSegmentName.nullable(),
    })
    .nullable(),
  prediction: z
    .object({
      currency: CurrencyCode,
      probabilityAlive: Num,
      expectedPurchases90Days: Num,
      value90Days: Num,
      value12Months: Num,
    })
    .nullable(),
  segment: z
    .object({
      index: Count,
      /** How many segments the learners were split into. */
      of: Count,
      size: Count,
      share: Num,
      traits: z.array(SegmentTrait),
      /** The traits in words (English phrase table). */
      description: z.string(),
      /** The same in the caller's language. */
      text: z.string(),
    })
    .nullable(),
  recommendations: z.array(CourseRecommendation),
  language: Language,
});
export type LearnerProfile = z.infer<typeof LearnerProfile>;

export const PropensityReport = z.object({
  jobId: JobId,
  courseId: CourseId,
  courseTitle: z.string(),
  learners: Count,
  buyers: Count,
  crossValidation: z.object({
    folds: Count,
    foldAuc: z.array(Num),
    meanAuc: Num,
    pooledAuc: Num,
  }),
  /** Per standard deviation of each feature, strongest link first. */
  oddsRatios: z.array(
    z.object({ feature: z.string(), coefficientPerSd: Num, oddsRatioPerSd: Num, sd: Num }),
  ),
  converged: z.boolean(),
  /** Learners who do not own the course yet, most likely buyers first. */
  top: z.array(z.object({ learnerId: LearnerId, displayName: z.string(), probability: Num })),
});
export type PropensityReport = z.infer<typeof PropensityReport>;

export const FollowUp = z.object({
  learnerId: LearnerId,
  displayName: z.string(),
  courseId: CourseId,
  courseTitle: z.string(),
  score: Num,
  reason: RecommendationReason,
  text: z.string(),
  /** Whether the learner agreed to be contacted about courses. */
  consentFollowUp: z.boolean(),
  /** How they can be reached: only for learners who agreed (never the address itself). */
  contact: z.object({ hasEmail: z.boolean(), hasPhone: z.boolean() }).nullable(),
  rfmSegment: RfmSegmentName.nullable(),
});
export type FollowUp = z.infer<typeof FollowUp>;

export const FollowUpList = z.object({
  jobId: JobId,
  /** Learners with a recommendation. */
  total: Count,
  offset: Count,
  /** Best first: learners who agreed to follow-up first, then by recommendation score. */
  rows: z.array(FollowUp),
  language: Language,
});
export type FollowUpList = z.infer<typeof FollowUpList>;

// ---------------------------------------------------------------------------------------------
// report.sessionCustomers
// ---------------------------------------------------------------------------------------------
//
// The customer sections of a class's report (repurchase and predicted value, segments and
// follow-ups, findings), apart from report.session: they need the workspace's customer models
// (RFM, BG/NBD, Gamma-Gamma, k-means, nearest learners, propensity), which take tens of seconds
// on a workspace of 100,000 learners the first time (then they are reused while the data are
// unchanged), and the class's own report must not wait for them.

/** One attendee of a class: purchases around it, predicted value, next course, segment. */
export const AttendeeValue = z.object({
  learnerId: LearnerId,
  displayName: z.string(),
  /** Paid orders placed before the class started (any currency). */
  ordersBefore: Count,
  /** An order attributed to the class (SessionReport.purchases). */
  boughtNow: z.boolean(),
  /**
   * BG/NBD and Gamma-Gamma from today; null for an attendee who never bought in the models'
   * currency (the models describe customers from their first purchase) or without both fits.
   */
  probabilityAlive: Num.nullable(),
  /** Expected repeat purchase days within `horizonDays`. */
  expectedPurchases: Num.nullable(),
  /** Predicted value within `horizonDays` and within 365 days, minor units of `currency`. */
  value: Num.nullable(),
  value12Months: Num.nullable(),
  /** Probability of buying the next course (`nextCourse`); null when they own it or with no model. */
  nextCourseProbability: Num.nullable(),
  ownsNextCourse: z.boolean(),
  /** Index of their segment (`segments`), null when not segmented. */
  segment: Count.nullable(),
});
export type AttendeeValue = z.infer<typeof AttendeeValue>;

/** Attendees by purchase history: bought before and now, before only, now only, neither. */
export const PURCHASE_GROUPS = ['repeat', 'earlier', 'new', 'none'] as const;

export const SessionCustomers = z.object({
  jobId: JobId,
  sessionId: SessionId,
  /** "Today" for the models: predictions run from here. */
  computedAt: EpochMs,
  /** Money figures are in this currency (the one most orders use); null with no orders. */
  currency: CurrencyCode.nullable(),
  /** Why a part is missing or partial. */
  notes: z.array(z.string()),
  attributionWindowDays: Num,
  attendees: Count,
  values: z
    .object({
      horizonDays: RowId,
      /** Attendees the models predict for (those who bought in `currency`). */
      withPrediction: Count,
      /** Sums and means over those attendees. */
      totalValue: Num,
      totalValue12Months: Num,
      meanValue: Num.nullable(),
      meanValue12Months: Num.nullable(),
      meanExpectedPurchases: Num.nullable(),
      meanProbabilityAlive: Num.nullable(),
      groups: z.array(
        z.object({
          group: z.enum(PURCHASE_GROUPS),
          attendees: Count,
          withPrediction: Count,
          meanValue: Num.nullable(),
          meanValue12Months: Num.nullable(),
        }),
      ),
    })
    .nullable(),
  /** The course whose purchase propensity is shown, and why it was chosen. */
  nextCourse: z
    .object({
      courseId: CourseId,
      title: z.string(),
      /**
       * `recommended`: the course most often first in the attendees' recommendations (the class's
       * own course left out); `follow-on`: the next course in the class's course series, when no
       * attendee had a recommendation.
       */
      basis: z.enum(['recommended', 'follow-on']),
      /** Attendees whose first recommendation (besides the class's course) it is. */
      recommendedFirst: Count,
      /** The series it belongs to (for `follow-on`, the one the class's course is in). */
      series: z.string().nullable(),
      owners: Count,
      candidates: Count,
      model: z
        .object({
          learners: Count,
          buyers: Count,
          meanAuc: Num,
          converged: z.boolean(),
          /** Strongest links first (at most 3). */
          oddsRatios: z.array(z.object({ feature: z.string(), oddsRatioPerSd: Num })),
        })
        .nullable(),
      /** Over the candidates (attendees who do not own it). */
      meanProbability: Num.nullable(),
      /** Candidates with a probability of 50% or more. */
      likely: Count,
    })
    .nullable(),
  /** Highest 12-month value first (attendees without a prediction last): the page asked for. */
  attendeeTable: z.object({ total: Count, offset: Count, rows: z.array(AttendeeValue) }),
  segments: z
    .object({
      k: Count,
      /** Learners segmented in the workspace, and attendees among them. */
      learners: Count,
      attendees: Count,
      segments: z.array(
        z.object({
          index: Count,
          size: Count,
          share: Num,
          attendees: Count,
          attendeeShare: Share,
          traits: z.array(SegmentTrait),
          /** The traits in words, English phrase table. */
          description: z.string(),
          /** The same in the caller's language. */
          text: z.string(),
        }),
      ),
    })
    .nullable(),
  rfmSegments: RfmSegmentCounts.nullable(),
  /** The follow-up list restricted to the attendees (as `analytics.recommendations`). */
  followUp: z.object({ total: Count, offset: Count, rows: z.array(FollowUp) }),
  /**
   * Findings (insights.ts) among the learners who attended this course's classes up to this one
   * (`scope: 'course'`), or this class alone when it has no course (`scope: 'class'`).
   */
  insights: z.object({
    scope: z.enum(['course', 'class']),
    classes: Count,
    learners: Count,
    minSupport: Count,
    maxPValue: Num,
    findings: z.array(Insight),
  }),
  language: Language,
});
export type SessionCustomers = z.infer<typeof SessionCustomers>;

// ---------------------------------------------------------------------------------------------
// Imports
// ---------------------------------------------------------------------------------------------

export { PRESET_NAMES };
export const ImportPreset = z.enum(PRESET_NAMES);
/** A column mapping for order imports (src/shared/contract/import-mapping.ts). */
export const ImportMapping = importMappingSchema;
export type ImportMapping = z.infer<typeof ImportMapping>;

const importFile = {
  /** The file's name as the user knows it (recorded with the run; its extension hints the format). */
  fileName: z.string().trim().min(1).max(260),
  path: z.string().min(1).max(4_096).optional(),
  text: z.string().min(1).max(IMPORT_TEXT_MAX_CHARS).optional(),
  bytes: z
    .instanceof(Uint8Array)
    .refine((b) => b.byteLength > 0 && b.byteLength <= IMPORT_BYTES_MAX, {
      message: `1 byte to ${IMPORT_BYTES_MAX / 1024 / 1024} MB`,
    })
    .optional(),
  format: z.enum(['csv', 'xlsx']).optional(),
  preset: ImportPreset.optional(),
  mapping: ImportMapping.optional(),
  /** Use this saved mapping (`imports.mappings.save`); `mapping` wins if both are given. */
  mappingName: z.string().trim().min(1).max(100).optional(),
};

function exactlyOneSource(input: { path?: unknown; text?: unknown; bytes?: unknown }): boolean {
  return [input.path, input.text, input.bytes].filter((v) => v !== undefined).length === 1;
}
const oneSource = {
  message: 'give exactly one of path, text or bytes',
  path: ['path'],
};

/** The mapping's time, currency and country defaults, plus whether unknown buyers become learners. */
export const ImportOptionsInput = importMappingSchema
  .pick({ utcOffsetMinutes: true, defaultCurrency: true, defaultCountryCode: true })
  .extend({ createLearners: z.boolean().optional() })
  .strict();

const ImportIssue = z.object({
  line: Count,
  kind: z.enum(['rejected', 'warning']),
  reason: z.string(),
  orderId: z.string().optional(),
});

export const ImportRunCounts = z.object({
  rowsRead: Count,
  rowsRejected: Count,
  ordersImported: Count,
  ordersUpdated: Count,
  ordersUnchanged: Count,
  ordersUnmatched: Count,
  learnersCreated: Count,
  refundsMatched: Count,
  refundsUnmatched: Count,
  errorCount: Count,
  warningCount: Count,
});

export const ImportSummary = ImportRunCounts.extend({
  runId: RowId,
  status: z.enum(['done', 'cancelled']),
  source: z.string(),
  format: z.enum(['csv', 'xlsx', 'rows']),
  preset: ImportPreset.nullable(),
  presetConfidence: Num.nullable(),
  /** The first IMPORT_ISSUES_SHOWN issues by line; `imports.runs` has the stored ones. */
  issues: z.array(ImportIssue),
  /** Orders of the file that carry a refund (refunded or partly), cancellations aside. */
  ordersRefunded: Count.optional(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const ImportRun = ImportRunCounts.extend({
  id: RowId,
  fileName: z.string().nullable(),
  source: z.string(),
  format: z.string(),
  preset: z.string().nullable(),
  presetConfidence: Num.nullable(),
  startedAt: EpochMs,
  finishedAt: EpochMs.nullable(),
  status: z.enum(['running', 'done', 'cancelled', 'failed']),
  failure: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** When `imports.undo` removed what the run created; null while it stands. */
  undoneAt: EpochMs.nullable().optional(),
});
export type ImportRun = z.infer<typeof ImportRun>;

export const SavedImportMapping = z.object({
  id: RowId,
  name: z.string(),
  preset: z.string().nullable(),
  mapping: ImportMapping,
  createdAt: EpochMs,
  updatedAt: EpochMs,
});

export const ImportPreview = z.object({
  format: z.enum(['csv', 'xlsx']),
  /** CSV: the text encoding read, and whether a BOM, the mapping or the bytes decided it. */
  encoding: z.enum(['utf-8', 'gb18030', 'utf-16le', 'utf-16be']).nullable(),
  encodingSource: z.enum(['bom', 'option', 'detected']).nullable(),
  /** With `allTitles`: every distinct item title of the file (at most 500), in file order. */
  titles: z.array(z.string()).optional(),
  /** The header row found (exports sometimes start with a title line). */
  headerLine: Count.nullable(),
  header: z.array(z.string()),
  preset: ImportPreset.nullable(),
  presetConfidence: Num.nullable(),
  /** Why no mapping resolves (missing columns…); null when one does. */
  problem: z.string().nullable(),
  /** Field → the header texts it is read from. */
  columns: z.record(z.string(), z.array(z.string())),
  /** The first data rows as cell texts. */
  rows: z.array(z.object({ line: Count, cells: z.array(z.string()) })),
  /** What importing those rows would say about them (rejections and warnings). */
  issues: z.array(ImportIssue),
  /** Orders those rows make. */
  orders: Count,
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const UnmatchedOrder = z.object({
  id: OrderId,
  source: z.string(),
  externalId: z.string(),
  orderedAt: EpochMs,
  currency: CurrencyCode,
  totalMinor: Count,
  refundedMinor: Count,
  status: z.string(),
  lineCount: Count,
  /** Which identities the export gave, and a masked hint to recognise the buyer by. */
  buyer: z.object({
    hasEmail: z.boolean(),
    hasPhone: z.boolean(),
    hasPlatformId: z.boolean(),
    hint: z.string().nullable(),
  }),
});

// ---------------------------------------------------------------------------------------------
// Methods and events
// ---------------------------------------------------------------------------------------------

const jobInput = { jobId: JobId.optional() };

export const analyticsMethods = {
  'report.session': {
    input: z
      .object({
        sessionId: SessionId,
        attributionWindowDays: z.number().gt(0).max(365).optional(),
        weights: EngagementWeights.optional(),
        /** The page of per-viewer scores (highest first). */
        viewerLimit: pageLimit(50),
        viewerOffset: pageOffset,
        ...jobInput,
      })
      .strict(),
    output: SessionReport,
  },
  'report.sessionCustomers': {
    input: z
      .object({
        sessionId: SessionId,
        attributionWindowDays: z.number().gt(0).max(365).optional(),
        /** The page of attendees (highest predicted 12-month value first). */
        attendeeLimit: pageLimit(50),
        attendeeOffset: pageOffset,
        /** The page of the attendees' follow-up list. */
        followUpLimit: pageLimit(50),
        followUpOffset: pageOffset,
        ...jobInput,
      })
      .strict(),
    output: SessionCustomers,
  },
  'analytics.customers': {
    input: z
      .object({
        /** Horizon of the predicted value besides 12 months (default 90 days). */
        horizonDays: z.number().int().min(1).max(3_650).default(90),
        /** How many learners the predictions list (highest 12-month value first). */
        limit: pageLimit(50),
        ...jobInput,
      })
      .strict(),
    output: CustomersReport,
  },
  'analytics.learner': {
    input: z.object({ learnerId: LearnerId, ...jobInput }).strict(),
    output: LearnerProfile,
  },
  'analytics.propensity': {
    input: z.object({ courseId: CourseId, limit: pageLimit(20), ...jobInput }).strict(),
    output: PropensityReport,
  },
  'analytics.recommendations': {
    input: z
      .object({
        limit: pageLimit(50),
        offset: pageOffset,
        /** Only this class's attendees. */
        sessionId: SessionId.optional(),
        ...jobInput,
      })
      .strict(),
    output: FollowUpList,
  },
  'analytics.cancel': {
    input: z.object({ jobId: JobId }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  'imports.preview': {
    input: z
      .object({
        ...importFile,
        rows: z.number().int().min(1).max(100).default(20),
        /** Read on past the shown rows to list every distinct item title (course matching). */
        allTitles: z.boolean().optional(),
      })
      .strict()
      .refine(exactlyOneSource, oneSource),
    output: ImportPreview,
  },
  'imports.run': {
    input: z
      .object({
        ...importFile,
        /** orders.source: which shop or platform these orders come from. */
        source: z.string().trim().min(1).max(40),
        options: ImportOptionsInput.optional(),
      })
      .strict()
      .refine(exactlyOneSource, oneSource),
    output: ImportSummary,
  },
  'imports.cancel': {
    input: z.object({ runId: RowId }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  'imports.runs': {
    input: z.object({ limit: pageLimit(50), offset: pageOffset }).strict(),
    output: z.object({ total: Count, rows: z.array(ImportRun) }),
  },
  'imports.mappings.save': {
    input: z.object({ name: z.string().trim().min(1).max(100), mapping: ImportMapping }).strict(),
    output: SavedImportMapping,
  },
  'imports.mappings.list': {
    input: z.object({}).strict(),
    output: z.array(SavedImportMapping),
  },
  'imports.mappings.delete': {
    input: z.object({ name: z.string().trim().min(1).max(100) }).strict(),
    output: z.object({ deleted: z.boolean() }),
  },
  'orders.unmatched': {
    input: z
      .object({
        source: z.string().trim().min(1).max(40).optional(),
        limit: pageLimit(50),
        offset: pageOffset,
      })
      .strict(),
    output: z.object({ total: Count, rows: z.array(UnmatchedOrder) }),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const analyticsEvents = {
  /** Long analytics work: `done` of `total` steps of the current phase. */
  'analytics.progress': z.object({
    jobId: JobId,
    method: z.string(),
    phase: z.string(),
    done: Count,
    total: Count,
  }),
  'import.progress': z.object({
    runId: RowId,
    phase: z.enum(['read', 'write', 'done']),
    rowsRead: Count,
    rowsWritten: Count,
    /** Rows to write in the write phase; unknown while reading a file. */
    total: Count.optional(),
    bytesRead: Count.optional(),
    totalBytes: Count.optional(),
  }),
  /** An import run finished (done or cancelled): reports and lists may change. */
  'order.imported': z.object({
    runId: RowId,
    status: z.enum(['done', 'cancelled']),
    source: z.string(),
    ordersImported: Count,
    ordersUpdated: Count,
    ordersUnmatched: Count,
    learnersCreated: Count,
  }),
} as const satisfies Record<string, z.ZodType>;
