import { parseArgs } from 'node:util';
import { simulateAudience } from './simulate-audience';

// `npm run simulate -- --url <join url> --viewers N [--profile lecture|sale] [--seconds S]
//   [--seed N] [--allow-lan]`: a simulated audience of real WebSocket clients; prints a JSON
// summary (sent, acked, errors by code, latency from send to ack).

const USAGE = `usage: npm run simulate -- --url <join url> --viewers N [options]
  --url <url>          the join URL the studio shows (http://127.0.0.1:PORT/j/CODE)
  --viewers <n>        simulated learners (1-5000)
  --profile <name>     lecture | sale (default lecture)
  --seconds <s>        how long the class runs (default 30)
  --seed <n>           integer seed (default 1)
  --allow-lan          allow a host other than loopback (never in tests or benchmarks)`;

function wholeNumber(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be a whole number, got ${value}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      viewers: { type: 'string' },
      profile: { type: 'string', default: 'lecture' },
      seconds: { type: 'string' },
      seed: { type: 'string' },
      'allow-lan': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.url || !values.viewers) throw new Error('--url and --viewers are required');
  if (values.profile !== 'lecture' && values.profile !== 'sale') {
    throw new Error(`--profile must be lecture or sale, got ${values.profile}`);
  }
  const summary = await simulateAudience({
    url: values.url,
    viewers: wholeNumber(values.viewers, '--viewers', 0),
    seconds: wholeNumber(values.seconds, '--seconds', 30),
    seed: wholeNumber(values.seed, '--seed', 1),
    profile: values.profile,
    allowLan: values['allow-lan'],
    log: (line) => console.error(line),
  });
  console.log(JSON.stringify(summary, null, 2));
}

main().catch((error: unknown) => {
  console.error(`simulate: ${error instanceof Error ? error.message : String(error)}`);
  console.error(USAGE);
  process.exitCode = 2;
});
