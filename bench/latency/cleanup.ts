import { killDescendants } from './procs';

/**
 * A benchmark, like a test, ends every process it started whatever happens. `runGuarded` runs a
 * benchmark's body with:
 * - deferred cleanup steps (`defer`), run last-in first-out after the body, each on its own (one
 *   that throws or hangs does not keep the next from running);
 * - a reset or broken socket (ECONNRESET, EPIPE, …: a browser or server going away mid-write) as
 *   an expected event: logged and ignored, not a crash that skips the cleanup;
 * - any other uncaught error, an unhandled rejection, SIGINT or SIGTERM: the cleanup runs, then
 *   the process exits non-zero;
 * - on process exit, whatever is still running below this process (nginx, Chromium, ffmpeg) gets
 *   SIGKILL — the last line, for a path that skipped everything else.
 */

const EXPECTED_SOCKET_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'ERR_STREAM_DESTROYED',
  'ERR_STREAM_WRITE_AFTER_END',
]);

/** Whether an error is a peer going away on a socket or pipe (expected while tearing down). */
export function isExpectedSocketError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && EXPECTED_SOCKET_CODES.has(code);
}

/** How long one cleanup step may take before the next one runs anyway. */
const STEP_TIMEOUT_MS = 15_000;

export class Cleanup {
  readonly #steps: { label: string; step: () => unknown }[] = [];
  #running: Promise<string[]> | null = null;
  readonly #log: (line: string) => void;

  constructor(log: (line: string) => void = (line) => console.error(line)) {
    this.#log = log;
  }

  /** Adds a step; steps run in reverse order of adding. */
  defer(label: string, step: () => unknown): void {
    this.#steps.push({ label, step });
  }

  /** Runs every step once (later calls wait for the same run); resolves with the failures. */
  run(): Promise<string[]> {
    this.#running ??= (async () => {
      const failures: string[] = [];
      while (this.#steps.length > 0) {
        const { label, step } = this.#steps.pop()!;
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            Promise.resolve().then(step),
            new Promise((_, reject) => {
              timer = setTimeout(
                () => reject(new Error(`timed out after ${String(STEP_TIMEOUT_MS)} ms`)),
                STEP_TIMEOUT_MS,
              );
            }),
          ]);
        } catch (error) {
          const text = `cleanup: ${label}: ${error instanceof Error ? error.message : String(error)}`;
          failures.push(text);
          this.#log(text);
        } finally {
          clearTimeout(timer);
        }
      }
      return failures;
    })();
    return this.#running;
  }
}

export interface GuardOptions {
  log?: (line: string) => void;
  /** For tests: instead of `process.exit` after a fatal error or a signal. */
  exit?: (code: number) => void;
}

/** Runs `body` with a Cleanup that runs whatever happens (see the file's comment). */
export async function runGuarded<T>(
  body: (cleanup: Cleanup) => Promise<T>,
  options: GuardOptions = {},
): Promise<T> {
  const log = options.log ?? ((line: string) => console.error(line));
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const cleanup = new Cleanup(log);
  const fatal = (why: string, code: number): void => {
    log(`bench: ${why}; cleaning up`);
    void cleanup.run().then(
      () => exit(code),
      () => exit(code),
    );
  };
  const onError = (error: unknown): void => {
    if (isExpectedSocketError(error)) {
      const code = (error as { code: string }).code;
      log(`bench: a socket went away (${code}); expected, going on`);
      return;
    }
    fatal(`uncaught ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, 1);
  };
  const onSigint = (): void => fatal('interrupted (SIGINT)', 130);
  const onSigterm = (): void => fatal('terminated (SIGTERM)', 143);
  const onExit = (): void => {
    const killed = killDescendants();
    if (killed.length > 0) log(`bench: killed ${String(killed.length)} leftover process(es)`);
  };
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  process.on('exit', onExit);
  try {
    return await body(cleanup);
  } finally {
    await cleanup.run();
    process.off('uncaughtException', onError);
    process.off('unhandledRejection', onError);
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
    // The exit handler stays: a process left behind by a failed step still gets its SIGKILL.
  }
}
