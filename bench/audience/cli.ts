// `npm run bench:audience -- --viewers N --chat R --reactions R --seconds S [--window-ms W]
// [--client-procs P] [--drain-ms D] [--json]`: the studio's audience server against a bare `ws`
// baseline, with the same client processes (bench/audience/run-bench.ts). Prints JSON (with
// --json, on one line); a summary goes to stderr.
import { availableParallelism } from 'node:os';
import { DEFAULT_DRAIN_MS, runAudienceBench, type AudienceBenchOptions } from './run-bench';

const LIMITS = {
  viewers: [1, 20_000],
  chat: [0, 5_000],
  reactions: [0, 50_000],
  seconds: [1, 600],
  'window-ms': [1, 1_000],
  'client-procs': [1, 64],
  'drain-ms': [100, 120_000],
} as const;
type Flag = keyof typeof LIMITS;

function parse(argv: string[]): { options: AudienceBenchOptions; json: boolean } {
  const values = new Map<Flag, number>();
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--json') {
      json = true;
      continue;
    }
    const [name, inline] = arg.startsWith('--') ? arg.slice(2).split('=', 2) : [arg, undefined];
    if (!name || !(name in LIMITS)) throw new Error(`unknown argument ${arg}`);
    const flag = name as Flag;
    const text = inline ?? argv[++i];
    const value = Number(text);
    const [min, max] = LIMITS[flag];
    if (text === undefined || !Number.isFinite(value) || value < min || value > max)
      throw new Error(`--${flag} must be a number from ${String(min)} to ${String(max)}`);
    values.set(flag, value);
  }
  return {
    json,
    options: {
      viewers: values.get('viewers') ?? 500,
      chat: values.get('chat') ?? 50,
      reactions: values.get('reactions') ?? 0,
      seconds: values.get('seconds') ?? 10,
      windowMs: values.get('window-ms') ?? null,
      clientProcs: Math.round(values.get('client-procs') ?? availableParallelism()),
      drainMs: values.get('drain-ms') ?? DEFAULT_DRAIN_MS,
    },
  };
}

let parsed: ReturnType<typeof parse>;
try {
  parsed = parse(process.argv.slice(2));
} catch (error) {
  console.error(`bench:audience: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
const result = await runAudienceBench(parsed.options);
console.error(
  `bench:audience: studio p99 ${String(result.studio.latencyMs.p99)} ms, baseline p99 ` +
    `${String(result.baseline.latencyMs.p99)} ms, ratio ${String(result.ratio.p99)}; load ` +
    result.machine.loadAverage.join(' '),
);
console.log(parsed.json ? JSON.stringify(result) : JSON.stringify(result, null, 2));
// Every child was ended by runAudienceBench; nothing else keeps this process.
process.exit(0);
