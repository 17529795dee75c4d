import { readFileSync } from 'node:fs';

/**
 * How many sockets the studio's servers may hold, from the process's open-file limit.
 *
 * What we found (Linux, Node 20): Node raises the soft RLIMIT_NOFILE to the hard limit at
 * startup (node.cc, PlatformInit). In a shell with `ulimit -Sn 1024` and a hard limit of 20000,
 * /proc/<node pid>/limits shows "Max open files 20000 20000"; with `ulimit -n 1024` (hard 1024
 * too) it stays 1024 and nothing can raise it. So there is nothing left to raise from JavaScript
 * (it has no setrlimit); what we can do is read the limit that is in force and stay well under
 * it. Electron's main process may start with other limits, which is why the limit is read, not
 * assumed. Elsewhere (macOS, Windows) there is no /proc: a conservative constant is used.
 */
export const FALLBACK_OPEN_FILE_LIMIT = 1_024;

/**
 * Descriptors kept for everything that is not a client socket: the SQLite database and its WAL,
 * recordings being written, ffmpeg's pipes, mediasoup workers' pipes, log files, the Electron
 * shell's own handles, the browser host.
 */
const RESERVED_DESCRIPTORS = 192;
/** Beyond this the laptop's CPU, not its descriptors, is the limit (DESIGN §11: 2,000 viewers). */
const MAX_SOCKET_BUDGET = 16_384;
const MIN_SOCKET_BUDGET = 64;

/** The soft "Max open files" of this process, or null where it cannot be read. */
export function openFileLimit(procLimits = '/proc/self/limits'): number | null {
  let text: string;
  try {
    text = readFileSync(procLimits, 'utf8');
  } catch {
    return null;
  }
  const match = /^Max open files\s+(\S+)\s+(\S+)/m.exec(text);
  if (!match) return null;
  if (match[1] === 'unlimited') return MAX_SOCKET_BUDGET * 2;
  const soft = Number(match[1]);
  return Number.isSafeInteger(soft) && soft > 0 ? soft : null;
}

/** Client sockets all servers together may hold: three quarters of what is left after the reserve. */
export function socketBudget(limit: number = openFileLimit() ?? FALLBACK_OPEN_FILE_LIMIT): number {
  const budget = Math.floor((limit - RESERVED_DESCRIPTORS) * 0.75);
  return Math.min(MAX_SOCKET_BUDGET, Math.max(MIN_SOCKET_BUDGET, budget));
}
