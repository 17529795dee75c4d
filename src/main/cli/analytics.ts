import { fitBgNbd } from '../analytics/bgnbd';
import { fitGammaGamma } from '../analytics/gamma-gamma';
import {
  evaluateRecommendations,
  recommendCourses,
  type CoursePurchase,
} from '../analytics/recommend';
import { cohortMatrix, repurchaseReport } from '../analytics/repurchase';
import { scoreRfm, summariseRfm } from '../analytics/rfm';
import { segmentLearners } from '../analytics/segments';
import { TIME_UNIT_DAYS } from '../insights/worker/customer-base';
import { inProcessContext } from '../insights/worker/job-context';
import { sessionReportJob } from '../insights/worker/jobs';
import { USAGE, UsageError, parseOptions, type Options } from './analytics-options';
import { fromCsv, fromDb, type Data } from './analytics-data';

// `npm run analytics -- <command> [options]`: the customer analytics on a CSV file or a studio
// workspace database, as JSON on stdout. Errors are JSON on stderr: exit code 2 for bad
// arguments or input, 1 for anything else.
//
// Its arguments are read in analytics-options.ts, its data in analytics-data.ts.

export { parseOptions } from './analytics-options';

/** Learners up to which evaluate-recommend also scores the old distance recommender. */
const PREVIOUS_UP_TO = 20_000;

function limited<T>(rows: readonly T[], limit: number | null): T[] {
  return limit === null ? [...rows] : rows.slice(0, limit);
}

async function run(options: Options): Promise<unknown> {
  const data = options.csv !== null ? await fromCsv(options) : fromDb(options);
  try {
    const { purchases, calibrationEnd } = data;
    const rfmOptions = { calibrationEnd, timeUnitDays: TIME_UNIT_DAYS };
    const head = {
      command: options.command,
      calibrationEnd: new Date(calibrationEnd).toISOString().slice(0, 10),
    };
    switch (options.command) {
      case 'rfm': {
        const rows = summariseRfm(purchases, rfmOptions);
        const scores = new Map(scoreRfm(rows).map((s) => [s.customerId, s.code]));
        return {
          ...head,
          timeUnitDays: TIME_UNIT_DAYS,
          customers: rows.length,
          rows: limited(rows, options.limit).map((r) => ({
            ...r,
            rfmScore: scores.get(r.customerId),
          })),
        };
      }
      case 'bgnbd': {
        const rows = summariseRfm(purchases, rfmOptions);
        const bg = fitBgNbd(rows, { timeUnitDays: TIME_UNIT_DAYS });
        let gammaGamma: unknown = null;
        try {
          const gg = fitGammaGamma(rows);
          gammaGamma = {
            params: gg.model.params,
            logLikelihood: gg.logLikelihood,
            customers: gg.customers,
            // Repeat customers whose repeat purchases were all free: left out of the spend fit.
            leftOut: gg.leftOut,
            converged: gg.converged,
          };
        } catch (error) {
          gammaGamma = { error: (error as Error).message };
        }
        return {
          ...head,
          timeUnitDays: TIME_UNIT_DAYS,
          bgnbd: {
            params: bg.model.params,
            logLikelihood: bg.logLikelihood,
            customers: bg.customers,
            converged: bg.converged,
          },
          gammaGamma,
        };
      }
      case 'cohorts':
        return {
          ...head,
          cohorts: cohortMatrix(purchases, { end: calibrationEnd }),
          repurchase: repurchaseReport(purchases, { end: calibrationEnd }),
        };
      case 'segments': {
        const s = segmentLearners(data.segmentRows, { seed: options.seed });
        return {
          ...head,
          k: s.k,
          silhouetteByK: s.silhouetteByK,
          fitSample: s.fitSample,
          segments: s.segments,
        };
      }
      case 'recommend': {
        const k = options.k ?? 5;
        const recs = recommendCourses(data.learnerRows, needCourses(data), {
          count: k,
          ...data.recommendInputs,
        });
        return { ...head, k, learners: recs.length, rows: limited(recs, options.limit) };
      }
      case 'evaluate-recommend':
        return {
          ...head,
          ...evaluateRecommendations(data.learnerRows, needCourses(data), {
            k: options.k ?? 10,
            baselineNeighbours: options.neighbours,
            ...data.recommendInputs,
            // The old distance recommender compares every learner with every other: skipped on
            // large bases.
            previous: data.learnerRows.length <= PREVIOUS_UP_TO,
          }),
        };
      case 'report': {
        if (!data.db) throw new UsageError('report needs --db');
        return {
          command: 'report',
          ...sessionReportJob(
            data.db,
            {
              sessionId: options.sessionId ?? 0,
              viewerLimit: options.limit ?? 50,
              viewerOffset: 0,
            } as Parameters<typeof sessionReportJob>[1],
            inProcessContext(Date.now()),
          ),
        };
      }
    }
  } finally {
    data.db?.close();
  }
}

function needCourses(data: Data): CoursePurchase[] {
  if (data.coursePurchases.length === 0) {
    throw new UsageError('this command needs courses: a course column (--format orders) or --db');
  }
  return data.coursePurchases;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  try {
    const result = await run(parseOptions(argv));
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (error) {
    const usage =
      error instanceof UsageError || error instanceof RangeError || error instanceof TypeError;
    const code = error instanceof UsageError ? 'BAD_ARGS' : usage ? 'BAD_INPUT' : 'FAILED';
    const studioCode = (error as { code?: unknown }).code;
    process.stderr.write(
      `${JSON.stringify({
        error: {
          code: typeof studioCode === 'string' ? studioCode : code,
          message: error instanceof Error ? error.message : String(error),
        },
      })}\n`,
    );
    process.exitCode = usage || typeof studioCode === 'string' ? 2 : 1;
  }
}

void main();
