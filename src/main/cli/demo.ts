import { existsSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_SEED } from '../app/create-studio';
import {
  DEMO_SCALES,
  countRows,
  generateDemoWorkspace,
  validateDemoOptions,
  type DemoOptions,
  type DemoScale,
} from '../demo/generate-demo';
import { openDatabase } from '../storage/connection';
import { checkpointTruncate, inspectDatabaseFile } from '../storage/queries/maintenance';

// `npm run demo -- --out <file.db> [--seed N] [--scale demo|bench] [--now <ms|ISO date>]
//   [--learners N] [--sessions N] [--viewers N] [--events N] [--orders N] [--force]`
// Writes a demo workspace database and prints a JSON summary with timings.

const USAGE = `usage: npm run demo -- --out <file.db> [options]
  --out <file>        database to create (required)
  --seed <n>          integer seed (default ${DEMO_SEED})
  --scale <name>      ${Object.keys(DEMO_SCALES).join(' | ')} (default demo)
  --now <ms|date>     end of the generated year, epoch ms or ISO date (default: now)
  --learners <n>      override the scale's number of learners
  --sessions <n>      override the number of past classes
  --viewers <n>       viewers in every class
  --events <n>        events in every class
  --orders <n>        orders in total
  --force             replace an existing database that already holds data`;

class UsageError extends Error {}

interface CliArgs {
  out: string;
  scale: DemoScale;
  force: boolean;
  options: DemoOptions;
}

function integer(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value)) {
    throw new UsageError(`--${name} must be a whole number, got "${text}"`);
  }
  return value;
}

function parseNow(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isSafeInteger(value)) {
    throw new UsageError(`--now must be epoch milliseconds or an ISO date, got "${text}"`);
  }
  return value;
}

function isScale(name: string): name is DemoScale {
  return Object.hasOwn(DEMO_SCALES, name);
}

function readFlags(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        out: { type: 'string' },
        seed: { type: 'string' },
        scale: { type: 'string', default: 'demo' },
        now: { type: 'string' },
        learners: { type: 'string' },
        sessions: { type: 'string' },
        viewers: { type: 'string' },
        events: { type: 'string' },
        orders: { type: 'string' },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    // node:util's messages are clear ("Unknown option '--foo'"); only the exit code changes.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function parseCliArgs(argv: string[], clock: () => number): CliArgs | 'help' {
  const values = readFlags(argv);
  if (values.help) return 'help';
  if (values.out === undefined || values.out.trim() === '') {
    throw new UsageError('--out <file.db> is required');
  }
  if (!isScale(values.scale)) {
    throw new UsageError(
      `--scale must be one of ${Object.keys(DEMO_SCALES).join(', ')}, got "${values.scale}"`,
    );
  }
  const preset: Partial<DemoOptions> = DEMO_SCALES[values.scale];
  const overrides: Partial<DemoOptions> = {};
  const learners = integer('learners', values.learners);
  const sessions = integer('sessions', values.sessions);
  const viewers = integer('viewers', values.viewers);
  const events = integer('events', values.events);
  const orders = integer('orders', values.orders);
  if (learners !== undefined) overrides.learners = learners;
  if (sessions !== undefined) overrides.sessions = sessions;
  if (viewers !== undefined) overrides.viewersPerSession = viewers;
  if (events !== undefined) overrides.eventsPerSession = events;
  if (orders !== undefined) overrides.orders = orders;
  return {
    out: resolve(values.out),
    scale: values.scale,
    force: values.force,
    options: {
      ...preset,
      ...overrides,
      seed: integer('seed', values.seed) ?? DEMO_SEED,
      now: parseNow(values.now, clock()),
    },
  };
}

/** Rows already in the file's main tables; throws if the file is not a SQLite database. */
function existingRows(file: string): number {
  const { rows, tables } = inspectDatabaseFile(file);
  // A database with tables of its own is someone else's, even if ours are missing.
  if (rows === 0 && tables.size > 0 && !tables.has('courses')) return tables.size;
  return rows;
}

function prepareTarget(file: string, force: boolean): void {
  if (!existsSync(file) || statSync(file).size === 0) return;
  let rows: number;
  try {
    rows = existingRows(file);
  } catch {
    if (!force) {
      throw new UsageError(
        `${file} exists and is not an Encore Studio database; pass --force to replace it`,
      );
    }
    rows = 1;
  }
  if (rows === 0) return;
  if (!force) {
    throw new UsageError(`${file} already holds data; pass --force to replace it`);
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

const round = (seconds: number): number => Math.round(seconds * 1_000) / 1_000;

function main(): void {
  const started = performance.now();
  const args = parseCliArgs(process.argv.slice(2), () => Date.now());
  if (args === 'help') {
    console.log(USAGE);
    return;
  }
  // Bad options must fail before --force deletes anything.
  validateDemoOptions(args.options);
  prepareTarget(args.out, args.force);

  const opened = performance.now();
  const db = openDatabase(args.out);
  try {
    const generating = performance.now();
    const summary = generateDemoWorkspace(db, args.options);
    const generated = performance.now();
    const rows = countRows(db);
    // Fold the WAL into the file so that it can be copied or opened read-only on its own.
    checkpointTruncate(db);
    const finished = performance.now();
    const totalRows = Object.values(rows).reduce((sum, n) => sum + n, 0);
    const generateSeconds = (generated - generating) / 1_000;
    console.log(
      JSON.stringify(
        {
          file: args.out,
          scale: args.scale,
          seed: args.options.seed,
          now: new Date(args.options.now).toISOString(),
          options: args.options,
          summary,
          rows,
          totalRows,
          bytes: statSync(args.out).size,
          seconds: {
            open: round((generating - opened) / 1_000),
            generate: round(generateSeconds),
            checkpoint: round((finished - generated) / 1_000),
            total: round((finished - started) / 1_000),
          },
          rowsPerSecond: Math.round(totalRows / generateSeconds),
        },
        null,
        2,
      ),
    );
  } finally {
    db.close();
  }
}

try {
  main();
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`demo: ${message}`);
  if (error instanceof UsageError) console.error(USAGE);
  process.exit(error instanceof UsageError || error instanceof RangeError ? 2 : 1);
}
