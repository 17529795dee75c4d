import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/main/cli/project-paths';
import { isExpectedSocketError } from '../../bench/latency/cleanup';

// bench:latency once crashed on an unhandled ECONNRESET and left its nginx running. A real
// process (the fixture) starts a real child and has a real loopback socket reset under it.

const FIXTURE = join(PROJECT_ROOT, 'tests/fixtures/bench-guard/reset-socket.ts');
const TSX = join(PROJECT_ROOT, 'node_modules/.bin/tsx');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  childPid: number;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function runFixture(mode: string, onLine?: (line: string, kill: () => void) => void) {
  const proc = spawn(TSX, [FIXTURE, mode], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
    for (const line of text.split('\n')) onLine?.(line, () => proc.kill('SIGTERM'));
  });
  proc.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const guard = setTimeout(() => proc.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
  clearTimeout(guard);
  const childPid = Number(/child (\d+)/.exec(stdout)?.[1] ?? NaN);
  return { code, stdout, stderr, childPid } satisfies Run;
}

async function gone(pid: number): Promise<boolean> {
  // The SIGKILL'd child is reaped by init; a few polls, bounded.
  for (let i = 0; i < 40 && alive(pid); i += 1) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
}

describe('bench cleanup: every process ends, a reset socket is not a crash', () => {
  it('classifies socket resets as expected', () => {
    expect(isExpectedSocketError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isExpectedSocketError(Object.assign(new Error('x'), { code: 'EPIPE' }))).toBe(true);
    expect(isExpectedSocketError(new Error('x'))).toBe(false);
    expect(isExpectedSocketError(null)).toBe(false);
  });

  it('without the guard (the old bench) the reset crashes and leaves the child running', async () => {
    const run = await runFixture('unguarded');
    try {
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain('ECONNRESET');
      expect(run.stdout).not.toContain('survived the reset');
      expect(alive(run.childPid)).toBe(true);
    } finally {
      if (alive(run.childPid)) process.kill(run.childPid, 'SIGKILL');
    }
  }, 90_000);

  it('guarded: the reset is logged, the body goes on, the cleanup runs, no process is left', async () => {
    const run = await runFixture('guarded');
    expect(run.stdout).toContain('survived the reset');
    expect(run.stdout).toContain('cleanup ran');
    expect(run.stdout).toContain('done');
    expect(run.stderr).toContain('a socket went away (ECONNRESET)');
    expect(run.code).toBe(0);
    expect(await gone(run.childPid)).toBe(true);
  }, 90_000);

  it('an unexpected error still runs the cleanup and exits non-zero', async () => {
    const run = await runFixture('fatal');
    expect(run.stdout).toContain('cleanup ran');
    expect(run.stderr).toContain('an unexpected failure');
    expect(run.code).toBe(1);
    expect(await gone(run.childPid)).toBe(true);
  }, 90_000);

  it('SIGTERM runs the cleanup and exits 143', async () => {
    const run = await runFixture('sigterm', (line, kill) => {
      if (line === 'waiting') kill();
    });
    expect(run.stdout).toContain('cleanup ran');
    expect(run.code).toBe(143);
    expect(await gone(run.childPid)).toBe(true);
  }, 90_000);
});
