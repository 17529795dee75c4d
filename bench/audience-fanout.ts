import { availableParallelism } from 'node:os';
import { DEFAULT_DRAIN_MS, runAudienceBench } from './audience/run-bench';

// The audience fan-out in `npm run bench`: a modest run of bench/audience (the studio's audience
// server against a bare `ws` baseline with the same client processes). For other sizes:
// `npm run bench:audience -- --viewers N --chat R --reactions R --seconds S`.
export async function run(): Promise<unknown> {
  return runAudienceBench({
    viewers: 500,
    chat: 50,
    reactions: 500,
    seconds: 10,
    windowMs: null,
    clientProcs: availableParallelism(),
    drainMs: DEFAULT_DRAIN_MS,
  });
}
